import { FIELD_RULES } from "../../common/field-rules";
import { ensureDefinitions, indicatorValueRule } from "../../indicator/indicator-catalogue";
import type { ColumnMapping, RowReader } from "../columns";
import { normalizeKey, parseCommuneCode, parseDate, parseNumber, parseText, type Parsed, type RawValue } from "../fields";
import {
  reportDuplicates,
  tableCount,
  type CheckContext,
  type ImportKind,
  type KindOptions,
  type Located,
  type WriteContext,
  batchOptions,
} from "../kind";
import type { ProblemList } from "../problems";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { type IndicatorColumn, INDICATOR_VALUE_TABLE } from "../../indicator/indicator.table";
import { checkRowScopes, distinct } from "../vocabulary";
import { checkSourceCodes, readSourceCode, SOURCE_CODE_COLUMN, SOURCE_ID, SOURCE_INPUT, SOURCE_JOIN } from "../source-code";
import { IndicatorLevel } from "../../indicator/indicator-enums";
import { LEVEL_LABELS } from "../../indicator/indicator.plan-write";
import {
  ACTION_REF_INPUTS,
  ACTION_REF_JOINS,
  POSITION,
  actionRefFields,
  actionRefKey,
  checkActionRefs,
  checkObjectivePositions,
  type ActionRef,
} from "./action-ref";
import { parseInteger } from "../fields";

export interface Territory {
  kind: "commune" | "epci";
  code: string;
}

/** A CTG's plan as an indicator's subject: an action (by rank or title), an objective (by rank), or the convention. */
export interface PlanSubject {
  level: IndicatorLevel.ACTION | IndicatorLevel.OBJECTIVE | IndicatorLevel.CONVENTION;
  action: ActionRef;
  objectivePosition: number | null;
}

/** A value about a territory (measured: `value`) or about a CTG's plan (baseline, target and result in `value`). */
export interface IndicatorRow {
  indicator: string | null;
  year: number | null;
  territory: Territory | null;
  plan: PlanSubject | null;
  baseline: number | null;
  target: number | null;
  value: number | null;
  note: string | null;
  sourceCode: string | null;
}

/**
 * Value headers of open-data files that say which indicator they hold: a CAF file with `NB_ALLOCATAIRES`
 * needs no `--indicator`.
 */
const IMPLIED_INDICATOR: Record<string, string> = {
  nb_allocataires: "allocataires",
  nb_alloc: "allocataires",
  allocataires: "allocataires",
};

export function impliedIndicator(valueHeader: string | undefined): string | null {
  return valueHeader === undefined ? null : (IMPLIED_INDICATOR[normalizeKey(valueHeader)] ?? null);
}

/** A commune (INSEE code, its lost leading zero restored) or an EPCI (9-digit SIREN). */
export function parseTerritory(raw: RawValue): Parsed<Territory> {
  const text = String(raw).replace(/[\s\u00a0]/g, "");
  if (/^\d{9}$/.test(text)) return { ok: true, value: { kind: "epci", code: text } };
  const commune = parseCommuneCode(text);
  return commune.ok
    ? { ok: true, value: { kind: "commune", code: commune.value } }
    : { ok: false, reason: "code commune INSEE (5 caractères) ou SIREN d'EPCI (9 chiffres) attendu" };
}

/** A year, or a reference date from which the year is taken (open data often dates its figures: 31/12/2023). */
export function parseYear(raw: RawValue): Parsed<number> {
  const year = parseNumber(raw, FIELD_RULES.year);
  if (year.ok) return year;
  const date = parseDate(raw);
  return date.ok
    ? { ok: true, value: Number(date.value.slice(0, 4)) }
    : { ok: false, reason: "année attendue (ex. 2024) entre 1900 et 2100" };
}

const parseIndicator = (raw: RawValue) => parseText(raw, FIELD_RULES.indicatorCode);

/** The plan subject of a row with a convention reference: its action, else its objective, else the convention itself. */
function readPlanSubject(reader: RowReader, conventionReference: string): PlanSubject | null {
  const actionPosition = reader.field("action_position", (raw) => parseInteger(raw, POSITION));
  const actionTitle = actionPosition === null ? reader.field("action_title", (raw) => parseText(raw, FIELD_RULES.title)) : null;
  const objectivePosition = reader.field("objective_position", (raw) => parseInteger(raw, POSITION));
  if (objectivePosition !== null && (actionPosition !== null || actionTitle !== null)) {
    reader.report("objective_position", "une valeur porte sur une action ou sur un objectif, pas les deux");
    return null;
  }
  const level =
    actionPosition !== null || actionTitle !== null
      ? IndicatorLevel.ACTION
      : objectivePosition !== null
        ? IndicatorLevel.OBJECTIVE
        : IndicatorLevel.CONVENTION;
  return { level, action: { conventionReference, actionPosition, actionTitle }, objectivePosition };
}

function readIndicator(reader: RowReader, options: KindOptions): IndicatorRow {
  const indicator = reader.field("indicator", parseIndicator) ?? options.indicator ?? impliedIndicator(reader.headerOf("value"));
  // No indicator anywhere: reported once on the header by checkColumns.
  if (indicator === null) reader.reject();
  // Validated by its indicator: counts (allocataires…) are whole and never negative.
  const number = (column: string) => reader.field(column, (raw) => parseNumber(raw, indicatorValueRule(indicator)));
  const territory = reader.field("territory_code", parseTerritory);
  const conventionReference = reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference));
  const plan = conventionReference === null ? null : readPlanSubject(reader, conventionReference);
  const row: IndicatorRow = {
    indicator,
    year: reader.field("year", parseYear, { required: true }),
    territory,
    plan,
    baseline: number("baseline"),
    target: number("target"),
    value: number("value"),
    note: reader.field("note", (raw) => parseText(raw, FIELD_RULES.note)),
    sourceCode: readSourceCode(reader),
  };
  if (!reader.isValid) return row;
  if (territory !== null && conventionReference !== null) {
    reader.report("convention_reference", "une valeur porte sur un territoire ou sur une CTG, pas les deux");
  } else if (territory === null && conventionReference === null) {
    if (reader.has("territory_code") || reader.has("convention_reference")) {
      reader.report(reader.has("territory_code") ? "territory_code" : "convention_reference", "territoire ou CTG attendu", null);
    } else reader.reject();
  } else if (territory !== null) {
    if (row.baseline !== null || row.target !== null) {
      reader.report(
        row.baseline !== null ? "baseline" : "target",
        "situation de départ et cible ne concernent que les indicateurs d'une CTG",
      );
    } else if (row.value === null) {
      if (reader.has("value")) reader.report("value", "valeur obligatoire manquante", null);
      else reader.reject();
    }
  } else if (row.baseline === null && row.target === null && row.value === null) {
    reader.report(reader.has("value") ? "value" : "convention_reference", "situation de départ, cible ou résultat attendu", null);
  }
  return row;
}

/** A file of territory values needs its territories and values; a file of a CTG's values, its convention. */
function checkSubjectColumns(mapping: ColumnMapping, problems: ProblemList): void {
  const has = (column: string) => mapping.headerOf.has(column);
  if (!has("territory_code") && !has("convention_reference")) {
    problems.add(1, null, null, "colonne obligatoire absente : territory_code (ou convention_reference pour les indicateurs d'une CTG)");
  } else if (!has("convention_reference") && !has("value")) {
    problems.add(1, null, null, "colonne obligatoire absente : value");
  }
}

function checkIndicatorColumns(mapping: ColumnMapping, options: KindOptions, problems: ProblemList): void {
  if (options.indicator !== null) {
    checkSubjectColumns(mapping, problems);
    const check = parseIndicator(options.indicator);
    if (!check.ok) problems.add(1, null, options.indicator, `--indicator : ${check.reason}`);
    return;
  }
  checkSubjectColumns(mapping, problems);
  if (!mapping.headerOf.has("indicator") && impliedIndicator(mapping.headerOf.get("value")) === null) {
    problems.add(
      1,
      null,
      null,
      "indicateur inconnu : ajoutez une colonne indicator ou donnez --indicator <code> (ex. --indicator allocataires)",
    );
  }
}

const territoryKey = (t: Territory | null) => (t ? `${t.kind}:${t.code}` : null);
const planKey = (plan: PlanSubject | null) => {
  if (plan === null) return null;
  if (plan.level === IndicatorLevel.ACTION) return `action:${actionRefKey(plan.action)}`;
  return plan.level === IndicatorLevel.OBJECTIVE
    ? `objective:${plan.action.conventionReference}\u0000${plan.objectivePosition}`
    : `convention:${plan.action.conventionReference}`;
};
const indicatorKey = (row: IndicatorRow) => {
  const subject = territoryKey(row.territory) ?? planKey(row.plan);
  return row.indicator && row.year !== null && subject !== null ? `${row.indicator}\u0000${row.year}\u0000${subject}` : null;
};

function checkIndicatorRows(rows: ReadonlyArray<Located<IndicatorRow>>, problems: ProblemList): void {
  const what = "valeur (même indicateur, même année, même territoire ou même élément de la CTG)";
  const territories = rows.filter((r) => r.row.territory !== null);
  reportDuplicates(territories, indicatorKey, problems, "territory_code", (r) => r.territory?.code ?? null, what);
  const plans = rows.filter((r) => r.row.plan !== null);
  reportDuplicates(plans, indicatorKey, problems, "convention_reference", (r) => r.plan?.action.conventionReference ?? null, what);
}

/** The level of a row's subject: a territory, or the action, objective or convention of a plan. */
const levelOf = (row: IndicatorRow): IndicatorLevel | null => (row.territory ? IndicatorLevel.TERRITORY : (row.plan?.level ?? null));

async function checkIndicatorReferences(rows: ReadonlyArray<Located<IndicatorRow>>, context: CheckContext): Promise<void> {
  const { tx, viewer, problems } = context;
  await checkSourceCodes(rows, (row) => row.sourceCode, context);
  // As setIndicator: a commune's value by its département's staff; an EPCI's value by staff of each of its départements.
  // A plan's value lies where its convention lies (an unknown convention is refused by the same check).
  await checkRowScopes(tx, viewer, problems, rows, ({ territory, plan }) =>
    territory
      ? {
          owner: {
            field: "territory_code",
            ref:
              territory.kind === "commune"
                ? { kind: "commune", code: territory.code }
                : { kind: "intercommunality", siren: territory.code },
          },
        }
      : plan?.action.conventionReference
        ? { owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: plan.action.conventionReference } } }
        : null,
  );
  await checkActionRefs(rows, (row) => (row.plan?.level === IndicatorLevel.ACTION ? row.plan.action : null), context);
  await checkObjectivePositions(
    rows,
    ({ plan }) =>
      plan?.level === IndicatorLevel.OBJECTIVE && plan.action.conventionReference !== null && plan.objectivePosition !== null
        ? { conventionReference: plan.action.conventionReference, position: plan.objectivePosition }
        : null,
    context,
  );
  // A defined indicator is measured at its level only (allocataires of a commune, not of an action); a CTG's indicator
  // is of the national catalogue, as setPlanIndicatorValue requires (a territory's unknown code is defined on the way).
  const codes = distinct(rows.map((r) => r.row.indicator));
  const levels: Array<{ code: string; level: IndicatorLevel }> =
    codes.length === 0 ? [] : await tx.query(`SELECT code, level FROM indicator_definition WHERE code = ANY($1)`, [codes]);
  const levelByCode = new Map(levels.map((l) => [l.code, l.level]));
  for (const { line, row } of rows) {
    const defined = row.indicator === null ? undefined : levelByCode.get(row.indicator);
    const level = levelOf(row);
    if (level === null || row.indicator === null) continue;
    if (defined === undefined && level !== IndicatorLevel.TERRITORY) {
      problems.add(
        line,
        "indicator",
        row.indicator,
        "indicateur inconnu : un administrateur le définit d'abord (import indicator_definitions)",
      );
    } else if (defined !== undefined && defined !== level) {
      problems.add(
        line,
        "indicator",
        row.indicator,
        `l'indicateur mesure la situation ${LEVEL_LABELS[defined]}, pas ${LEVEL_LABELS[level]}`,
      );
    }
  }
}

/** Values matched on (indicator, year, commune) or (indicator, year, EPCI): the table's two partial unique keys. */
export function indicatorsWrite(present: (column: string) => boolean): TableWrite<IndicatorColumn> & { returning: "ids" } {
  const kept: IndicatorColumn[] = [
    ...(present("note") ? [] : ["note" as const]),
    ...(present("source_code") ? [] : ["source_id" as const]),
  ];
  return {
    columns: ["indicator", "year", "commune_code", "intercommunality_siren", "value", "note", "source_id"],
    computed: SOURCE_ID,
    inputs: SOURCE_INPUT,
    joins: `LEFT JOIN indicator_value tc ON tc.indicator = j.indicator AND tc.year = j.year AND tc.commune_code = j.commune_code
      LEFT JOIN indicator_value te ON te.indicator = j.indicator AND te.year = j.year AND te.intercommunality_siren = j.intercommunality_siren
      ${SOURCE_JOIN}`,
    onConflict: {
      kind: "match",
      target: "coalesce(tc.id, te.id)",
      keep: ["indicator", "year", "commune_code", "intercommunality_siren", ...kept],
    },
    audit: "indicator_value",
    returning: "ids",
  };
}

/**
 * A plan's values matched on (indicator, year) and their action, objective or convention (the table's three partial
 * unique keys, one probed per row); absent baseline, target, value and note columns keep what is stored.
 */
function planIndicatorsWrite(present: (column: string) => boolean): TableWrite<IndicatorColumn> & { returning: "ids" } {
  const absent = [
    ...(["baseline", "target", "value", "note"] as const).filter((c) => !present(c)),
    ...(present("source_code") ? [] : (["source_id"] as const)),
  ];
  return {
    columns: ["indicator", "year", "action_id", "objective_id", "convention_id", "baseline", "target", "value", "note", "source_id"],
    computed: {
      action_id: "CASE WHEN j.level = 'ACTION' THEN a.id END",
      objective_id: "o.id",
      convention_id: "CASE WHEN j.level = 'CONVENTION' THEN c.id END",
      ...SOURCE_ID,
    },
    inputs: { ...ACTION_REF_INPUTS, objective_position: "int", level: "text", ...SOURCE_INPUT },
    joins: `${ACTION_REF_JOINS}
      LEFT JOIN objective o ON j.level = 'OBJECTIVE' AND o.convention_id = c.id AND o.position = j.objective_position
      ${SOURCE_JOIN}`,
    onConflict: {
      kind: "match",
      target: `SELECT t.id FROM indicator_value t WHERE j.level = 'ACTION' AND t.action_id = a.id AND t.indicator = j.indicator AND t.year = j.year
        UNION ALL SELECT t.id FROM indicator_value t WHERE t.objective_id = o.id AND t.indicator = j.indicator AND t.year = j.year
        UNION ALL SELECT t.id FROM indicator_value t WHERE j.level = 'CONVENTION' AND t.convention_id = c.id
          AND t.indicator = j.indicator AND t.year = j.year
        LIMIT 1`,
      keep: ["indicator", "year", "action_id", "objective_id", "convention_id", ...absent],
    },
    audit: "indicator_value",
    returning: "ids",
  };
}

async function writeIndicators(rows: ReadonlyArray<Located<IndicatorRow>>, context: WriteContext) {
  const territories = rows.filter((r) => r.row.territory !== null);
  // A territory's code the hub does not know yet is defined on the way (labelled by itself), as setIndicator does.
  await ensureDefinitions(
    context.tx,
    territories.flatMap(({ row }) => (row.indicator === null ? [] : [row.indicator])),
  );
  const plans = rows.filter((r) => r.row.plan !== null);
  const created: number[] = [];
  const updated: number[] = [];
  if (territories.length > 0) {
    const outcome = await writeTableIds(
      context.tx,
      INDICATOR_VALUE_TABLE,
      indicatorsWrite(context.present),
      territories.map(({ row }) => ({
        indicator: row.indicator,
        year: row.year,
        value: row.value,
        note: row.note,
        commune_code: row.territory?.kind === "commune" ? row.territory.code : null,
        intercommunality_siren: row.territory?.kind === "epci" ? row.territory.code : null,
        source_code: row.sourceCode,
      })),
      batchOptions(context),
    );
    created.push(...outcome.created);
    updated.push(...outcome.updated);
  }
  if (plans.length > 0) {
    const outcome = await writeTableIds(
      context.tx,
      INDICATOR_VALUE_TABLE,
      planIndicatorsWrite(context.present),
      plans.map(({ row }) => {
        const plan = row.plan as PlanSubject;
        return {
          ...actionRefFields(plan.action),
          objective_position: plan.objectivePosition,
          level: plan.level,
          indicator: row.indicator,
          year: row.year,
          baseline: row.baseline,
          target: row.target,
          value: row.value,
          note: row.note,
          source_code: row.sourceCode,
        };
      }),
      batchOptions(context),
    );
    created.push(...outcome.created);
    updated.push(...outcome.updated);
  }
  return [tableCount("indicator_value", "valeurs d'indicateurs", rows.length, created.length, updated.length)];
}

export const indicatorsKind: ImportKind<IndicatorRow> = {
  name: "indicators",
  label: "valeurs d'indicateurs",
  naturalKey:
    "indicator + year + territory_code, ou indicator + year + convention_reference (+ action_position ou action_title, ou objective_position)",
  ignoreUnknownColumns: true,
  columns: [
    {
      name: "territory_code",
      aliases: [
        "codgeo",
        "code_geo",
        "code_commune",
        "code_insee",
        "insee",
        "insee_com",
        "depcom",
        "numcom",
        "com",
        "code_epci",
        "siren_epci",
        "epci",
        "siren",
        "code_territoire",
        "code",
      ],
      description:
        "Code INSEE de la commune (5 caractères ; un zéro initial perdu par un tableur est rétabli) ou SIREN de l'EPCI (9 chiffres) ; sinon convention_reference",
    },
    {
      name: "year",
      required: true,
      aliases: ["annee", "an", "millesime", "date_ref", "date_reference"],
      description: "Année (ou date de référence, dont l'année est retenue)",
    },
    {
      name: "value",
      aliases: ["valeur", "nombre", "nb", "effectif", "nb_allocataires", "nb_alloc", "allocataires", "resultat"],
      description: "Valeur (virgule décimale acceptée) : obligatoire pour un territoire ; le résultat pour une CTG",
    },
    {
      name: "indicator",
      aliases: ["indicateur", "code_indicateur"],
      description: "Code de l'indicateur (ex. allocataires) ; sinon --indicator, ou déduit d'une colonne NB_ALLOCATAIRES",
    },
    { name: "note", aliases: ["commentaire", "source"], description: "Précision (source, date)" },
    {
      name: "convention_reference",
      aliases: ["reference_convention"],
      description: "Référence de la CTG (déjà en base) d'un indicateur de CTG, au lieu de territory_code",
    },
    { name: "action_position", aliases: ["rang_action"], description: "Rang de l'action mesurée dans le plan de la CTG" },
    { name: "action_title", aliases: ["intitule_action"], description: "Intitulé de l'action mesurée (sans action_position)" },
    { name: "objective_position", aliases: ["rang_objectif"], description: "Rang de l'objectif mesuré (sans action : la CTG elle-même)" },
    { name: "baseline", aliases: ["situation_de_depart", "valeur_initiale"], description: "Situation de départ (indicateur de CTG)" },
    { name: "target", aliases: ["cible", "valeur_cible"], description: "Cible (indicateur de CTG)" },
    SOURCE_CODE_COLUMN,
  ],
  checkColumns: checkIndicatorColumns,
  read: readIndicator,
  checkRows: checkIndicatorRows,
  checkDatabase: checkIndicatorReferences,
  write: writeIndicators,
};
