import type { Server } from "node:http";
import type { DataSource } from "typeorm";
import type { HubServer } from "./app";

export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Graceful stop: accept no new connection, let in-flight requests finish (at most `graceMs`), then
 * close what is left, stop Apollo and the cache client, and close the database pool last, so no
 * request is cut in half by a closed pool.
 */
export async function shutDown(server: Server, hub: HubServer, dataSource: DataSource, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle when its request is answered: close it then, not at its timeout.
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([closed, grace]);
  clearInterval(sweeper);
  clearTimeout(timer);
  server.closeAllConnections();
  await hub.stop();
  await dataSource.destroy();
}
