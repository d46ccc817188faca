import "reflect-metadata";
import type { Server } from "node:http";
import { describeDatabase, loadConfig } from "./config";
import { createDataSource } from "./db/data-source";
import { seedIfEmpty } from "./server/seed";
import { buildHubSchema } from "./server/schema";
import { createHubServer } from "./server/app";
import { shutDown } from "./server/shutdown";

/** Start-up only: config → database → migrations → seed → schema → HTTP server. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  console.log(`ctg-hub: database ${describeDatabase(config.database)}`);
  const dataSource = await createDataSource(config.database).initialize();
  const applied = await dataSource.runMigrations({ transaction: "each" });
  if (applied.length > 0) console.log(`ctg-hub: applied migrations ${applied.map((m) => m.name).join(", ")}`);
  if (config.seedOnStart) {
    const seed = await seedIfEmpty(dataSource);
    console.log(`ctg-hub: geography ${seed.geography}, reference cases ${seed.referenceCases}`);
  }
  const hub = await createHubServer(dataSource, await buildHubSchema(), { cache: config.cache, limits: config.limits, compiledReads: config.compiledReads });
  console.log(`ctg-hub: response cache ${hub.cacheDescription}`);
  const server: Server = hub.app.listen(config.port, () => {
    console.log(`ctg-hub: GraphQL on http://localhost:${config.port}/graphql (ready in ${Date.now() - started} ms)`);
  });

  // Graceful shutdown: stop accepting, let in-flight requests finish (bounded), then close the pool.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`ctg-hub: ${signal} received, finishing in-flight requests`);
    await shutDown(server, hub, dataSource);
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("ctg-hub failed to start:", error);
  process.exit(1);
});
