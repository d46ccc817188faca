import type { EntityManager } from "typeorm";
import { describeViewer, partnerAssociation, type Viewer } from "../auth/viewer";
import { requireWriter, wasWriteScoped } from "../auth/write-scope";
import { bumpDataVersionIfWritten, readWrittenRows } from "./data-version";

/**
 * Every change of stored data runs in one transaction that bumps the data version last when it wrote a
 * row: cached answers become unreachable exactly when a change commits, and stay when nothing changed
 * (see src/db/data-version.ts).
 */
export function inDataTransaction<T>(manager: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return manager.transaction(async (tx) => {
    const writtenBefore = await readWrittenRows(tx);
    const result = await work(tx);
    await bumpDataVersionIfWritten(tx, writtenBefore);
    return result;
  });
}

/**
 * A caller's write: one data transaction, as the `ctg_hub_app` role (subject to row-level security),
 * with the caller's association (for partners) set for this transaction only: `set_config(…, true)`
 * and `SET LOCAL` end with the transaction, so nothing carries over to the next request that
 * reuses the pooled connection. The work must have asked the write scope (`requireWriteScope`,
 * `checkWriteScopes`) before it returns, or the transaction is rolled back.
 */
export async function inWriteTransaction<T>(manager: EntityManager, viewer: Viewer, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  // A caller who may write nothing (anonymous, analyst) is refused before any SQL.
  requireWriter(viewer);
  return inDataTransaction(manager, async (tx) => {
    await tx.query(`SET LOCAL ROLE ctg_hub_app`);
    await tx.query(`SELECT set_config('ctg_hub.association_id', $1, true), set_config('ctg_hub.actor', $2, true)`, [
      String(partnerAssociation(viewer) ?? ""),
      describeViewer(viewer).subject,
    ]);
    const result = await work(tx);
    // Every caller's write goes through the one write scope: a path that forgot it commits nothing.
    if (!wasWriteScoped(tx)) throw new UnscopedWriteError();
    return result;
  });
}

/** A caller's write that never asked the write scope: a programming error, rolled back rather than committed. */
export class UnscopedWriteError extends Error {
  constructor() {
    super("write transaction committed without a write-scope decision (src/auth/write-scope.ts)");
  }
}
