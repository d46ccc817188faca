import { inDataTransaction } from "../db/write";
import { createRequire } from "node:module";
import type { EntityManager } from "typeorm";
import { SourceKind } from "../provenance/source.entity";
import { upsertSource } from "../provenance/source.service";
import {
  planSynthetic,
  type SyntheticCommune,
  type SyntheticDepartment,
  type SyntheticGeography,
  type SyntheticIntercommunality,
  type SyntheticPlan,
} from "./plan";

/**
 * Loads the synthetic data set into the database: a plan built in memory (see plan.ts), written with a
 * handful of set-based statements per table (`INSERT … SELECT … FROM json_to_recordset($1::json)`), in
 * batches, in one transaction. Ids of rows that have children are taken from the tables' sequences
 * beforehand, so children are written with their parents' ids without reading anything back.
 */

export const DEFAULT_SEED = 42;
export const DEFAULT_SCALE = 1;

/** Rows per statement: large enough for few round trips, small enough for a modest JSON parameter. */
const BATCH_SIZE = 10_000;

export const syntheticSourceCode = (seed: number): string => `synthetic:${seed}`;

export interface SyntheticReport {
  seed: number;
  scale: number;
  sourceCode: string;
  sourceId: number;
  /** An earlier set of the same seed was found and removed before generating. */
  replacedEarlierSet: boolean;
  territories: { selected: number; total: number };
  /** Holders left without a synthetic CTG because they already have a real one (reference cases, imports). */
  skippedHolders: string[];
  sdsfSchemes: number;
  sdsfAxes: number;
  conventions: {
    total: number;
    /** The holders' latest CTG (what a territory has now). */
    current: number;
    /** Expired CTG replaced by a renewal. */
    predecessors: number;
    intercommunal: number;
    communal: number;
    byStage: Record<string, number>;
  };
  coveredCommunes: number;
  signatories: number;
  conventionSdsfAxes: number;
  objectives: number;
  actions: { total: number; byStatus: Record<string, number> };
  associations: { total: number; withRna: number; withSiren: number };
  partnerships: { conventions: number; actions: number };
  facilities: { total: number; byKind: Record<string, number> };
  facilityApprovals: number;
  /** Indicators planned, and those written (a commune's value from another source is never overwritten). */
  indicators: { planned: number; inserted: number };
  /** Milliseconds per step: removal of an earlier set, reading the geography, planning, ids, each table's inserts. */
  stepsMs: Record<string, number>;
  durationMs: number;
}

export interface SyntheticRemoveReport {
  seed: number;
  sourceCode: string;
  found: boolean;
  deleted: Record<string, number>;
  durationMs: number;
}

export class SyntheticDataError extends Error {}

function validateOptions(seed: number, scale: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SyntheticDataError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new SyntheticDataError(`scale must be in (0, 1] (1 = the national set), got ${scale}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the geography
// ---------------------------------------------------------------------------------------------

/**
 * INSEE's type of name of each département (for "CAF de la Haute-Marne"): not stored in the database,
 * read from the geography package the database was loaded from. Null when the package cannot be read.
 */
function departmentTypeLiaison(): Map<string, number> {
  try {
    const load = createRequire(__filename);
    const rows = load("@etalab/decoupage-administratif/data/departements.json") as Array<{ code: string; typeLiaison?: number }>;
    return new Map(rows.filter((r) => typeof r.typeLiaison === "number").map((r) => [r.code, r.typeLiaison as number]));
  } catch {
    return new Map();
  }
}

/**
 * The geography already in the database. Only metropolitan and overseas départements: the collectivités
 * d'outre-mer (Saint-Pierre-et-Miquelon, Polynésie, Nouvelle-Calédonie…) have their own social-security
 * bodies, not a CAF, and sign no CTG.
 */
export async function readSyntheticGeography(manager: EntityManager): Promise<SyntheticGeography> {
  const liaison = departmentTypeLiaison();
  const departments: Array<{ code: string; name: string }> = await manager.query(
    `SELECT code, name FROM department WHERE zone IN ('METRO', 'DROM') ORDER BY code`,
  );
  const communes: Array<{
    code: string;
    name: string;
    department_code: string;
    population: number | null;
    intercommunality_siren: string | null;
  }> = await manager.query(
    `SELECT c.code, c.name, c.department_code, c.population, c.intercommunality_siren
       FROM commune c JOIN department d ON d.code = c.department_code
       WHERE d.zone IN ('METRO', 'DROM') ORDER BY c.code`,
  );
  const intercommunalities: SyntheticIntercommunality[] = await manager.query(`SELECT siren, name FROM intercommunality ORDER BY siren`);
  if (communes.length === 0) {
    throw new SyntheticDataError("no commune in the database: import the geography first (npm run import:geography)");
  }
  return {
    departments: departments.map((d): SyntheticDepartment => ({ code: d.code, name: d.name, typeLiaison: liaison.get(d.code) ?? null })),
    communes: communes.map(
      (c): SyntheticCommune => ({
        code: c.code,
        name: c.name,
        departmentCode: c.department_code,
        population: c.population,
        intercommunalitySiren: c.intercommunality_siren,
      }),
    ),
    intercommunalities,
  };
}

// ---------------------------------------------------------------------------------------------
// Statements. $1 is a JSON array of rows; $2, when present, the source id.
// ---------------------------------------------------------------------------------------------

const SCHEMES_SQL = `
  INSERT INTO sdsf_scheme (id, department_code, title, starts_on, ends_on, signatory_bodies, source_id)
  SELECT id, department_code, title, starts_on, ends_on, ARRAY(SELECT json_array_elements_text(signatory_bodies)), $2
  FROM json_to_recordset($1::json)
    AS r(id int, department_code text, title text, starts_on date, ends_on date, signatory_bodies json)`;

const AXES_SQL = `
  INSERT INTO sdsf_axis (id, scheme_id, number, title, description)
  SELECT id, scheme_id, number, title, description
  FROM json_to_recordset($1::json) AS r(id int, scheme_id int, number int, title text, description text)`;

const CONVENTIONS_SQL = `
  INSERT INTO convention (id, reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
    terminated_on, department_code, holder_kind, holder_commune_code, holder_intercommunality_siren, themes,
    bonus_territoire, is_renewal, predecessor_id, description, diagnostic_conducted_on, diagnostic_conducted_on_precision,
    diagnostic_conducted_by, diagnostic_funded_by_caf, diagnostic_summary, source_id)
  SELECT id, reference, title, stage::convention_stage, signed_on, starts_on, 'DAY'::date_precision, ends_on,
    'DAY'::date_precision, terminated_on, department_code, holder_kind::holder_kind, holder_commune_code,
    holder_intercommunality_siren, ARRAY(SELECT json_array_elements_text(themes))::theme[], bonus_territoire, is_renewal,
    predecessor_id, description, diagnostic_conducted_on,
    CASE WHEN diagnostic_conducted_on IS NULL THEN NULL ELSE 'MONTH'::date_precision END,
    diagnostic_conducted_by, diagnostic_funded_by_caf, diagnostic_summary, $2
  FROM json_to_recordset($1::json) AS r(id int, reference text, title text, stage text, signed_on date, starts_on date,
    ends_on date, terminated_on date, department_code text, holder_kind text, holder_commune_code text,
    holder_intercommunality_siren text, themes json, bonus_territoire boolean, is_renewal boolean, predecessor_id int,
    description text, diagnostic_conducted_on date, diagnostic_conducted_by text, diagnostic_funded_by_caf boolean,
    diagnostic_summary text)`;

const SIGNATORIES_SQL = `
  INSERT INTO convention_signatory (convention_id, position, kind, role, name, commune_code, intercommunality_siren, signed_on)
  SELECT convention_id, position, kind::signatory_kind, role::signatory_role, name, commune_code, intercommunality_siren, signed_on
  FROM json_to_recordset($1::json) AS r(convention_id int, position int, kind text, role text, name text,
    commune_code text, intercommunality_siren text, signed_on date)`;

const COVERAGE_SQL = `
  INSERT INTO convention_commune (convention_id, commune_code)
  SELECT convention_id, commune_code FROM json_to_recordset($1::json) AS r(convention_id int, commune_code text)`;

const CONVENTION_AXES_SQL = `
  INSERT INTO convention_sdsf_axis (convention_id, sdsf_axis_id)
  SELECT convention_id, sdsf_axis_id FROM json_to_recordset($1::json) AS r(convention_id int, sdsf_axis_id int)`;

const OBJECTIVES_SQL = `
  INSERT INTO objective (id, convention_id, position, title)
  SELECT id, convention_id, position, title
  FROM json_to_recordset($1::json) AS r(id int, convention_id int, position int, title text)`;

const ACTIONS_SQL = `
  INSERT INTO action (id, convention_id, objective_id, position, title, theme, status, starts_on, ends_on, sdsf_axis_id,
    progress, progress_note, budget, source_id)
  SELECT id, convention_id, objective_id, position, title, theme::theme, status::action_status, starts_on, ends_on,
    sdsf_axis_id, progress, progress_note, budget, $2
  FROM json_to_recordset($1::json) AS r(id int, convention_id int, objective_id int, position int, title text, theme text,
    status text, starts_on date, ends_on date, sdsf_axis_id int, progress smallint, progress_note text, budget numeric)`;

const ASSOCIATIONS_SQL = `
  INSERT INTO partner_association (id, name, rna, siren, commune_code, themes, contact_email, contact_phone, website, source_id)
  SELECT id, name, rna, siren, commune_code, ARRAY(SELECT json_array_elements_text(themes))::theme[], contact_email,
    contact_phone, website, $2
  FROM json_to_recordset($1::json) AS r(id int, name text, rna text, siren text, commune_code text, themes json,
    contact_email text, contact_phone text, website text)`;

const PARTNERSHIPS_SQL = `
  INSERT INTO partnership (association_id, convention_id, action_id, role)
  SELECT association_id, convention_id, action_id, role::partnership_role
  FROM json_to_recordset($1::json) AS r(association_id int, convention_id int, action_id int, role text)`;

const FACILITIES_SQL = `
  INSERT INTO facility (id, kind, name, commune_code, operator_kind, operator_name, operator_commune_code,
    operator_intercommunality_siren, operator_association_id, capacity, source_id)
  SELECT id, kind::facility_kind, name, commune_code, operator_kind::operator_kind, operator_name, operator_commune_code,
    operator_intercommunality_siren, operator_association_id, capacity, $2
  FROM json_to_recordset($1::json) AS r(id int, kind text, name text, commune_code text, operator_kind text,
    operator_name text, operator_commune_code text, operator_intercommunality_siren text, operator_association_id int,
    capacity int)`;

const APPROVALS_SQL = `
  INSERT INTO facility_approval (facility_id, kind, starts_on, starts_on_precision, ends_on, ends_on_precision, granted_by)
  SELECT facility_id, kind::approval_kind, starts_on, 'DAY'::date_precision, ends_on, 'DAY'::date_precision, granted_by
  FROM json_to_recordset($1::json) AS r(facility_id int, kind text, starts_on date, ends_on date, granted_by text)`;

/** A value another source recorded for the same commune, year and indicator is kept: synthetic data never overwrites. */
const INDICATORS_SQL = `
  WITH inserted AS (
    INSERT INTO indicator_value (indicator, year, commune_code, value, note, source_id)
    SELECT indicator, year, commune_code, value, 'Valeur synthétique (générée par programme)', $2
    FROM json_to_recordset($1::json) AS r(indicator text, year int, commune_code text, value numeric)
    ON CONFLICT (indicator, year, commune_code) WHERE commune_code IS NOT NULL DO NOTHING
    RETURNING 1)
  SELECT count(*)::int AS n FROM inserted`;

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** Ids for `count` new rows of `table`, taken from its serial sequence (unique even with concurrent writers). */
async function takeIds(manager: EntityManager, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows: Array<{ id: number }> = await manager.query(
    `WITH s AS (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq)
     SELECT nextval(s.seq)::int AS id FROM s, generate_series(1, $2::int)`,
    [table, count],
  );
  return rows.map((r) => r.id);
}

/** Runs an insert over `rows` in batches; returns the sum of the `n` the statement reports, if it reports one. */
async function insertBatches(
  manager: EntityManager,
  sql: string,
  rows: readonly object[],
  extra: readonly unknown[] = [],
): Promise<number> {
  let reported = 0;
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const result: Array<{ n?: number }> = await manager.query(sql, [JSON.stringify(rows.slice(start, start + BATCH_SIZE)), ...extra]);
    reported += result[0]?.n ?? 0;
  }
  return reported;
}

/** Maps a plan index to a database id; a null index stays null. */
const idOf = (ids: readonly number[], index: number | null): number | null => (index === null ? null : ids[index]);

const countBy = <T>(rows: readonly T[], key: (row: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
  return counts;
};

/** Milliseconds spent per step, for load tests: which table costs what. */
type StepTimes = Record<string, number>;

async function timed<T>(steps: StepTimes, label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    steps[label] = (steps[label] ?? 0) + Date.now() - started;
  }
}

async function writePlan(manager: EntityManager, plan: SyntheticPlan, sourceId: number, steps: StepTimes): Promise<number> {
  const ids = (table: string, count: number) => timed(steps, "ids", () => takeIds(manager, table, count));
  const insert = (label: string, sql: string, rows: readonly object[], extra: readonly unknown[] = []) =>
    timed(steps, label, () => insertBatches(manager, sql, rows, extra));
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
    SCHEMES_SQL,
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
    AXES_SQL,
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
    CONVENTIONS_SQL,
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
    SIGNATORIES_SQL,
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
    COVERAGE_SQL,
    plan.coverage.map((c) => ({
      convention_id: conventionIds[c.convention],
      commune_code: c.communeCode,
    })),
  );
  await insert(
    "conventionSdsfAxes",
    CONVENTION_AXES_SQL,
    plan.conventionAxes.map((c) => ({
      convention_id: conventionIds[c.convention],
      sdsf_axis_id: axisIds[c.axis],
    })),
  );
  await insert(
    "objectives",
    OBJECTIVES_SQL,
    plan.objectives.map((o, i) => ({
      id: objectiveIds[i],
      convention_id: conventionIds[o.convention],
      position: o.position,
      title: o.title,
    })),
  );
  await insert(
    "actions",
    ACTIONS_SQL,
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
    })),
    source,
  );
  await insert(
    "associations",
    ASSOCIATIONS_SQL,
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
    PARTNERSHIPS_SQL,
    plan.partnerships.map((p) => ({
      association_id: associationIds[p.association],
      convention_id: idOf(conventionIds, p.convention),
      action_id: idOf(actionIds, p.action),
      role: p.role,
    })),
  );
  await insert(
    "facilities",
    FACILITIES_SQL,
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
    APPROVALS_SQL,
    plan.approvals.map((a) => ({
      facility_id: facilityIds[a.facility],
      kind: a.kind,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      granted_by: a.grantedBy,
    })),
  );
  return insert(
    "indicators",
    INDICATORS_SQL,
    plan.indicators.map((r) => ({
      indicator: r.indicator,
      year: r.year,
      commune_code: r.communeCode,
      value: r.value,
    })),
    source,
  );
}

function reportOf(
  plan: SyntheticPlan,
  sourceId: number,
  replacedEarlierSet: boolean,
  indicatorsInserted: number,
  stepsMs: StepTimes,
  started: number,
): SyntheticReport {
  const predecessors = plan.conventions.filter((c) => c.isPredecessor).length;
  const communal = plan.conventions.filter((c) => c.holderCommuneCode !== null).length;
  return {
    seed: plan.seed,
    scale: plan.scale,
    sourceCode: syntheticSourceCode(plan.seed),
    sourceId,
    replacedEarlierSet,
    territories: plan.territories,
    skippedHolders: plan.skippedHolders,
    sdsfSchemes: plan.schemes.length,
    sdsfAxes: plan.axes.length,
    conventions: {
      total: plan.conventions.length,
      current: plan.conventions.length - predecessors,
      predecessors,
      intercommunal: plan.conventions.length - communal,
      communal,
      byStage: countBy(plan.conventions, (c) => c.stage),
    },
    coveredCommunes: plan.coverage.length,
    signatories: plan.signatories.length,
    conventionSdsfAxes: plan.conventionAxes.length,
    objectives: plan.objectives.length,
    actions: { total: plan.actions.length, byStatus: countBy(plan.actions, (a) => a.status) },
    associations: {
      total: plan.associations.length,
      withRna: plan.associations.filter((a) => a.rna !== null).length,
      withSiren: plan.associations.filter((a) => a.siren !== null).length,
    },
    partnerships: {
      conventions: plan.partnerships.filter((p) => p.convention !== null).length,
      actions: plan.partnerships.filter((p) => p.action !== null).length,
    },
    facilities: { total: plan.facilities.length, byKind: countBy(plan.facilities, (f) => f.kind) },
    facilityApprovals: plan.approvals.length,
    indicators: { planned: plan.indicators.length, inserted: indicatorsInserted },
    stepsMs,
    durationMs: Date.now() - started,
  };
}

// ---------------------------------------------------------------------------------------------
// Removing
// ---------------------------------------------------------------------------------------------

/**
 * Deletes every row of a synthetic source, children first. Cascades would do part of it, but explicit
 * deletes keep the order under control (signatories go before associations, so the association check
 * does not scan them) and give a count per table.
 */
const REMOVE_STEPS: ReadonlyArray<readonly [string, string]> = [
  [
    "partnerships",
    `DELETE FROM partnership p WHERE p.association_id IN (SELECT id FROM partner_association WHERE source_id = $1)
    OR p.convention_id IN (SELECT id FROM convention WHERE source_id = $1)
    OR p.action_id IN (SELECT id FROM action WHERE source_id = $1)`,
  ],
  ["facilityApprovals", `DELETE FROM facility_approval WHERE facility_id IN (SELECT id FROM facility WHERE source_id = $1)`],
  ["facilities", `DELETE FROM facility WHERE source_id = $1`],
  ["signatories", `DELETE FROM convention_signatory WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["conventionSdsfAxes", `DELETE FROM convention_sdsf_axis WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["coveredCommunes", `DELETE FROM convention_commune WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["actions", `DELETE FROM action WHERE source_id = $1 OR convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["objectives", `DELETE FROM objective WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  // A renewal points to its predecessor (ON DELETE RESTRICT): unlink before deleting both.
  ["unlinkedRenewals", `UPDATE convention SET predecessor_id = NULL WHERE source_id = $1 AND predecessor_id IS NOT NULL`],
  ["conventions", `DELETE FROM convention WHERE source_id = $1`],
  ["sdsfAxes", `DELETE FROM sdsf_axis WHERE scheme_id IN (SELECT id FROM sdsf_scheme WHERE source_id = $1)`],
  ["sdsfSchemes", `DELETE FROM sdsf_scheme WHERE source_id = $1`],
  ["indicators", `DELETE FROM indicator_value WHERE source_id = $1`],
  ["associations", `DELETE FROM partner_association WHERE source_id = $1`],
  ["sources", `DELETE FROM source WHERE id = $1`],
];

async function removeSource(manager: EntityManager, sourceId: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const [label, statement] of REMOVE_STEPS) {
    // Wrapped in a CTE so both drivers return the count the same way (TypeORM reshapes a bare DELETE's result).
    const [row]: Array<{ n: number }> = await manager.query(`WITH done AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM done`, [
      sourceId,
    ]);
    deleted[label] = row.n;
  }
  return deleted;
}

/**
 * Communes and EPCI that hold a convention already. Called once this seed's earlier set is removed (and
 * with no other seed loaded), so these are real conventions, which the synthetic set leaves alone.
 */
async function conventionHolders(manager: EntityManager): Promise<Set<string>> {
  const rows: Array<{ code: string }> = await manager.query(
    `SELECT DISTINCT coalesce(holder_commune_code, holder_intercommunality_siren) AS code FROM convention`,
  );
  return new Set(rows.map((r) => r.code));
}

async function sourceIdOf(manager: EntityManager, code: string): Promise<number | null> {
  const rows: Array<{ id: number }> = await manager.query(`SELECT id FROM source WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

/** Deletes the synthetic set of a seed (everything recorded under source `synthetic:<seed>`). */
export async function removeSynthetic(manager: EntityManager, seed: number = DEFAULT_SEED): Promise<SyntheticRemoveReport> {
  const started = Date.now();
  const sourceCode = syntheticSourceCode(seed);
  return inDataTransaction(manager, async (tx) => {
    const sourceId = await sourceIdOf(tx, sourceCode);
    const deleted = sourceId === null ? {} : await removeSource(tx, sourceId);
    return { seed, sourceCode, found: sourceId !== null, deleted, durationMs: Date.now() - started };
  });
}

/**
 * Generates the synthetic set of a seed and scale on the geography in the database, in one transaction.
 * Re-running a seed replaces its earlier set (removed first, whatever its scale). Only one seed at a time:
 * the sets of two seeds would claim the same references and RNA numbers, so a second seed is refused
 * until the first is removed.
 */
export async function generateSynthetic(manager: EntityManager, options: { seed?: number; scale?: number } = {}): Promise<SyntheticReport> {
  const started = Date.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? DEFAULT_SCALE;
  validateOptions(seed, scale);
  const sourceCode = syntheticSourceCode(seed);
  return inDataTransaction(manager, async (tx) => {
    const others: Array<{ code: string }> = await tx.query(
      `SELECT code FROM source WHERE code LIKE 'synthetic:%' AND code <> $1 ORDER BY code`,
      [sourceCode],
    );
    if (others.length > 0) {
      const codes = others.map((o) => o.code).join(", ");
      throw new SyntheticDataError(
        `another synthetic set is loaded (${codes}): remove it first (generate-synthetic --remove --seed ${others[0].code.slice("synthetic:".length)})`,
      );
    }
    const steps: StepTimes = {};
    const earlier = await sourceIdOf(tx, sourceCode);
    if (earlier !== null) await timed(steps, "removeEarlierSet", () => removeSource(tx, earlier));
    const geography = await timed(steps, "readGeography", () => readSyntheticGeography(tx));
    const holders = await conventionHolders(tx);
    const plan = await timed(steps, "plan", async () => planSynthetic(geography, { seed, scale }, holders));
    const sourceId = await upsertSource(tx, {
      code: sourceCode,
      kind: SourceKind.SYNTHETIC,
      title: "Données synthétiques générées par programme pour les démonstrations et les tests de charge (aucune donnée réelle)",
      citation:
        "Générées par ctg-hub (src/synthetic) sur la géographie officielle chargée dans la base ; " +
        "références SYN-…, associations « [synthétique] », RNA W..99….., SIREN 990…, domaine exemple.fr",
      vintage: `graine ${seed}, échelle ${scale}`,
    });
    const indicatorsInserted = await writePlan(tx, plan, sourceId, steps);
    return reportOf(plan, sourceId, earlier !== null, indicatorsInserted, steps, started);
  });
}
