import type { EntityManager } from "typeorm";
import { BadUserInputError, ConflictError, ForbiddenError } from "../common/errors";

export type Row = Record<string, unknown> & { id: number; version: number };

/**
 * The current row (locked for the transaction with `lock`), or BAD_USER_INPUT naming the argument.
 * Check permissions on an unlocked read first: under row-level security a row the caller may not
 * update is invisible to SELECT … FOR UPDATE.
 */
export async function lockRow(tx: EntityManager, table: string, id: number, argument = "id", lock = true): Promise<Row> {
  const rows: Array<{ row: Row }> = await tx.query(
    `SELECT row_to_json(t.*) AS row FROM ${table} t WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  if (rows.length === 0) throw new BadUserInputError(`Argument "${argument}" : aucun enregistrement ${id} dans ${table}`, argument);
  return rows[0].row;
}

/**
 * Optimistic locking: updates the row only if it is still at the version the client read, bumps the
 * version, and returns the row before and after. A stale version is a CONFLICT and nothing is written;
 * a row the caller may not change (row-level security) is FORBIDDEN.
 */
export async function updateVersioned(
  tx: EntityManager,
  table: string,
  id: number,
  version: number,
  changes: Record<string, unknown>,
  options: { touch?: boolean } = {},
): Promise<{ before: Row; after: Row }> {
  const before = await lockRow(tx, table, id);
  if (before.version !== version) {
    throw new ConflictError(
      `${table} ${id} a été modifié entre-temps (version ${before.version}, reçue ${version}) : relisez puis recommencez`,
    );
  }
  const columns = Object.keys(changes);
  const assignments = columns.map((column, i) => `${column} = $${i + 3}`);
  assignments.push("version = version + 1");
  if (options.touch !== false) assignments.push("updated_at = now()");
  // TypeORM answers an UPDATE with [rows, affected count].
  const [rows]: [Array<{ row: Row }>, number] = await tx.query(
    `UPDATE ${table} t SET ${assignments.join(", ")} WHERE id = $1 AND version = $2 RETURNING row_to_json(t.*) AS row`,
    [id, version, ...columns.map((c) => changes[c])],
  );
  if (rows.length === 0) throw new ForbiddenError(`Modification de ${table} ${id} refusée`);
  return { before, after: rows[0].row };
}

/**
 * Optimistic locking for a removal: deletes the row only if it is still at the version the client read, and returns
 * it as it was. A stale version is a CONFLICT and nothing is removed.
 */
export async function deleteVersioned(tx: EntityManager, table: string, id: number, version: number): Promise<Row> {
  const before = await lockRow(tx, table, id);
  if (before.version !== version) {
    throw new ConflictError(
      `${table} ${id} a été modifié entre-temps (version ${before.version}, reçue ${version}) : relisez puis recommencez`,
    );
  }
  const deleted: unknown = await tx.query(`DELETE FROM ${table} WHERE id = $1 AND version = $2 RETURNING id`, [id, version]);
  // TypeORM answers a DELETE with [rows, affected count].
  const count = Array.isArray(deleted) && typeof deleted[1] === "number" ? deleted[1] : Array.isArray(deleted) ? deleted.length : 0;
  if (count === 0) throw new ForbiddenError(`Suppression de ${table} ${id} refusée`);
  return before;
}
