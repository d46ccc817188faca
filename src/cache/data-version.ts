import type { EntityManager } from "typeorm";

/**
 * The committed-writes counter (table `data_version`). Bumped as the last statement of every write
 * transaction: its row lock is held only from there to the commit, so long imports do not block
 * other writers on it, and readers see the new version together with the new data.
 */
export async function bumpDataVersion(tx: EntityManager): Promise<void> {
  await tx.query(`UPDATE data_version SET version = version + 1`);
}

/** The database's instance and current version, as one string: part of every response-cache key. */
export async function readDataVersion(manager: EntityManager): Promise<string> {
  const rows: { version: string }[] = await manager.query(`SELECT instance || ':' || version AS version FROM data_version`);
  return rows[0].version;
}
