import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
import { HolderKind, SignatoryKind } from "../convention/convention-enums";
import { OperatorKind } from "../facility/facility-enums";
import { upsertSource } from "../provenance/source.service";
import type { UpsertCount } from "../territory/geography.import";
import { REFERENCE_CASES } from "./reference-cases.data";
import type {
  ReferenceCase,
  ReferenceConvention,
  ReferenceFacility,
  ReferenceIndicator,
  ReferenceSignatory,
} from "./reference-cases.types";

/** What a "replace the children of these parents" step did; `deleted` counts rows the dataset no longer has. */
export interface ReplaceCount extends UpsertCount {
  deleted: number;
}

export interface ReferenceLoadReport {
  /** Sources recorded (each is upserted by its code). */
  sources: number;
  conventions: UpsertCount;
  signatories: ReplaceCount;
  objectives: ReplaceCount;
  actions: ReplaceCount;
  coveredCommunes: ReplaceCount;
  indicators: UpsertCount;
  facilities: UpsertCount;
  facilityApprovals: ReplaceCount;
  durationMs: number;
}

/**
 * Loading rules, so that a second run creates nothing and changes nothing:
 * - conventions are upserted by `reference`, facilities by (kind, name, commune): the only natural keys;
 * - a reference convention's signatories, objectives and actions are the dataset's, by position: a row at a
 *   known position is updated only if it differs (its id stays), a missing one is inserted, one at a position
 *   the dataset no longer has is deleted. Covered communes are replaced the same way, facility approvals by
 *   (facility, kind, start date);
 * - columns the dataset does not describe (an action's progress, budget, internal notes…) are left alone;
 * - every update bumps `version` (and `updated_at` where there is one), as TypeORM would on a save, so
 *   optimistic locking sees the change.
 */

type SourceIds = ReadonlyMap<string, number>;

function sourceIdOf(sourceIds: SourceIds, code: string): number {
  const id = sourceIds.get(code);
  if (id === undefined) throw new Error(`Source ${code} was not recorded`);
  return id;
}

/** The cases' conventions, each with the id of the source it was read in. */
function conventionsOf(cases: readonly ReferenceCase[], sourceIds: SourceIds) {
  return cases.flatMap((c) =>
    c.conventions.map((convention) => ({
      convention,
      sourceId: sourceIdOf(sourceIds, c.source.code),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Rows: plain, snake_case objects for json_to_recordset. Pure, so they can be tested without a database.
// ---------------------------------------------------------------------------------------------

function conventionRow(convention: ReferenceConvention, sourceId: number) {
  const { holder, diagnostic } = convention;
  return {
    reference: convention.reference,
    title: convention.title,
    stage: convention.stage,
    signed_on: convention.signedOn,
    starts_on: convention.startsOn?.date ?? null,
    starts_on_precision: convention.startsOn?.precision ?? null,
    ends_on: convention.endsOn?.date ?? null,
    ends_on_precision: convention.endsOn?.precision ?? null,
    department_code: convention.departmentCode,
    holder_kind: holder.kind,
    holder_commune_code: holder.kind === HolderKind.COMMUNE ? holder.communeCode : null,
    holder_intercommunality_siren: holder.kind === HolderKind.INTERCOMMUNALITY ? holder.intercommunalitySiren : null,
    themes: convention.themes,
    bonus_territoire: convention.bonusTerritoire,
    is_renewal: convention.isRenewal,
    diagnostic_conducted_on: diagnostic.conductedOn?.date ?? null,
    diagnostic_conducted_on_precision: diagnostic.conductedOn?.precision ?? null,
    diagnostic_conducted_by: diagnostic.conductedBy,
    diagnostic_funded_by_caf: diagnostic.fundedByCaf,
    diagnostic_summary: diagnostic.summary,
    description: convention.description,
    source_id: sourceId,
  };
}

function signatoryRow(reference: string, signatory: ReferenceSignatory, index: number) {
  return {
    reference,
    position: index + 1,
    kind: signatory.kind,
    role: signatory.role,
    name: signatory.name,
    commune_code: signatory.kind === SignatoryKind.COMMUNE ? signatory.communeCode : null,
    intercommunality_siren: signatory.kind === SignatoryKind.INTERCOMMUNALITY ? signatory.intercommunalitySiren : null,
    signed_on: signatory.signedOn,
  };
}

function indicatorRow(indicator: ReferenceIndicator, sourceId: number) {
  const { territory } = indicator;
  return {
    indicator: indicator.indicator,
    year: indicator.year,
    commune_code: "communeCode" in territory ? territory.communeCode : null,
    intercommunality_siren: "intercommunalitySiren" in territory ? territory.intercommunalitySiren : null,
    value: indicator.value,
    note: indicator.note,
    source_id: sourceId,
  };
}

/** The facility's natural key, as the SQL below matches it. */
function facilityKey(facility: ReferenceFacility) {
  return { facility_kind: facility.kind, facility_name: facility.name, facility_commune_code: facility.communeCode };
}

function facilityRow(facility: ReferenceFacility, sourceId: number) {
  const { operator } = facility;
  return {
    ...facilityKey(facility),
    operator_kind: operator?.kind ?? null,
    operator_name: operator?.name ?? null,
    operator_commune_code: operator?.kind === OperatorKind.COMMUNE ? operator.communeCode : null,
    operator_intercommunality_siren: operator?.kind === OperatorKind.INTERCOMMUNALITY ? operator.intercommunalitySiren : null,
    capacity: facility.capacity,
    description: facility.description,
    source_id: sourceId,
  };
}

function approvalRows(facility: ReferenceFacility) {
  return facility.approvals.map((approval) => ({
    ...facilityKey(facility),
    kind: approval.kind,
    starts_on: approval.startsOn?.date ?? null,
    starts_on_precision: approval.startsOn?.precision ?? null,
    ends_on: approval.endsOn?.date ?? null,
    ends_on_precision: approval.endsOn?.precision ?? null,
    granted_by: approval.grantedBy,
    description: approval.description,
  }));
}

/** Every row the load writes, shaped for the statements below. */
export function referenceRows(cases: readonly ReferenceCase[], sourceIds: SourceIds) {
  const conventions = conventionsOf(cases, sourceIds);
  const facilities = cases.flatMap((c) =>
    c.facilities.map((facility) => ({
      facility,
      sourceId: sourceIdOf(sourceIds, c.source.code),
    })),
  );
  return {
    conventionReferences: conventions.map(({ convention }) => convention.reference),
    conventions: conventions.map(({ convention, sourceId }) => conventionRow(convention, sourceId)),
    signatories: conventions.flatMap(({ convention }) =>
      convention.signatories.map((signatory, index) => signatoryRow(convention.reference, signatory, index)),
    ),
    objectives: conventions.flatMap(({ convention }) =>
      convention.objectives.map((objective, index) => ({
        reference: convention.reference,
        position: index + 1,
        title: objective.title,
        description: objective.description,
      })),
    ),
    actions: conventions.flatMap(({ convention, sourceId }) =>
      convention.actions.map((action, index) => ({
        reference: convention.reference,
        position: index + 1,
        objective_position: action.objectivePosition,
        title: action.title,
        description: action.description,
        theme: action.theme,
        status: action.status,
        source_id: sourceId,
      })),
    ),
    indicators: cases.flatMap((c) => c.indicators.map((indicator) => indicatorRow(indicator, sourceIdOf(sourceIds, c.source.code)))),
    facilityKeys: facilities.map(({ facility }) => facilityKey(facility)),
    facilities: facilities.map(({ facility, sourceId }) => facilityRow(facility, sourceId)),
    approvals: facilities.flatMap(({ facility }) => approvalRows(facility)),
  };
}

// ---------------------------------------------------------------------------------------------
// Statements. Each is one set-based statement over a JSON array ($1), so the load costs a handful of
// round trips whatever the number of cases. Child statements end in a SELECT of counts: TypeORM
// reshapes the result of a top-level UPDATE or DELETE, never that of a SELECT.
// ---------------------------------------------------------------------------------------------

const CONVENTIONS_SQL = `
  INSERT INTO convention (reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
    department_code, holder_kind, holder_commune_code, holder_intercommunality_siren, themes, bonus_territoire, is_renewal,
    diagnostic_conducted_on, diagnostic_conducted_on_precision, diagnostic_conducted_by, diagnostic_funded_by_caf,
    diagnostic_summary, description, source_id)
  SELECT reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
    department_code, holder_kind, holder_commune_code, holder_intercommunality_siren, themes, bonus_territoire, is_renewal,
    diagnostic_conducted_on, diagnostic_conducted_on_precision, diagnostic_conducted_by, diagnostic_funded_by_caf,
    diagnostic_summary, description, source_id
  FROM json_to_recordset($1::json) AS r(reference text, title text, stage convention_stage, signed_on date,
    starts_on date, starts_on_precision date_precision, ends_on date, ends_on_precision date_precision,
    department_code text, holder_kind holder_kind, holder_commune_code text, holder_intercommunality_siren text,
    themes theme[], bonus_territoire boolean, is_renewal boolean, diagnostic_conducted_on date,
    diagnostic_conducted_on_precision date_precision, diagnostic_conducted_by text, diagnostic_funded_by_caf boolean,
    diagnostic_summary text, description text, source_id int)
  ON CONFLICT (reference) DO UPDATE SET
    title = excluded.title, stage = excluded.stage, signed_on = excluded.signed_on,
    starts_on = excluded.starts_on, starts_on_precision = excluded.starts_on_precision,
    ends_on = excluded.ends_on, ends_on_precision = excluded.ends_on_precision,
    department_code = excluded.department_code, holder_kind = excluded.holder_kind,
    holder_commune_code = excluded.holder_commune_code, holder_intercommunality_siren = excluded.holder_intercommunality_siren,
    themes = excluded.themes, bonus_territoire = excluded.bonus_territoire, is_renewal = excluded.is_renewal,
    diagnostic_conducted_on = excluded.diagnostic_conducted_on,
    diagnostic_conducted_on_precision = excluded.diagnostic_conducted_on_precision,
    diagnostic_conducted_by = excluded.diagnostic_conducted_by, diagnostic_funded_by_caf = excluded.diagnostic_funded_by_caf,
    diagnostic_summary = excluded.diagnostic_summary, description = excluded.description, source_id = excluded.source_id,
    updated_at = now(), version = convention.version + 1
  WHERE (convention.title, convention.stage, convention.signed_on, convention.starts_on, convention.starts_on_precision,
    convention.ends_on, convention.ends_on_precision, convention.department_code, convention.holder_kind,
    convention.holder_commune_code, convention.holder_intercommunality_siren, convention.themes,
    convention.bonus_territoire, convention.is_renewal, convention.diagnostic_conducted_on,
    convention.diagnostic_conducted_on_precision, convention.diagnostic_conducted_by,
    convention.diagnostic_funded_by_caf, convention.diagnostic_summary, convention.description, convention.source_id)
  IS DISTINCT FROM (excluded.title, excluded.stage, excluded.signed_on, excluded.starts_on, excluded.starts_on_precision,
    excluded.ends_on, excluded.ends_on_precision, excluded.department_code, excluded.holder_kind,
    excluded.holder_commune_code, excluded.holder_intercommunality_siren, excluded.themes,
    excluded.bonus_territoire, excluded.is_renewal, excluded.diagnostic_conducted_on,
    excluded.diagnostic_conducted_on_precision, excluded.diagnostic_conducted_by,
    excluded.diagnostic_funded_by_caf, excluded.diagnostic_summary, excluded.description, excluded.source_id)
  RETURNING (xmax = 0) AS inserted`;

/** $2: the references of the dataset's conventions, whose children the statement owns. */
const SIGNATORIES_SQL = `
  WITH incoming AS (
    SELECT c.id AS convention_id, r.position, r.kind, r.role, r.name, r.commune_code, r.intercommunality_siren, r.signed_on
    FROM json_to_recordset($1::json) AS r(reference text, position int, kind signatory_kind, role signatory_role,
      name text, commune_code text, intercommunality_siren text, signed_on date)
    JOIN convention c ON c.reference = r.reference),
  upserted AS (
    INSERT INTO convention_signatory (convention_id, position, kind, role, name, commune_code, intercommunality_siren,
      association_id, signed_on)
    SELECT convention_id, position, kind, role, name, commune_code, intercommunality_siren, NULL, signed_on FROM incoming
    ON CONFLICT (convention_id, position) DO UPDATE SET
      kind = excluded.kind, role = excluded.role, name = excluded.name, commune_code = excluded.commune_code,
      intercommunality_siren = excluded.intercommunality_siren, association_id = excluded.association_id,
      signed_on = excluded.signed_on
    WHERE (convention_signatory.kind, convention_signatory.role, convention_signatory.name, convention_signatory.commune_code,
      convention_signatory.intercommunality_siren, convention_signatory.association_id, convention_signatory.signed_on)
    IS DISTINCT FROM (excluded.kind, excluded.role, excluded.name, excluded.commune_code,
      excluded.intercommunality_siren, excluded.association_id, excluded.signed_on)
    RETURNING (xmax = 0) AS inserted),
  removed AS (
    DELETE FROM convention_signatory s USING convention c
    WHERE s.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.convention_id = s.convention_id AND i.position = s.position)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM upserted WHERE inserted)::int AS created,
    (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

const OBJECTIVES_SQL = `
  WITH incoming AS (
    SELECT c.id AS convention_id, r.position, r.title, r.description
    FROM json_to_recordset($1::json) AS r(reference text, position int, title text, description text)
    JOIN convention c ON c.reference = r.reference),
  upserted AS (
    INSERT INTO objective (convention_id, position, title, description)
    SELECT convention_id, position, title, description FROM incoming
    ON CONFLICT (convention_id, position) DO UPDATE SET
      title = excluded.title, description = excluded.description, version = objective.version + 1
    WHERE (objective.title, objective.description) IS DISTINCT FROM (excluded.title, excluded.description)
    RETURNING (xmax = 0) AS inserted),
  removed AS (
    DELETE FROM objective o USING convention c
    WHERE o.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.convention_id = o.convention_id AND i.position = o.position)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM upserted WHERE inserted)::int AS created,
    (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

/**
 * action has no unique (convention_id, position), so there is no ON CONFLICT: the statement updates the
 * row at each known position (the oldest, if someone added a duplicate), inserts the missing ones and
 * deletes the others. Runs after the objectives, whose ids it looks up by position.
 */
const ACTIONS_SQL = `
  WITH incoming AS (
    SELECT c.id AS convention_id, r.position, o.id AS objective_id, r.title, r.description, r.theme, r.status, r.source_id
    FROM json_to_recordset($1::json) AS r(reference text, position int, objective_position int, title text,
      description text, theme theme, status action_status, source_id int)
    JOIN convention c ON c.reference = r.reference
    LEFT JOIN objective o ON o.convention_id = c.id AND o.position = r.objective_position),
  kept AS (
    SELECT min(a.id) AS id FROM action a JOIN incoming i ON i.convention_id = a.convention_id AND i.position = a.position
    GROUP BY a.convention_id, a.position),
  updated AS (
    UPDATE action a SET objective_id = i.objective_id, title = i.title, description = i.description, theme = i.theme,
      status = i.status, source_id = i.source_id, updated_at = now(), version = a.version + 1
    FROM incoming i
    WHERE a.convention_id = i.convention_id AND a.position = i.position AND a.id IN (SELECT id FROM kept)
      AND (a.objective_id, a.title, a.description, a.theme, a.status, a.source_id)
        IS DISTINCT FROM (i.objective_id, i.title, i.description, i.theme, i.status, i.source_id)
    RETURNING a.id),
  inserted AS (
    INSERT INTO action (convention_id, objective_id, position, title, description, theme, status, source_id)
    SELECT i.convention_id, i.objective_id, i.position, i.title, i.description, i.theme, i.status, i.source_id
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM action a WHERE a.convention_id = i.convention_id AND a.position = i.position)
    RETURNING id),
  removed AS (
    DELETE FROM action a USING convention c
    WHERE a.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND a.id NOT IN (SELECT id FROM kept)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    (SELECT count(*) FROM updated)::int AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

/** A convention covers its holder: the commune itself, or the EPCI's member communes as the geography has them. */
const COVERED_COMMUNES_SQL = `
  WITH scope AS (
    SELECT c.id, c.holder_kind, c.holder_commune_code, c.holder_intercommunality_siren
    FROM json_array_elements_text($1::json) AS r(reference) JOIN convention c ON c.reference = r.reference),
  incoming AS (
    SELECT s.id AS convention_id, m.code AS commune_code
    FROM scope s JOIN commune m ON m.intercommunality_siren = s.holder_intercommunality_siren
    WHERE s.holder_kind = 'INTERCOMMUNALITY'
    UNION ALL
    SELECT s.id, s.holder_commune_code FROM scope s WHERE s.holder_kind = 'COMMUNE'),
  inserted AS (
    INSERT INTO convention_commune (convention_id, commune_code)
    SELECT convention_id, commune_code FROM incoming
    ON CONFLICT DO NOTHING
    RETURNING 1),
  removed AS (
    DELETE FROM convention_commune cc USING scope s
    WHERE cc.convention_id = s.id
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.convention_id = cc.convention_id AND i.commune_code = cc.commune_code)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    0 AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

/** Indicators are facts about a territory, not children of a case: upserted on the table's unique keys, never deleted. */
function indicatorsSql(territoryColumn: "commune_code" | "intercommunality_siren"): string {
  return `
  INSERT INTO indicator_value (indicator, year, commune_code, intercommunality_siren, value, note, source_id)
  SELECT indicator, year, commune_code, intercommunality_siren, value, note, source_id
  FROM json_to_recordset($1::json) AS r(indicator text, year int, commune_code text, intercommunality_siren text,
    value numeric, note text, source_id int)
  WHERE r.${territoryColumn} IS NOT NULL
  ON CONFLICT (indicator, year, ${territoryColumn}) WHERE ${territoryColumn} IS NOT NULL DO UPDATE SET
    value = excluded.value, note = excluded.note, source_id = excluded.source_id
  WHERE (indicator_value.value, indicator_value.note, indicator_value.source_id)
    IS DISTINCT FROM (excluded.value, excluded.note, excluded.source_id)
  RETURNING (xmax = 0) AS inserted`;
}

/** facility has no unique key: matched on (kind, name, commune), updated when different, inserted when absent. */
const FACILITIES_SQL = `
  WITH incoming AS (
    SELECT * FROM json_to_recordset($1::json) AS r(facility_kind facility_kind, facility_name text,
      facility_commune_code text, operator_kind operator_kind, operator_name text, operator_commune_code text,
      operator_intercommunality_siren text, capacity int, description text, source_id int)),
  updated AS (
    UPDATE facility f SET operator_kind = i.operator_kind, operator_name = i.operator_name,
      operator_commune_code = i.operator_commune_code, operator_intercommunality_siren = i.operator_intercommunality_siren,
      capacity = i.capacity, description = i.description, source_id = i.source_id, version = f.version + 1
    FROM incoming i
    WHERE f.kind = i.facility_kind AND f.name = i.facility_name AND f.commune_code = i.facility_commune_code
      AND (f.operator_kind, f.operator_name, f.operator_commune_code, f.operator_intercommunality_siren, f.capacity,
        f.description, f.source_id)
      IS DISTINCT FROM (i.operator_kind, i.operator_name, i.operator_commune_code, i.operator_intercommunality_siren,
        i.capacity, i.description, i.source_id)
    RETURNING f.id),
  inserted AS (
    INSERT INTO facility (kind, name, commune_code, operator_kind, operator_name, operator_commune_code,
      operator_intercommunality_siren, capacity, description, source_id)
    SELECT facility_kind, facility_name, facility_commune_code, operator_kind, operator_name, operator_commune_code,
      operator_intercommunality_siren, capacity, description, source_id
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM facility f
      WHERE f.kind = i.facility_kind AND f.name = i.facility_name AND f.commune_code = i.facility_commune_code)
    RETURNING id)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    (SELECT count(*) FROM updated)::int AS updated`;

/** Approvals of the dataset's facilities ($2: their keys), matched on (facility, kind, start date). */
const APPROVALS_SQL = `
  WITH incoming AS (
    SELECT f.id AS facility_id, r.kind, r.starts_on, r.starts_on_precision, r.ends_on, r.ends_on_precision,
      r.granted_by, r.description
    FROM json_to_recordset($1::json) AS r(facility_kind facility_kind, facility_name text, facility_commune_code text,
      kind approval_kind, starts_on date, starts_on_precision date_precision, ends_on date,
      ends_on_precision date_precision, granted_by text, description text)
    JOIN facility f ON f.kind = r.facility_kind AND f.name = r.facility_name AND f.commune_code = r.facility_commune_code),
  scope AS (
    SELECT f.id
    FROM json_to_recordset($2::json) AS k(facility_kind facility_kind, facility_name text, facility_commune_code text)
    JOIN facility f ON f.kind = k.facility_kind AND f.name = k.facility_name AND f.commune_code = k.facility_commune_code),
  updated AS (
    UPDATE facility_approval a SET starts_on_precision = i.starts_on_precision, ends_on = i.ends_on,
      ends_on_precision = i.ends_on_precision, granted_by = i.granted_by, description = i.description
    FROM incoming i
    WHERE a.facility_id = i.facility_id AND a.kind = i.kind AND a.starts_on IS NOT DISTINCT FROM i.starts_on
      AND (a.starts_on_precision, a.ends_on, a.ends_on_precision, a.granted_by, a.description)
        IS DISTINCT FROM (i.starts_on_precision, i.ends_on, i.ends_on_precision, i.granted_by, i.description)
    RETURNING a.id),
  inserted AS (
    INSERT INTO facility_approval (facility_id, kind, starts_on, starts_on_precision, ends_on, ends_on_precision,
      granted_by, description)
    SELECT facility_id, kind, starts_on, starts_on_precision, ends_on, ends_on_precision, granted_by, description
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM facility_approval a
      WHERE a.facility_id = i.facility_id AND a.kind = i.kind AND a.starts_on IS NOT DISTINCT FROM i.starts_on)
    RETURNING id),
  removed AS (
    DELETE FROM facility_approval a
    WHERE a.facility_id IN (SELECT id FROM scope)
      AND NOT EXISTS (SELECT 1 FROM incoming i
        WHERE i.facility_id = a.facility_id AND i.kind = a.kind AND i.starts_on IS NOT DISTINCT FROM a.starts_on)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    (SELECT count(*) FROM updated)::int AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

// ---------------------------------------------------------------------------------------------
// Running the statements
// ---------------------------------------------------------------------------------------------

const json = (value: unknown): string => JSON.stringify(value);

/** Runs an INSERT … ON CONFLICT … RETURNING (xmax = 0) AS inserted over rows, and counts what it did. */
async function upsertRows(manager: EntityManager, sql: string, rows: readonly object[]): Promise<UpsertCount> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const result: Array<{ inserted: boolean }> = await manager.query(sql, [json(rows)]);
  const created = result.filter((r) => r.inserted).length;
  const updated = result.length - created;
  return { created, updated, unchanged: rows.length - created - updated };
}

interface CountRow {
  total: number;
  created: number;
  updated: number;
  deleted?: number;
}

/** Runs one of the counting statements above; rows the statement matched but did not write are "unchanged". */
async function runCounted(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<ReplaceCount> {
  const [row]: CountRow[] = await manager.query(sql, parameters.map(json));
  return {
    created: row.created,
    updated: row.updated,
    unchanged: row.total - row.created - row.updated,
    deleted: row.deleted ?? 0,
  };
}

/** For a statement that never deletes (facilities: other sources may have recorded more). */
function upsertCountOf({ created, updated, unchanged }: ReplaceCount): UpsertCount {
  return { created, updated, unchanged };
}

async function upsertIndicators(manager: EntityManager, rows: ReturnType<typeof referenceRows>["indicators"]) {
  const onCommunes = await upsertRows(
    manager,
    indicatorsSql("commune_code"),
    rows.filter((r) => r.commune_code !== null),
  );
  const onIntercommunalities = await upsertRows(
    manager,
    indicatorsSql("intercommunality_siren"),
    rows.filter((r) => r.intercommunality_siren !== null),
  );
  return {
    created: onCommunes.created + onIntercommunalities.created,
    updated: onCommunes.updated + onIntercommunalities.updated,
    unchanged: onCommunes.unchanged + onIntercommunalities.unchanged,
  };
}

/** Every commune and EPCI the cases name, so a missing geography fails with a clear message, not a foreign key error. */
function territoriesNamed(cases: readonly ReferenceCase[]): { communes: Set<string>; intercommunalities: Set<string> } {
  const communes = new Set<string>();
  const intercommunalities = new Set<string>();
  for (const c of cases) {
    for (const convention of c.conventions) {
      const { holder } = convention;
      if (holder.kind === HolderKind.COMMUNE) communes.add(holder.communeCode);
      else intercommunalities.add(holder.intercommunalitySiren);
      for (const s of convention.signatories) {
        if (s.kind === SignatoryKind.COMMUNE) communes.add(s.communeCode);
        if (s.kind === SignatoryKind.INTERCOMMUNALITY) intercommunalities.add(s.intercommunalitySiren);
      }
    }
    for (const { territory } of c.indicators) {
      if ("communeCode" in territory) communes.add(territory.communeCode);
      else intercommunalities.add(territory.intercommunalitySiren);
    }
    for (const facility of c.facilities) {
      communes.add(facility.communeCode);
      if (facility.operator?.kind === OperatorKind.COMMUNE) communes.add(facility.operator.communeCode);
      if (facility.operator?.kind === OperatorKind.INTERCOMMUNALITY) {
        intercommunalities.add(facility.operator.intercommunalitySiren);
      }
    }
  }
  return { communes, intercommunalities };
}

async function missingCodes(manager: EntityManager, table: "commune" | "intercommunality", codes: Set<string>) {
  const column = table === "commune" ? "code" : "siren";
  const rows: Array<{ code: string }> = await manager.query(
    `SELECT r.code FROM json_array_elements_text($1::json) AS r(code)
     WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${column} = r.code) ORDER BY r.code`,
    [json([...codes])],
  );
  return rows.map((r) => r.code);
}

/** The reference cases sit on the national geography: refuse to load them without it. */
async function assertGeographyLoaded(manager: EntityManager, cases: readonly ReferenceCase[]): Promise<void> {
  const named = territoriesNamed(cases);
  const communes = await missingCodes(manager, "commune", named.communes);
  const intercommunalities = await missingCodes(manager, "intercommunality", named.intercommunalities);
  if (communes.length + intercommunalities.length > 0) {
    throw new Error(
      `Reference cases name territories missing from the database (communes: ${communes.join(", ") || "none"}; ` +
        `EPCI: ${intercommunalities.join(", ") || "none"}): import the geography first`,
    );
  }
}

async function recordSources(manager: EntityManager, cases: readonly ReferenceCase[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const { source } of cases) {
    ids.set(source.code, await upsertSource(manager, { ...source, vintage: null }));
  }
  return ids;
}

/**
 * Loads the bundled reference cases (real, published CTG and facilities) in one transaction.
 * Idempotent: a second run reports everything unchanged and writes nothing. Needs the geography.
 */
export async function loadReferenceCases(
  manager: EntityManager,
  cases: readonly ReferenceCase[] = REFERENCE_CASES,
): Promise<ReferenceLoadReport> {
  const started = Date.now();
  return inDataTransaction(manager, async (tx) => {
    await assertGeographyLoaded(tx, cases);
    const sourceIds = await recordSources(tx, cases);
    const rows = referenceRows(cases, sourceIds);
    const references = rows.conventionReferences;
    const conventions = await upsertRows(tx, CONVENTIONS_SQL, rows.conventions);
    const signatories = await runCounted(tx, SIGNATORIES_SQL, [rows.signatories, references]);
    const objectives = await runCounted(tx, OBJECTIVES_SQL, [rows.objectives, references]);
    const actions = await runCounted(tx, ACTIONS_SQL, [rows.actions, references]);
    const coveredCommunes = await runCounted(tx, COVERED_COMMUNES_SQL, [references]);
    const indicators = await upsertIndicators(tx, rows.indicators);
    const facilities = upsertCountOf(await runCounted(tx, FACILITIES_SQL, [rows.facilities]));
    const facilityApprovals = await runCounted(tx, APPROVALS_SQL, [rows.approvals, rows.facilityKeys]);
    return {
      sources: sourceIds.size,
      conventions,
      signatories,
      objectives,
      actions,
      coveredCommunes,
      indicators,
      facilities,
      facilityApprovals,
      durationMs: Date.now() - started,
    };
  });
}
