import type { EntityManager } from "typeorm";
import { PARTNER_ASSOCIATION_TABLE, type PartnerAssociationColumn } from "../association/association.table";
import {
  ACTION_TABLE,
  CONVENTION_COMMUNE_TABLE,
  CONVENTION_SDSF_AXIS_TABLE,
  CONVENTION_SIGNATORY_TABLE,
  CONVENTION_TABLE,
  OBJECTIVE_TABLE,
  PARTNERSHIP_TABLE,
  type ConventionColumn,
} from "../convention/convention.table";
import { type TableDeclaration, type TableRow, type TableWrite, writeTable } from "../db/table-writer";
import { FACILITY_APPROVAL_TABLE, FACILITY_TABLE, type FacilityColumn } from "../facility/facility.table";
import { INDICATOR_VALUE_TABLE } from "../indicator/indicator.table";
import { SDSF_AXIS_TABLE, SDSF_SCHEME_TABLE } from "../sdsf/sdsf.table";
import type { SyntheticPlan } from "./plan.types";
import type { ParentIds } from "./synthetic.write.followup";

/** Rows per statement: large enough for few round trips, small enough for a modest JSON parameter. */
const BATCH_SIZE = 10_000;

// ---------------------------------------------------------------------------------------------
// What each table gets: new rows (ids of parents taken beforehand), through the table's one writer
// (src/db/table-writer.ts), in batches of set-based statements. `$2`, where named, is the source id.
// ---------------------------------------------------------------------------------------------

type SdsfSchemeColumn = keyof typeof SDSF_SCHEME_TABLE.columns;
type SdsfAxisColumn = keyof typeof SDSF_AXIS_TABLE.columns;
type SignatoryColumn = keyof typeof CONVENTION_SIGNATORY_TABLE.columns;
type ObjectiveColumn = keyof typeof OBJECTIVE_TABLE.columns;
type ActionColumn = keyof typeof ACTION_TABLE.columns;

export type Insert<C extends string> = TableWrite<C> & { returning: "none" };

/** New rows of `columns`, the computed ones evaluated in SQL. */
export function inserting<C extends string>(columns: readonly C[], computed: { readonly [K in C]?: string } = {}): Insert<C> {
  return { columns, computed, onConflict: { kind: "insert" }, returning: "none" };
}

export const FROM_SOURCE = "$2";
const TO_THE_DAY = "'DAY'";

const SCHEMES = inserting<SdsfSchemeColumn>(["id", "department_code", "title", "starts_on", "ends_on", "signatory_bodies", "source_id"], {
  source_id: FROM_SOURCE,
});
const AXES = inserting<SdsfAxisColumn>(["id", "scheme_id", "number", "title", "description"]);

/** Conventions: dates are to the day, diagnostics to the month. */
const CONVENTIONS = inserting<ConventionColumn>(
  [
    "id",
    "reference",
    "title",
    "stage",
    "signed_on",
    "starts_on",
    "starts_on_precision",
    "ends_on",
    "ends_on_precision",
    "terminated_on",
    "department_code",
    "holder_kind",
    "holder_commune_code",
    "holder_intercommunality_siren",
    "themes",
    "bonus_territoire",
    "is_renewal",
    "predecessor_id",
    "description",
    "diagnostic_conducted_on",
    "diagnostic_conducted_on_precision",
    "diagnostic_conducted_by",
    "diagnostic_funded_by_caf",
    "diagnostic_summary",
    "source_id",
  ],
  {
    starts_on_precision: TO_THE_DAY,
    ends_on_precision: TO_THE_DAY,
    diagnostic_conducted_on_precision: "CASE WHEN j.diagnostic_conducted_on IS NULL THEN NULL ELSE 'MONTH' END",
    source_id: FROM_SOURCE,
  },
);
const SIGNATORIES = inserting<SignatoryColumn>([
  "convention_id",
  "position",
  "kind",
  "role",
  "name",
  "commune_code",
  "intercommunality_siren",
  "signed_on",
]);
const COVERAGE = inserting<keyof typeof CONVENTION_COMMUNE_TABLE.columns>(["convention_id", "commune_code"]);
const CONVENTION_AXES = inserting<keyof typeof CONVENTION_SDSF_AXIS_TABLE.columns>(["convention_id", "sdsf_axis_id"]);
const OBJECTIVES = inserting<ObjectiveColumn>(["id", "convention_id", "position", "title"]);
const ACTIONS = inserting<ActionColumn>(
  [
    "id",
    "convention_id",
    "objective_id",
    "position",
    "title",
    "theme",
    "status",
    "starts_on",
    "ends_on",
    "sdsf_axis_id",
    "progress",
    "progress_note",
    "budget",
    "priority",
    "target_publics",
    "source_id",
  ],
  { source_id: FROM_SOURCE },
);
const ASSOCIATIONS = inserting<PartnerAssociationColumn>(
  ["id", "name", "rna", "siren", "commune_code", "themes", "contact_email", "contact_phone", "website", "source_id"],
  { source_id: FROM_SOURCE },
);
const PARTNERSHIPS = inserting<keyof typeof PARTNERSHIP_TABLE.columns>(["association_id", "convention_id", "action_id", "role"]);
const FACILITIES = inserting<FacilityColumn>(
  [
    "id",
    "kind",
    "name",
    "commune_code",
    "operator_kind",
    "operator_name",
    "operator_commune_code",
    "operator_intercommunality_siren",
    "operator_association_id",
    "capacity",
    "source_id",
  ],
  { source_id: FROM_SOURCE },
);
const APPROVALS = inserting<keyof typeof FACILITY_APPROVAL_TABLE.columns>(
  ["facility_id", "kind", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision", "granted_by"],
  { starts_on_precision: TO_THE_DAY, ends_on_precision: TO_THE_DAY },
);
/** A value another source recorded for the same commune, year and indicator is kept: synthetic data never overwrites. */
const INDICATORS: Insert<keyof typeof INDICATOR_VALUE_TABLE.columns> = {
  ...inserting<keyof typeof INDICATOR_VALUE_TABLE.columns>(["indicator", "year", "commune_code", "value", "note", "source_id"], {
    note: "'Valeur synthétique (générée par programme)'",
    source_id: FROM_SOURCE,
  }),
  onConflict: { kind: "skip" },
};

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** Ids for `count` new rows of `table`, taken from its serial sequence (unique even with concurrent writers). */
export async function takeIds(manager: EntityManager, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows: Array<{ id: number }> = await manager.query(
    `WITH s AS (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq)
     SELECT nextval(s.seq)::int AS id FROM s, generate_series(1, $2::int)`,
    [table, count],
  );
  return rows.map((r) => r.id);
}

/** Maps a plan index to a database id; a null index stays null. */
export const idOf = (ids: readonly number[], index: number | null): number | null => (index === null ? null : ids[index]);

export const countBy = <T>(rows: readonly T[], key: (row: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
  return counts;
};

/** Milliseconds spent per step, for load tests: which table costs what. */
export type StepTimes = Record<string, number>;

export async function timed<T>(steps: StepTimes, label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    steps[label] = (steps[label] ?? 0) + Date.now() - started;
  }
}

/** Writes the plan's rows but its follow-up; answers the indicators inserted and the ids the follow-up points to. */
export async function writePlan(
  manager: EntityManager,
  plan: SyntheticPlan,
  sourceId: number,
  steps: StepTimes,
): Promise<{ indicatorsInserted: number; ids: ParentIds }> {
  const ids = (table: string, count: number) => timed(steps, "ids", () => takeIds(manager, table, count));
  const insert = <C extends string>(
    label: string,
    table: TableDeclaration<C>,
    write: Insert<C>,
    rows: readonly TableRow[],
    parameters: readonly unknown[] = [],
  ) => timed(steps, label, () => writeTable(manager, table, write, rows, { parameters, batchSize: BATCH_SIZE }));
  const schemeIds = await ids("sdsf_scheme", plan.schemes.length);
  const axisIds = await ids("sdsf_axis", plan.axes.length);
  const conventionIds = await ids("convention", plan.conventions.length);
  const objectiveIds = await ids("objective", plan.objectives.length);
  const actionIds = await ids("action", plan.actions.length);
  const associationIds = await ids("partner_association", plan.associations.length);
  const facilityIds = await ids("facility", plan.facilities.length);
  const source = [sourceId];

  await insert(
    "sdsfSchemes",
    SDSF_SCHEME_TABLE,
    SCHEMES,
    plan.schemes.map((s, i) => ({
      id: schemeIds[i],
      department_code: s.departmentCode,
      title: s.title,
      starts_on: s.startsOn,
      ends_on: s.endsOn,
      signatory_bodies: s.signatoryBodies,
    })),
    source,
  );
  await insert(
    "sdsfAxes",
    SDSF_AXIS_TABLE,
    AXES,
    plan.axes.map((a, i) => ({
      id: axisIds[i],
      scheme_id: schemeIds[a.scheme],
      number: a.number,
      title: a.title,
      description: a.description,
    })),
  );
  // Predecessors come before their successors in the plan, so a batch never points to a later one.
  await insert(
    "conventions",
    CONVENTION_TABLE,
    CONVENTIONS,
    plan.conventions.map((c, i) => ({
      id: conventionIds[i],
      reference: c.reference,
      title: c.title,
      stage: c.stage,
      signed_on: c.signedOn,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      terminated_on: c.terminatedOn,
      department_code: c.departmentCode,
      holder_kind: c.holderKind,
      holder_commune_code: c.holderCommuneCode,
      holder_intercommunality_siren: c.holderIntercommunalitySiren,
      themes: c.themes,
      bonus_territoire: c.bonusTerritoire,
      is_renewal: c.isRenewal,
      predecessor_id: idOf(conventionIds, c.predecessor),
      description: c.description,
      diagnostic_conducted_on: c.diagnosticConductedOn,
      diagnostic_conducted_by: c.diagnosticConductedBy,
      diagnostic_funded_by_caf: c.diagnosticFundedByCaf,
      diagnostic_summary: c.diagnosticSummary,
    })),
    source,
  );
  await insert(
    "signatories",
    CONVENTION_SIGNATORY_TABLE,
    SIGNATORIES,
    plan.signatories.map((s) => ({
      convention_id: conventionIds[s.convention],
      position: s.position,
      kind: s.kind,
      role: s.role,
      name: s.name,
      commune_code: s.communeCode,
      intercommunality_siren: s.intercommunalitySiren,
      signed_on: s.signedOn,
    })),
  );
  await insert(
    "coveredCommunes",
    CONVENTION_COMMUNE_TABLE,
    COVERAGE,
    plan.coverage.map((c) => ({
      convention_id: conventionIds[c.convention],
      commune_code: c.communeCode,
    })),
  );
  await insert(
    "conventionSdsfAxes",
    CONVENTION_SDSF_AXIS_TABLE,
    CONVENTION_AXES,
    plan.conventionAxes.map((c) => ({
      convention_id: conventionIds[c.convention],
      sdsf_axis_id: axisIds[c.axis],
    })),
  );
  await insert(
    "objectives",
    OBJECTIVE_TABLE,
    OBJECTIVES,
    plan.objectives.map((o, i) => ({
      id: objectiveIds[i],
      convention_id: conventionIds[o.convention],
      position: o.position,
      title: o.title,
    })),
  );
  await insert(
    "actions",
    ACTION_TABLE,
    ACTIONS,
    plan.actions.map((a, i) => ({
      id: actionIds[i],
      convention_id: conventionIds[a.convention],
      objective_id: idOf(objectiveIds, a.objective),
      position: a.position,
      title: a.title,
      theme: a.theme,
      status: a.status,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      sdsf_axis_id: idOf(axisIds, a.axis),
      progress: a.progress,
      progress_note: a.progressNote,
      budget: a.budget,
      priority: a.priority ?? null,
      target_publics: a.targetPublics ?? [],
    })),
    source,
  );
  await insert(
    "associations",
    PARTNER_ASSOCIATION_TABLE,
    ASSOCIATIONS,
    plan.associations.map((a, i) => ({
      id: associationIds[i],
      name: a.name,
      rna: a.rna,
      siren: a.siren,
      commune_code: a.communeCode,
      themes: a.themes,
      contact_email: a.contactEmail,
      contact_phone: a.contactPhone,
      website: a.website,
    })),
    source,
  );
  await insert(
    "partnerships",
    PARTNERSHIP_TABLE,
    PARTNERSHIPS,
    plan.partnerships.map((p) => ({
      association_id: associationIds[p.association],
      convention_id: idOf(conventionIds, p.convention),
      action_id: idOf(actionIds, p.action),
      role: p.role,
    })),
  );
  await insert(
    "facilities",
    FACILITY_TABLE,
    FACILITIES,
    plan.facilities.map((f, i) => ({
      id: facilityIds[i],
      kind: f.kind,
      name: f.name,
      commune_code: f.communeCode,
      operator_kind: f.operatorKind,
      operator_name: f.operatorName,
      operator_commune_code: f.operatorCommuneCode,
      operator_intercommunality_siren: f.operatorIntercommunalitySiren,
      operator_association_id: idOf(associationIds, f.operatorAssociation),
      capacity: f.capacity,
    })),
    source,
  );
  await insert(
    "facilityApprovals",
    FACILITY_APPROVAL_TABLE,
    APPROVALS,
    plan.approvals.map((a) => ({
      facility_id: facilityIds[a.facility],
      kind: a.kind,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      granted_by: a.grantedBy,
    })),
  );
  const indicatorsInserted = await insert(
    "indicators",
    INDICATOR_VALUE_TABLE,
    INDICATORS,
    plan.indicators.map((r) => ({
      indicator: r.indicator,
      year: r.year,
      commune_code: r.communeCode,
      value: r.value,
    })),
    source,
  );
  return {
    indicatorsInserted,
    ids: { conventions: conventionIds, objectives: objectiveIds, actions: actionIds, associations: associationIds },
  };
}
