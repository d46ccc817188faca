import { analyticsService } from "../analytics/analytics.service";
import { HistoryStep } from "../analytics/analytics.types";
import { canReadRestricted, partnerAssociation } from "../auth/viewer";
import type { IsoDate } from "../common/date";
import { BadUserInputError } from "../common/errors";
import { checkDepartmentCode } from "../common/validate";
import type { ConventionStatus } from "../convention/convention-enums";
import { operatedBySql } from "../convention/convention.restricted";
import { daysLateSql, lateSql } from "../convention/lateness";
import { statusSql } from "../coverage/in-force";
import type { RequestScope } from "../db/request-scope";
import type { Bilan, BilanAction, BilanIndicator, BilanMeeting, BilanNote, ConventionBilan, MoneyRow, ProgressGroup } from "./bilan.types";
import { ReportNotFoundError } from "./document";

/** What a bilan is about: one convention (by reference) or every convention of a département in force during the year. */
export type BilanSubject = { kind: "convention"; reference: string } | { kind: "department"; code: string };

/** "2025-12-31" */
const dayOf = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** Years a bilan may cover: the CTG began in 2015. */
const FIRST_YEAR = 2015;

export function checkBilanYear(year: number, today: IsoDate): void {
  const last = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > last) {
    throw new BadUserInputError(`Paramètre "year" : une année de ${FIRST_YEAR} à ${last} (reçu ${year})`, "year");
  }
}

/** The day a year's bilan observes: 31 December, or today while the year runs. */
export const bilanDay = (year: number, today: IsoDate): IsoDate => {
  const end = dayOf(year, 12, 31);
  return end < today ? end : today;
};

/** Rows of one statement, keyed by convention. */
function byConvention<R extends { convention_id: number }>(rows: R[]): Map<number, R[]> {
  const map = new Map<number, R[]>();
  for (const row of rows) map.set(row.convention_id, [...(map.get(row.convention_id) ?? []), row]);
  return map;
}

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * The statements of a bilan, each over every convention of the bilan at once, with named parameters: the conventions'
 * ids, the day observed, the year, whether the caller reads every action's restricted rows, the partner association.
 */
const PARAMETER_TYPES = { ids: "int[]", asOf: "date", year: "int", readsAll: "boolean", partner: "int" } as const;
type ParameterName = keyof typeof PARAMETER_TYPES;
type Parameter = (name: ParameterName) => string;

const mayRead = (p: Parameter) => `(${p("readsAll")} OR ${operatedBySql("a.id", p("partner"))})`;

const SQL: Record<string, (p: Parameter) => string> = {
  conventions: (p) => `
    SELECT c.id, c.reference, c.title, c.department_code, ${statusSql("c", p("asOf"))} AS status,
      to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on,
      to_char(c.signed_on, 'YYYY-MM-DD') AS signed_on, coalesce(hc.name, hi.name) AS holder_name,
      c.holder_intercommunality_siren::text AS siren,
      (SELECT count(*) FROM convention_commune cc WHERE cc.convention_id = c.id)::int AS covered_communes,
      (SELECT coalesce(sum(m.population), 0) FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code
        WHERE cc.convention_id = c.id)::int AS covered_population
    FROM convention c LEFT JOIN commune hc ON hc.code = c.holder_commune_code
    LEFT JOIN intercommunality hi ON hi.siren = c.holder_intercommunality_siren
    WHERE c.id = ANY(${p("ids")}) ORDER BY c.reference`,
  signatories: (p) =>
    `SELECT convention_id, name, role FROM convention_signatory WHERE convention_id = ANY(${p("ids")}) ORDER BY convention_id, position`,
  objectives: (p) => `
    SELECT o.convention_id, o.title AS label, count(a.id)::int AS actions,
      count(a.id) FILTER (WHERE a.status = 'DONE')::int AS done, count(a.id) FILTER (WHERE ${lateSql("a", p("asOf"))})::int AS late,
      round(avg(a.progress))::int AS progress
    FROM objective o LEFT JOIN action a ON a.objective_id = o.id
    WHERE o.convention_id = ANY(${p("ids")}) GROUP BY o.id ORDER BY o.convention_id, o.position`,
  axes: (p) => `
    SELECT a.convention_id, 'Axe ' || x.number || ' : ' || x.title AS label, count(*)::int AS actions,
      count(*) FILTER (WHERE a.status = 'DONE')::int AS done, count(*) FILTER (WHERE ${lateSql("a", p("asOf"))})::int AS late,
      round(avg(a.progress))::int AS progress
    FROM action a JOIN sdsf_axis x ON x.id = a.sdsf_axis_id
    WHERE a.convention_id = ANY(${p("ids")}) GROUP BY a.convention_id, x.id ORDER BY a.convention_id, x.number`,
  actions: (p) => `
    SELECT a.convention_id, a.position, a.title, a.status, a.priority, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
      ${lateSql("a", p("asOf"))} AS late, ${daysLateSql("a", p("asOf"))} AS days_late, a.progress,
      ARRAY(SELECT coalesce(pa.name, concat_ws(', ', p.name, p.role, p.organisation))
            FROM action_pilot p LEFT JOIN partner_association pa ON pa.id = p.association_id
            WHERE p.action_id = a.id ORDER BY p.position) AS pilots
    FROM action a WHERE a.convention_id = ANY(${p("ids")})
    ORDER BY a.convention_id, 7 DESC, 8 DESC, a.position, a.id`,
  // Amounts in euros; the grouping sets give the detail and the convention's total.
  money: (p) => `
    SELECT a.convention_id, f.funder, f.year, GROUPING(f.funder, f.year) AS total,
      round(sum(f.planned), 2)::float8 AS planned, round(sum(f.actual), 2)::float8 AS actual
    FROM action_funding f JOIN action a ON a.id = f.action_id
    WHERE a.convention_id = ANY(${p("ids")}) AND ${mayRead(p)}
    GROUP BY GROUPING SETS ((a.convention_id, f.funder, f.year), (a.convention_id))
    ORDER BY a.convention_id, 4, f.year NULLS FIRST, f.funder`,
  indicators: (p) => `
    SELECT coalesce(v.convention_id, o.convention_id, a.convention_id) AS convention_id, d.label, d.unit,
      coalesce(a.title, o.title, 'Convention') AS scope, v.year, v.baseline::float8 AS baseline, v.target::float8 AS target,
      v.value::float8 AS result
    FROM indicator_value v JOIN indicator_definition d ON d.code = v.indicator
    LEFT JOIN objective o ON o.id = v.objective_id LEFT JOIN action a ON a.id = v.action_id
    WHERE v.convention_id = ANY(${p("ids")}) OR o.convention_id = ANY(${p("ids")}) OR a.convention_id = ANY(${p("ids")})
    ORDER BY 1, d.label, 4, v.year`,
  notes: (p) => `
    SELECT a.convention_id, to_char(n.noted_on, 'YYYY-MM-DD') AS noted_on, a.title AS action, n.author, n.text
    FROM action_note n JOIN action a ON a.id = n.action_id
    WHERE a.convention_id = ANY(${p("ids")}) AND extract(year FROM n.noted_on) = ${p("year")} AND (NOT n.restricted OR ${mayRead(p)})
    ORDER BY a.convention_id, n.noted_on, n.id`,
  meetings: (p) => `
    SELECT m.convention_id, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, m.kind, m.decisions,
      coalesce(sum(t.attendees), 0)::int AS attendees,
      coalesce(array_agg(t.organisation ORDER BY t.organisation) FILTER (WHERE t.organisation IS NOT NULL), '{}') AS organisations
    FROM convention_meeting m LEFT JOIN meeting_attendance t ON t.meeting_id = m.id
    WHERE m.convention_id = ANY(${p("ids")}) AND extract(year FROM m.held_on) = ${p("year")}
    GROUP BY m.id ORDER BY m.convention_id, m.held_on, m.id`,
};

type Rows = Record<
  "conventions" | "signatories" | "objectives" | "axes" | "actions" | "money" | "indicators" | "notes" | "meetings",
  Array<Record<string, unknown> & { convention_id: number }>
>;

function progressGroups(rows: Rows["objectives"] | undefined): ProgressGroup[] {
  return (rows ?? []).map((r) => ({
    label: String(r.label),
    actions: num(r.actions),
    done: num(r.done),
    late: num(r.late),
    progress: numOrNull(r.progress),
  }));
}

function indicatorsOf(rows: Rows["indicators"] | undefined): BilanIndicator[] {
  const series = new Map<string, BilanIndicator>();
  for (const r of rows ?? []) {
    const key = `${r.label}\u0000${r.scope}`;
    const indicator = series.get(key) ?? { label: String(r.label), unit: String(r.unit), scope: String(r.scope), points: [] };
    indicator.points.push({ year: num(r.year), baseline: numOrNull(r.baseline), target: numOrNull(r.target), result: numOrNull(r.result) });
    series.set(key, indicator);
  }
  return [...series.values()];
}

/** The conventions a bilan covers. */
async function conventionIds(scope: RequestScope, subject: BilanSubject, year: number): Promise<{ ids: number[]; department: string }> {
  if (subject.kind === "convention") {
    const [row]: Array<{ id: number; department_code: string }> = await scope.manager.query(
      "SELECT id, department_code FROM convention WHERE reference = $1",
      [subject.reference],
    );
    if (!row) throw new ReportNotFoundError(`Aucune convention de référence « ${subject.reference} »`);
    return { ids: [row.id], department: row.department_code };
  }
  checkDepartmentCode(subject.code, "department");
  const rows: Array<{ id: number }> = await scope.manager.query(
    `SELECT id FROM convention WHERE department_code = $1 AND stage <> 'IN_PREPARATION'
       AND (starts_on IS NULL OR starts_on <= make_date($2, 12, 31)) AND (ends_on IS NULL OR ends_on >= make_date($2, 1, 1))
     ORDER BY reference`,
    [subject.code, year],
  );
  return { ids: rows.map((r) => r.id), department: subject.code };
}

/** Gathers a bilan: a fixed number of statements whatever the number of conventions. */
export async function gatherBilan(scope: RequestScope, subject: BilanSubject, year: number): Promise<Bilan> {
  checkBilanYear(year, scope.today);
  const asOf = bilanDay(year, scope.today);
  const { ids, department } = await conventionIds(scope, subject, year);
  const readsAll = canReadRestricted(scope.viewer, department);
  const partner = partnerAssociation(scope.viewer);
  const values: Record<ParameterName, unknown> = { ids, asOf, year, readsAll, partner };
  const rows = {} as Rows;
  for (const [name, build] of Object.entries(SQL)) {
    const used: ParameterName[] = [];
    const sql = build((parameter) => {
      if (!used.includes(parameter)) used.push(parameter);
      return `$${used.indexOf(parameter) + 1}::${PARAMETER_TYPES[parameter]}`;
    });
    rows[name as keyof Rows] = await scope.manager.query(
      sql,
      used.map((parameter) => values[parameter]),
    );
  }
  const [epci, history] = await Promise.all([
    analyticsService.intercommunalityCoverage(scope, department, asOf),
    analyticsService.coverageHistory(scope, department, dayOf(year - 4, 1, 1), asOf, HistoryStep.YEAR, {
      weighted: false,
      conventions: false,
    }),
  ]);
  const grouped = Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, byConvention(list)])) as {
    [K in keyof Rows]: Map<number, Rows[K]>;
  };
  const conventions = rows.conventions.map((c): ConventionBilan => {
    const id = Number(c.id);
    const territory = epci.find((e) => e.siren === c.siren);
    return {
      id,
      reference: String(c.reference),
      title: String(c.title),
      status: c.status as ConventionStatus,
      startsOn: (c.starts_on as IsoDate | null) ?? null,
      endsOn: (c.ends_on as IsoDate | null) ?? null,
      signedOn: (c.signed_on as IsoDate | null) ?? null,
      holderName: String(c.holder_name ?? ""),
      signatories: (grouped.signatories.get(id) ?? []).map((s) => ({ name: String(s.name), role: s.role as never })),
      coveredCommuneCount: num(c.covered_communes),
      coveredPopulation: num(c.covered_population),
      territoryCoverage: territory
        ? {
            name: territory.name,
            coveredPopulationShare: territory.coveredPopulationShare,
            coveredCommuneCount: territory.coveredCommuneCount,
            communeCount: territory.communeCount,
          }
        : null,
      objectives: progressGroups(grouped.objectives.get(id)),
      sdsfAxes: progressGroups(grouped.axes.get(id)),
      actions: (grouped.actions.get(id) ?? []).map(
        (a): BilanAction => ({
          position: num(a.position),
          title: String(a.title),
          status: a.status as BilanAction["status"],
          priority: (a.priority as BilanAction["priority"]) ?? null,
          endsOn: (a.ends_on as IsoDate | null) ?? null,
          late: Boolean(a.late),
          daysLate: num(a.days_late),
          progress: numOrNull(a.progress),
          pilots: (a.pilots as string[]) ?? [],
        }),
      ),
      money:
        readsAll || partner !== null
          ? (grouped.money.get(id) ?? []).map(
              (m): MoneyRow => ({
                funder: (m.funder as MoneyRow["funder"]) ?? null,
                year: numOrNull(m.year),
                planned: numOrNull(m.planned),
                actual: numOrNull(m.actual),
              }),
            )
          : null,
      moneyPartial: !readsAll && partner !== null,
      indicators: indicatorsOf(grouped.indicators.get(id)),
      notes: (grouped.notes.get(id) ?? []).map(
        (n): BilanNote => ({
          notedOn: n.noted_on as IsoDate,
          action: String(n.action),
          author: (n.author as string) ?? null,
          text: String(n.text),
        }),
      ),
      meetings: (grouped.meetings.get(id) ?? []).map(
        (m): BilanMeeting => ({
          heldOn: m.held_on as IsoDate,
          kind: m.kind as BilanMeeting["kind"],
          attendees: num(m.attendees),
          organisations: (m.organisations as string[]) ?? [],
          decisions: (m.decisions as string | null) ?? null,
        }),
      ),
    };
  });
  return {
    subject: subject.kind === "convention" ? subject.reference : `Département ${department}`,
    year,
    asOf,
    generatedOn: scope.today,
    departmentCode: department,
    conventions,
    coverageHistory: history.map((p) => ({
      date: p.date,
      coveredPopulationShare: p.coveredPopulationShare,
      coveredPopulation: p.coveredPopulation,
      population: p.population,
    })),
  };
}
