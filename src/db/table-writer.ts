import type { EntityManager } from "typeorm";
import { currentCommuneCodeSql } from "../common/codes";
import { FIELD_RULES, type FieldRule } from "../common/field-rules";

/**
 * One writer per table. A table declares its columns once (SQL type, and the field rule a value must pass,
 * from src/common/field-rules.ts), its natural key and its bookkeeping columns (`*.table.ts` in each domain);
 * every path that writes rows of it — mutations, imports, reference cases, the synthetic generator — builds
 * its statement here from that declaration. Each statement is set-based: the rows travel as one JSON array
 * (`json_to_recordset($1::json)`), so a batch of 10,000 rows is one round trip, and a mutation's one row
 * goes the same way.
 */
export interface ColumnDeclaration {
  /** The column's SQL type, as `json_to_recordset` reads a JSON value into it (`text`, `theme[]`, `date_precision`…). */
  readonly type: string;
  /** What a value may be (null aside): checked before the statement, so no path stores what another refuses. */
  readonly rule?: FieldRule;
  /**
   * A commune's code as a user writes it: a former code (merged, delegated, associated) is stored as the current
   * commune it leads to, by every path that writes the column.
   */
  readonly currentCommune?: boolean;
}

/** A commune code column: written as the current commune's code. */
export const CURRENT_COMMUNE_COLUMN: ColumnDeclaration = { type: "text", rule: FIELD_RULES.communeCode, currentCommune: true };

/** The SQL value stored for the incoming `value` of a column (a former commune code becomes the current one). */
export function writtenValueSql(column: ColumnDeclaration, value: string): string {
  return column.currentCommune ? `${currentCommuneCodeSql(value)}::${column.type}` : value;
}

export interface TableDeclaration<C extends string> {
  readonly table: string;
  readonly columns: { readonly [K in C]: ColumnDeclaration };
  /** The natural key's ON CONFLICT target (a unique constraint or index), or null when the table has none. */
  readonly naturalKey: string | null;
  /** The table has `version` (optimistic locking): a real update moves it on. */
  readonly versioned: boolean;
  /** The table has `updated_at`. */
  readonly touched: boolean;
}

export const declareTable = <C extends string>(declaration: TableDeclaration<C>): TableDeclaration<C> => declaration;

/** A row as a path hands it over: values by column (snake_case), plus the write's extra input fields. */
export type TableRow = Readonly<Record<string, unknown>>;

/** What to do with a row whose natural key is already stored. */
export type OnConflict<C extends string> =
  /** No conflict clause: a stored key fails the statement (the caller checked it, or ids are new). */
  | { readonly kind: "insert" }
  /** The stored row is left as it is (`key`: another unique key than the natural one; none declared: any). */
  | { readonly kind: "skip"; readonly key?: string }
  /**
   * The stored row is updated when a compared value differs (no new version, no audit entry otherwise).
   * `keep`: set on insert only; `merge`: a SET expression over the stored (`current`) and incoming rows, not compared.
   */
  | {
      readonly kind: "update";
      /** Another unique key than the declared natural one (a table with two partial unique indexes). */
      readonly key?: string;
      readonly keep?: readonly C[];
      readonly merge?: { readonly [K in C]?: (current: string, incoming: string) => string };
      /** Update (and return, and audit) every offered row, changed or not: the caller answers the stored row. */
      readonly always?: boolean;
    }
  /**
   * For a table without a usable unique key: `target` (SQL over `j` and the joins) is the id of the stored
   * row the input row matches, or null. Matched rows are updated when a compared value differs, the others
   * inserted. The caller holds a lock that keeps two writers from inserting the same row.
   */
  | {
      readonly kind: "match";
      readonly target: string;
      readonly keep?: readonly C[];
      readonly merge?: { readonly [K in C]?: (current: string, incoming: string) => string };
    };

export interface TableWrite<C extends string> {
  /** The columns written, in this order: carried by the rows unless `computed`. */
  readonly columns: readonly C[];
  /** Columns computed in SQL over the input row `j` (and `joins`, and parameters $n after the rows). */
  readonly computed?: { readonly [K in C]?: string };
  /** Fields of the rows that are not columns (lookup keys), with their SQL type. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Joins after the input row `j` (e.g. a predecessor found by its reference), used by `computed`. */
  readonly joins?: string;
  readonly onConflict: OnConflict<C>;
  /**
   * A column numbered for the rows the statement inserts: after the largest stored value among the rows
   * with the same `within` value (0 when none), in the order of `order` (SQL over `j`).
   */
  readonly numbered?: { readonly column: C; readonly within: C; readonly order: string };
  /**
   * Audit entity: one audit entry per created or updated row, from the same statement; the actor is
   * the two parameters after the rows.
   */
  readonly audit?: string;
  /** `ids`: the rows' ids and whether each was inserted; `rows`: the whole rows written; `none`: a count. */
  readonly returning: "ids" | "rows" | "none";
}

/** Thrown when a path hands over a value its table's declaration refuses: a programming or data error, never a user's. */
export class TableValueError extends Error {}

const parameterAfterRows = (n: number) => `$${n + 1}`;

/** The input query: the written columns by name (typed, computed ones evaluated), from the JSON rows. */
function inputSql<C extends string>(declaration: TableDeclaration<C>, write: TableWrite<C>): string {
  const target = write.onConflict.kind === "match" ? [`(${write.onConflict.target}) AS __target_id`] : [];
  const computed: { readonly [K in C]?: string } = write.computed ?? {};
  const carried = write.columns.filter((c) => computed[c] === undefined);
  const fields = [
    ...carried.map((c) => `${c} ${declaration.columns[c].type}`),
    ...Object.entries(write.inputs ?? {}).map(([name, type]) => `${name} ${type}`),
  ];
  const select = write.columns.map((c) => {
    const expression = computed[c];
    if (expression !== undefined) return `(${expression})::${declaration.columns[c].type} AS ${c}`;
    const value = writtenValueSql(declaration.columns[c], `j.${c}`);
    return value === `j.${c}` ? value : `${value} AS ${c}`;
  });
  const order = write.numbered ? [`(${write.numbered.order}) AS __order`] : [];
  return `SELECT ${[...target, ...select, ...order].join(", ")}
    FROM json_to_recordset($1::json) AS j(${fields.join(", ")})${write.joins ? ` ${write.joins}` : ""}`;
}

function auditSql(table: string, entity: string, actorAt: number): string {
  // Every part of one statement sees the table as it was before the statement: the subquery reads an
  // updated row's previous version (none is built for inserted rows).
  return `, audit AS (
      INSERT INTO audit_entry (actor_subject, actor_role, entity, entity_id, operation, before, after)
      SELECT ${parameterAfterRows(actorAt)}, ${parameterAfterRows(actorAt + 1)}, '${entity}', c.id::text,
             CASE WHEN c.__inserted THEN 'CREATE' ELSE 'UPDATE' END,
             CASE WHEN c.__inserted THEN NULL ELSE (SELECT to_jsonb(o) FROM ${table} o WHERE o.id = c.id) END,
             to_jsonb(c) - '__inserted'
      FROM changed c)`;
}

/** `ON CONFLICT … DO UPDATE` of the columns not kept, when a compared value differs (the version moves on). */
function conflictUpdate<C extends string>(
  declaration: TableDeclaration<C>,
  columns: readonly C[],
  conflict: Extract<OnConflict<C>, { kind: "update" }>,
): string {
  const key = conflict.key ?? declaration.naturalKey;
  if (key === null) throw new Error(`${declaration.table} has no natural key to resolve a conflict on`);
  const update = updateOf(declaration, columns, conflict, "excluded");
  // Nothing the write may change: stored rows are left as they are.
  return update === null ? `ON CONFLICT ${key} DO NOTHING` : `ON CONFLICT ${key} DO UPDATE SET ${update.sets} WHERE ${update.differs}`;
}

/** The SET list and the "a compared value differs" condition of an update of the stored row `t` from `incoming`; null: nothing to update. */
function updateOf<C extends string>(
  declaration: TableDeclaration<C>,
  columns: readonly C[],
  conflict: Extract<OnConflict<C>, { kind: "update" | "match" }>,
  incoming: string,
): { sets: string; differs: string } | null {
  const keep = new Set<string>(conflict.keep ?? []);
  const merge: { readonly [K in C]?: (current: string, incoming: string) => string } = conflict.merge ?? {};
  const updated = columns.filter((c) => !keep.has(c));
  if (updated.length === 0) return null;
  const compared = updated.filter((c) => merge[c] === undefined);
  const sets = updated.map((c) => {
    const merged = merge[c];
    return `${c} = ${merged ? merged("t", incoming) : `${incoming}.${c}`}`;
  });
  if (declaration.versioned) sets.push(`version = t.version + 1`);
  if (declaration.touched) sets.push(`updated_at = now()`);
  const differs =
    conflict.kind === "update" && conflict.always
      ? "true"
      : compared.length === 0
        ? "false"
        : `(${compared.map((c) => `t.${c}`).join(", ")}) IS DISTINCT FROM (${compared.map((c) => `${incoming}.${c}`).join(", ")})`;
  return { sets: sets.join(", "), differs };
}

/** The inserted values over `r` (and `FROM` additions): a numbered column counts on from its stored maximum. */
function insertedValues<C extends string>(declaration: TableDeclaration<C>, write: TableWrite<C>): { values: string; from: string } {
  const numbered = write.numbered;
  if (numbered === undefined) return { values: write.columns.join(", "), from: "" };
  const { column, within } = numbered;
  const values = write.columns.map((c) =>
    c === column ? `coalesce(__stored.__max, 0) + row_number() OVER (PARTITION BY r.${within} ORDER BY r.__order)` : `r.${c}`,
  );
  // One maximum per group of the batch, read once (not once per row).
  const from = ` LEFT JOIN (SELECT s.${within}, max(s.${column}) AS __max FROM ${declaration.table} s
      WHERE s.${within} IN (SELECT r.${within} FROM r) GROUP BY s.${within}) __stored ON __stored.${within} = r.${within}`;
  return { values: values.join(", "), from };
}

/** Matched rows updated, the others inserted: one statement, the stored rows as `changed`. */
function matchSql<C extends string>(
  declaration: TableDeclaration<C>,
  write: TableWrite<C>,
  conflict: Extract<OnConflict<C>, { kind: "match" }>,
): string {
  const { table } = declaration;
  const names = write.columns.join(", ");
  const update = updateOf(declaration, write.columns, conflict, "r");
  const inserted = insertedValues(declaration, write);
  const updated = update
    ? `UPDATE ${table} t SET ${update.sets} FROM r WHERE t.id = r.__target_id AND ${update.differs} RETURNING t.*`
    : `SELECT t.* FROM ${table} t WHERE false`;
  return `WITH r AS (${inputSql(declaration, write)}),
    updated AS (${updated}),
    inserted AS (INSERT INTO ${table} (${names}) SELECT ${inserted.values} FROM r${inserted.from} WHERE r.__target_id IS NULL RETURNING *),
    changed AS (SELECT u.*, false AS __inserted FROM updated u UNION ALL SELECT i.*, true FROM inserted i)`;
}

/**
 * The statement of a write: $1 the rows as JSON; then `parameters` (as `computed` names them: $2…);
 * then, when audited, the actor's subject and role.
 */
export function tableWriteSql<C extends string>(declaration: TableDeclaration<C>, write: TableWrite<C>, parameters = 0): string {
  const { table } = declaration;
  const names = write.columns.join(", ");
  const conflict = write.onConflict;
  const audited = write.audit !== undefined;
  const audit = audited ? auditSql(table, write.audit as string, parameters + 1) : "";
  if (conflict.kind === "match") return selected(`${matchSql(declaration, write, conflict)}${audit}`, write);
  let onConflict = "";
  if (conflict.kind === "skip") onConflict = `ON CONFLICT ${conflict.key ?? declaration.naturalKey ?? ""} DO NOTHING`;
  else if (conflict.kind === "update") onConflict = conflictUpdate(declaration, write.columns, conflict);
  const returning =
    audited || write.returning !== "none" ? "RETURNING t.*, (xmax = 0) AS __inserted" : "RETURNING (xmax = 0) AS __inserted";
  const inserted = insertedValues(declaration, write);
  const changed = `WITH r AS (${inputSql(declaration, write)}),
    changed AS (
      INSERT INTO ${table} AS t (${names}) SELECT ${inserted.values} FROM r${inserted.from}
      ${onConflict}
      ${returning})${audit}`;
  return selected(changed, write);
}

/** The statement's answer, after its `changed` rows. */
function selected<C extends string>(changed: string, write: TableWrite<C>): string {
  if (write.returning === "rows") return `${changed} SELECT * FROM changed`;
  if (write.returning === "ids") return `${changed} SELECT c.id, c.__inserted AS inserted FROM changed c`;
  return `${changed} SELECT count(*)::int AS n, (count(*) FILTER (WHERE c.__inserted))::int AS created FROM changed c`;
}

/** Checks and normalises the rows' carried values against the declared rules (a refused value throws). */
export function checkedRows<C extends string>(
  declaration: TableDeclaration<C>,
  write: TableWrite<C>,
  rows: readonly TableRow[],
): TableRow[] {
  const ruled = write.columns.filter((c) => declaration.columns[c].rule !== undefined && write.computed?.[c] === undefined);
  if (ruled.length === 0) return rows as TableRow[];
  return rows.map((row) => {
    let copy: Record<string, unknown> | null = null;
    for (const column of ruled) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const rule = declaration.columns[column].rule as FieldRule;
      const checked = rule.type === "text" ? rule.check(value as string) : rule.check(value as number);
      if (!checked.ok) throw new TableValueError(`${declaration.table}.${column}: ${checked.reason} (${JSON.stringify(value)})`);
      if (checked.value !== value) {
        copy ??= { ...row };
        // An optional text left empty is stored as null, as the inputs and the import parsers store it.
        copy[column] = checked.value === "" ? null : checked.value;
      }
    }
    return copy ?? row;
  });
}

export interface WriteOutcome {
  created: number[];
  updated: number[];
}

export interface RunOptions {
  /** Values of $2… as `computed` names them. */
  readonly parameters?: readonly unknown[];
  /** The actor of an audited write. */
  readonly actor?: { readonly subject: string; readonly role: string };
  /** Rows per statement (default: all in one). */
  readonly batchSize?: number;
  /** Called after each batch (progress, event-loop yields). */
  readonly afterBatch?: (rowsDone: number) => Promise<void> | void;
}

async function runBatches<T>(
  tx: EntityManager,
  sql: string,
  rows: readonly TableRow[],
  options: RunOptions,
  collect: (result: T[]) => void,
): Promise<void> {
  const size = options.batchSize ?? Math.max(rows.length, 1);
  const actor = options.actor ? [options.actor.subject, options.actor.role] : [];
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    collect(await tx.query(sql, [JSON.stringify(batch), ...(options.parameters ?? []), ...actor]));
    await options.afterBatch?.(batch.length);
  }
}

/** Writes `rows` (`returning: "ids"`) and answers the ids created and updated. */
export async function writeTableIds<C extends string>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  write: TableWrite<C> & { returning: "ids" },
  rows: readonly TableRow[],
  options: RunOptions = {},
): Promise<WriteOutcome> {
  const sql = tableWriteSql(declaration, write, options.parameters?.length ?? 0);
  const outcome: WriteOutcome = { created: [], updated: [] };
  await runBatches<{ id: number; inserted: boolean }>(tx, sql, checkedRows(declaration, write, rows), options, (result) => {
    for (const row of result) (row.inserted ? outcome.created : outcome.updated).push(row.id);
  });
  return outcome;
}

/** Writes `rows` (`returning: "rows"`) and answers the rows as stored (`R`: their shape, as the caller reads them). */
export async function writeTableRows<C extends string, R extends object = Record<string, unknown>>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  write: TableWrite<C> & { returning: "rows" },
  rows: readonly TableRow[],
  options: RunOptions = {},
): Promise<R[]> {
  const sql = tableWriteSql(declaration, write, options.parameters?.length ?? 0);
  const written: R[] = [];
  await runBatches<R & { __inserted?: boolean }>(tx, sql, checkedRows(declaration, write, rows), options, (result) => {
    for (const { __inserted: _inserted, ...row } of result) written.push(row as R);
  });
  return written;
}

/** Writes `rows` (`returning: "none"`) and answers how many rows were written. */
export async function writeTable<C extends string>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  write: TableWrite<C> & { returning: "none" },
  rows: readonly TableRow[],
  options: RunOptions = {},
): Promise<number> {
  const sql = tableWriteSql(declaration, write, options.parameters?.length ?? 0);
  let written = 0;
  await runBatches<{ n: number }>(tx, sql, checkedRows(declaration, write, rows), options, (result) => {
    written += result[0]?.n ?? 0;
  });
  return written;
}

/** Writes `rows` (`returning: "none"`) and answers how many were created and updated (for tables keyed by another column than `id`). */
export async function writeTableCounts<C extends string>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  write: TableWrite<C> & { returning: "none" },
  rows: readonly TableRow[],
  options: RunOptions = {},
): Promise<{ created: number; updated: number }> {
  const sql = tableWriteSql(declaration, write, options.parameters?.length ?? 0);
  const counts = { created: 0, updated: 0 };
  await runBatches<{ n: number; created: number }>(tx, sql, checkedRows(declaration, write, rows), options, (result) => {
    counts.created += result[0]?.created ?? 0;
    counts.updated += (result[0]?.n ?? 0) - (result[0]?.created ?? 0);
  });
  return counts;
}
