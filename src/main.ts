import "reflect-metadata";
import type { Server } from "node:http";
import { tokenConfig } from "./auth/tokens";
import { ConfigError, describeDatabase, loadConfig } from "./config";
import { createDataSource } from "./server/database";
import { DatabaseInUseError } from "./db/embedded-lock";
import { runPendingMigrations } from "./db/migrations";
import { seedIfEmpty } from "./server/seed";
import { buildHubSchema } from "./server/schema";
import { createHubServer } from "./server/app";
import { shutDown } from "./server/shutdown";
import { startBanner } from "./server/start-banner";
import { loadVintagesInBackground } from "./server/vintages-on-start";

/** Start-up only: config → database → migrations → seed → schema → HTTP server → the vintages, in the background. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const tokens = tokenConfig();
  console.log(`ctg-hub : ouverture de la base ${describeDatabase(config.database)}`);
  const dataSource = await createDataSource(config.database).initialize();
  const applied = await runPendingMigrations(dataSource);
  if (applied.length > 0) console.log(`ctg-hub: applied migrations ${applied.join(", ")}`);
  if (config.seedOnStart) {
    const seed = await seedIfEmpty(dataSource);
    console.log(`ctg-hub: geography ${seed.geography}, reference cases ${seed.referenceCases}`);
  }
  const hub = await createHubServer(dataSource, await buildHubSchema(), {
    cache: config.cache,
    limits: config.limits,
    compiledReads: config.compiledReads,
    tokens,
  });
  console.log(`ctg-hub: response cache ${hub.cacheDescription}`);
  const server: Server = hub.app.listen(config.port, () => {
    const banner = startBanner({ port: config.port, database: config.database, tokens, readyMs: Date.now() - started });
    for (const line of banner.info) console.log(line);
    for (const line of banner.warnings) console.warn(line);
    // The seed's last part, after the first answers: the past geographies (src/server/vintages-on-start.ts).
    if (config.seedOnStart) loadVintagesInBackground(dataSource, { info: console.log, warn: console.warn });
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
  // A second signal (Ctrl-C twice) exits at once, through process.exit so the data folder's lock is given back.
  const onSignal = (signal: string) => (stopping ? process.exit(1) : void stop(signal));
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
}

main().catch((error: unknown) => {
  // A setting or a folder in use is the operator's to fix: its message says how, a stack would only hide it.
  if (error instanceof ConfigError || error instanceof DatabaseInUseError) console.error(`ctg-hub n'a pas démarré : ${error.message}`);
  else console.error("ctg-hub n'a pas démarré :", error);
  process.exit(1);
});
