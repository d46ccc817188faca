import type { EntityManager } from "typeorm";
import type { AuditedEntity } from "../audit/audit.service";

/**
 * Set-based upserts from a JSON array (`json_to_recordset`), in batches, with one audit entry per
 * created or updated row written by the same statement. A row whose values are unchanged is not
 * touched (no new version, no audit entry), so re-importing a file writes nothing.
 *
 * Two shapes, by what the schema offers:
 * - `conflict`: the natural key has a unique constraint (convention reference, SDSF axis number):
 *   `INSERT … ON CONFLICT … DO UPDATE … WHERE (…) IS DISTINCT FROM (…) RETURNING (xmax = 0)`.
 * - `target`: no usable unique constraint (actions, facilities, SDSF schemes have none; associations
 *   match on RNA else SIREN; indicators have two partial indexes). The input query resolves the
 *   matching row's id as `__target_id`; one statement updates the matched rows that differ and
 *   inserts the others. The importer holds an advisory lock, so two imports cannot both insert.
 */
export interface WrittenColumn {
  name: string;
  /** Value inserted, over the input row `r` (default `r.<name>`). May use window functions. */
  insert?: string;
  /** False: set on insert only (the file does not have the column, or it is not the file's to change). */
  update?: boolean;
  /**
   * A SET expression that is not compared, from the current row's and the incoming row's aliases
   * (e.g. a date precision kept while the date is unchanged).
   */
  merge?: (current: string, incoming: string) => string;
}

export type MatchShape = { kind: "target" } | { kind: "conflict"; target: string };

export interface UpsertSpec {
  table: string;
  entity: AuditedEntity;
  /** SELECT over `json_to_recordset($1::json)` giving the target columns by name (typed), plus `__target_id` for the `target` shape. */
  input: string;
  columns: readonly WrittenColumn[];
  shape: MatchShape;
  /** The table has `version` (optimistic locking): a real update moves it on, as the API's writes do. */
  versioned: boolean;
  /** The table has `updated_at`. */
  touched: boolean;
}

export interface Actor {
  subject: string;
  role: string;
}

export interface UpsertOutcome {
  created: number[];
  updated: number[];
}

const mergeOf = (column: WrittenColumn) => column.merge !== undefined;
const comparedOf = (column: WrittenColumn) => column.update !== false && !mergeOf(column);

function setList(spec: UpsertSpec, current: string, incoming: string): string {
  const sets = spec.columns
    .filter((c) => c.update !== false)
    .map((c) => `${c.name} = ${c.merge ? c.merge(current, incoming) : `${incoming}.${c.name}`}`);
  if (spec.versioned) sets.push(`version = ${current}.version + 1`);
  if (spec.touched) sets.push(`updated_at = now()`);
  return sets.join(", ");
}

function differs(spec: UpsertSpec, current: string, incoming: string): string {
  const compared = spec.columns.filter(comparedOf).map((c) => c.name);
  if (compared.length === 0) return "false";
  return `(${compared.map((c) => `${current}.${c}`).join(", ")}) IS DISTINCT FROM (${compared.map((c) => `${incoming}.${c}`).join(", ")})`;
}

/** The statement for one batch: $1 the rows as JSON, $2 and $3 the actor for the audit log. */
export function upsertSql(spec: UpsertSpec): string {
  const names = spec.columns.map((c) => c.name).join(", ");
  const values = spec.columns.map((c) => c.insert ?? `r.${c.name}`).join(", ");
  // Every part of one statement sees the table as it was before the statement: the subquery reads an
  // updated row's previous version (none is built for unchanged or inserted rows).
  const audit = `audit AS (
      INSERT INTO audit_entry (actor_subject, actor_role, entity, entity_id, operation, before, after)
      SELECT $2, $3, '${spec.entity}', c.id::text, CASE WHEN c.__inserted THEN 'CREATE' ELSE 'UPDATE' END,
             CASE WHEN c.__inserted THEN NULL ELSE (SELECT to_jsonb(o) FROM ${spec.table} o WHERE o.id = c.id) END,
             to_jsonb(c) - '__inserted'
      FROM changed c)
    SELECT c.id, c.__inserted AS inserted FROM changed c`;
  if (spec.shape.kind === "conflict") {
    const sets = setList(spec, "t", "excluded");
    // Nothing the file may change (and no version to move): existing rows are left as they are.
    const onConflict = sets === "" ? "DO NOTHING" : `DO UPDATE SET ${sets} WHERE ${differs(spec, "t", "excluded")}`;
    return `WITH r AS (${spec.input}),
    changed AS (
      INSERT INTO ${spec.table} AS t (${names}) SELECT ${values} FROM r
      ON CONFLICT ${spec.shape.target} ${onConflict}
      RETURNING t.*, (xmax = 0) AS __inserted),
    ${audit}`;
  }
  const table = spec.table;
  const updated = spec.columns.some((c) => c.update !== false)
    ? `UPDATE ${table} t SET ${setList(spec, "t", "r")} FROM r WHERE t.id = r.__target_id AND ${differs(spec, "t", "r")} RETURNING t.*`
    : `SELECT t.* FROM ${table} t WHERE false`;
  return `WITH r AS (${spec.input}),
    updated AS (${updated}),
    inserted AS (INSERT INTO ${table} (${names}) SELECT ${values} FROM r WHERE r.__target_id IS NULL RETURNING *),
    changed AS (SELECT u.*, false AS __inserted FROM updated u UNION ALL SELECT i.*, true FROM inserted i),
    ${audit}`;
}

/**
 * Lets the process answer other requests between two batches. The embedded database runs each statement
 * synchronously and resolves it as a microtask: without a macrotask boundary, an import served by the hub
 * (`POST /import/<kind>`) would hold its event loop, `/healthz` included, from the first batch to the last.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the upsert over `rows` in batches of `batchSize` (each batch one statement, all in the
 * caller's transaction) and returns the ids created and updated. `onBatch` reports progress.
 */
export async function upsertBatches(
  tx: EntityManager,
  spec: UpsertSpec,
  rows: readonly object[],
  actor: Actor,
  batchSize: number,
  onBatch: (rowsDone: number) => void = () => undefined,
): Promise<UpsertOutcome> {
  const sql = upsertSql(spec);
  const outcome: UpsertOutcome = { created: [], updated: [] };
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const result: Array<{ id: number; inserted: boolean }> = await tx.query(sql, [JSON.stringify(batch), actor.subject, actor.role]);
    for (const row of result) (row.inserted ? outcome.created : outcome.updated).push(row.id);
    onBatch(batch.length);
    await yieldToEventLoop();
  }
  return outcome;
}

/** Only the columns the file has are updated; the others are set on insert and left alone on update. */
export function presentOnly(
  columns: readonly WrittenColumn[],
  sourceOf: Record<string, string>,
  present: (column: string) => boolean,
): WrittenColumn[] {
  return columns.map((column) => {
    const source = sourceOf[column.name];
    return source !== undefined && !present(source) ? { ...column, update: false } : column;
  });
}
