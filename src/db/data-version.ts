import type { EntityManager } from "typeorm";

/**
 * Rows inserted, updated or deleted, as PostgreSQL counts them for this session (`pg_stat_xact_*`). The
 * figure also holds earlier transactions' counts not yet flushed to the shared statistics (PGlite
 * flushes rarely), but it does not move during a transaction except by this transaction's own writes
 * (statistics are flushed only between transactions): two readings, at the start and at the end of a
 * transaction, differ exactly when it wrote a row. Rows written in a rolled-back savepoint still count:
 * a needless bump, never a missed one.
 */
const WRITTEN_ROWS = `(SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables)`;

/** The write counter at the start of a data transaction, for `bumpDataVersionIfWritten`. */
export async function readWrittenRows(tx: EntityManager): Promise<string> {
  const rows: Array<{ written: string }> = await tx.query(`SELECT ${WRITTEN_ROWS}::text AS written`);
  return rows[0].written;
}

/**
 * The committed-writes counter (table `data_version`), moved on as the last statement of a write
 * transaction that wrote at least one row: its row lock is held only from there to the commit, so long
 * imports do not block other writers on it, and readers see the new version together with the new data.
 * A transaction that wrote nothing (a header-only or unchanged import, a refused write) leaves it, so the
 * response cache keeps its answers. Without row counting (`track_counts` off, set by an administrator) the
 * counter cannot tell: it is moved on.
 */
export async function bumpDataVersionIfWritten(tx: EntityManager, writtenBefore: string): Promise<void> {
  await tx.query(
    `UPDATE data_version SET version = version + 1
     WHERE current_setting('track_counts')::boolean IS NOT TRUE OR ${WRITTEN_ROWS} <> $1::numeric`,
    [writtenBefore],
  );
}

/** The database's instance and current version, as one string: part of every response-cache key. */
export async function readDataVersion(manager: EntityManager): Promise<string> {
  const rows: { version: string }[] = await manager.query(`SELECT instance || ':' || version AS version FROM data_version`);
  return rows[0].version;
}
