import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
import { HolderKind, SignatoryKind } from "../convention/convention-enums";
import { OperatorKind } from "../facility/facility-enums";
import { upsertSource } from "../provenance/source.service";
import type { UpsertCount } from "../territory/geography.import";
import { CONVENTION_SIGNATORY_TABLE, CONVENTION_TABLE, OBJECTIVE_TABLE } from "../convention/convention.table";
import { type TableDeclaration, type TableWrite, type WriteOutcome, writeTableIds } from "../db/table-writer";
import { FACILITY_APPROVAL_TABLE, FACILITY_TABLE } from "../facility/facility.table";
import { INDICATOR_VALUE_TABLE } from "../indicator/indicator.table";
import { REFERENCE_CASES } from "./reference-cases.data";
import { referenceRows } from "./reference-cases.rows";
import {
  REFERENCE_APPROVALS,
  REFERENCE_CONVENTIONS,
  REFERENCE_FACILITIES,
  REFERENCE_OBJECTIVES,
  REFERENCE_SIGNATORIES,
  referenceIndicators,
} from "./reference-cases.writes";
import { ACTIONS_SQL, COVERED_COMMUNES_SQL, REMOVED_APPROVALS_SQL, removedChildrenSql } from "./reference-cases.statements";
import type { ReferenceCase } from "./reference-cases.types";

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

// ---------------------------------------------------------------------------------------------
// Running the statements
// ---------------------------------------------------------------------------------------------

const json = (value: unknown): string => JSON.stringify(value);

const countOf = (total: number, { created, updated }: WriteOutcome): UpsertCount => ({
  created: created.length,
  updated: updated.length,
  unchanged: total - created.length - updated.length,
});

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

async function upsertIndicators(tx: EntityManager, rows: ReturnType<typeof referenceRows>["indicators"]): Promise<UpsertCount> {
  const onCommunes = rows.filter((r) => r.commune_code !== null);
  const onIntercommunalities = rows.filter((r) => r.intercommunality_siren !== null);
  const communes = await writeTableIds(tx, INDICATOR_VALUE_TABLE, referenceIndicators("commune"), onCommunes);
  const intercommunalities = await writeTableIds(tx, INDICATOR_VALUE_TABLE, referenceIndicators("intercommunality"), onIntercommunalities);
  return countOf(onCommunes.length + onIntercommunalities.length, {
    created: [...communes.created, ...intercommunalities.created],
    updated: [...communes.updated, ...intercommunalities.updated],
  });
}

/** Upserts a reference convention's children by position, then removes those at positions the dataset no longer has. */
async function replaceChildren<C extends string>(
  tx: EntityManager,
  table: TableDeclaration<C>,
  write: TableWrite<C> & { returning: "ids" },
  rows: ReadonlyArray<{ reference: string; position: number }>,
  references: readonly string[],
): Promise<ReplaceCount> {
  const written = countOf(rows.length, await writeTableIds(tx, table, write, rows));
  const [removed]: Array<{ n: number }> = await tx.query(removedChildrenSql(table.table), [json(rows), json(references)]);
  return { ...written, deleted: removed.n };
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
    const conventions = countOf(
      rows.conventions.length,
      await writeTableIds(tx, CONVENTION_TABLE, REFERENCE_CONVENTIONS, rows.conventions),
    );
    const signatories = await replaceChildren(tx, CONVENTION_SIGNATORY_TABLE, REFERENCE_SIGNATORIES, rows.signatories, references);
    const objectives = await replaceChildren(tx, OBJECTIVE_TABLE, REFERENCE_OBJECTIVES, rows.objectives, references);
    const actions = await runCounted(tx, ACTIONS_SQL, [rows.actions, references]);
    const coveredCommunes = await runCounted(tx, COVERED_COMMUNES_SQL, [references]);
    const indicators = await upsertIndicators(tx, rows.indicators);
    const facilities = countOf(rows.facilities.length, await writeTableIds(tx, FACILITY_TABLE, REFERENCE_FACILITIES, rows.facilities));
    const approvals = countOf(rows.approvals.length, await writeTableIds(tx, FACILITY_APPROVAL_TABLE, REFERENCE_APPROVALS, rows.approvals));
    const [removedApprovals]: Array<{ n: number }> = await tx.query(REMOVED_APPROVALS_SQL, [json(rows.approvals), json(rows.facilityKeys)]);
    const facilityApprovals = { ...approvals, deleted: removedApprovals.n };
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
