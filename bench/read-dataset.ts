import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../src/config";
import { activeOnSql } from "../src/coverage/in-force";
import { createDataSource } from "../src/server/database";
import { seedIfEmpty } from "../src/server/seed";
import { DEFAULT_SEED, generateSynthetic } from "../src/synthetic/synthetic.load";
import { ensureFollowUp } from "./followup-dataset";
import { ensurePostgresDatabase, errorMessage, todayInFrance } from "./harness";
import type { Dataset, DatasetCounts, Engine, Picks, Settings } from "./read-settings";

// ---------------------------------------------------------------------------------------------
// Databases: make sure each holds the geography, the reference cases and the national synthetic set

async function count(dataSource: DataSource, table: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(n);
}

/** Migrates, seeds (geography and reference cases) and generates the synthetic set if missing; then reads counts and picks. */
async function prepareDataset(database: DatabaseConfig, description: string): Promise<Dataset> {
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    if (applied.length > 0) console.log(`  applied ${applied.length} migrations`);
    const synthetic: unknown[] = await dataSource.query(`SELECT 1 FROM source WHERE kind = 'SYNTHETIC' LIMIT 1`);
    let prepared = "synthetic set present";
    if (synthetic.length === 0) {
      const started = performance.now();
      console.log(`  no synthetic set: loading geography and reference cases if missing, then generating (seed ${DEFAULT_SEED}, scale 1)…`);
      const seed = await seedIfEmpty(dataSource);
      const report = await generateSynthetic(dataSource.manager, { seed: DEFAULT_SEED, scale: 1 });
      prepared =
        `geography ${seed.geography}, reference cases ${seed.referenceCases}, synthetic set generated ` +
        `(${report.conventions.total} conventions, ${report.actions.total} actions) in ${Math.round((performance.now() - started) / 1000)} s`;
      console.log(`  ${prepared}`);
    }
    // The follow-up rows actionStats and conventionFollowUp read (bench/followup-dataset.ts), when the data set has none.
    const followUp = await ensureFollowUp(dataSource);
    if (!followUp.endsWith("present")) console.log(`  ${followUp}`);
    prepared += `; ${followUp}`;
    // Fresh statistics: without them the planner guesses (PGlite has no autovacuum, and this machine's server runs with
    // autovacuum off), and a bulk-loaded table can be planned as if it were empty — for the hub's SQL and the floor's alike.
    const analyzeStarted = performance.now();
    await dataSource.query("ANALYZE");
    prepared += `; ANALYZE in ${Math.round(performance.now() - analyzeStarted)} ms`;
    const [{ version }]: Array<{ version: string }> = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    const counts: DatasetCounts = {
      communes: await count(dataSource, "commune"),
      conventions: await count(dataSource, "convention"),
      coveredCommuneLinks: await count(dataSource, "convention_commune"),
      actions: await count(dataSource, "action"),
      associations: await count(dataSource, "partner_association"),
      partnerships: await count(dataSource, "partnership"),
    };
    return { description, serverVersion: version, counts, picks: await pick(dataSource), prepared };
  } finally {
    await dataSource.destroy();
  }
}

async function pick(dataSource: DataSource): Promise<Picks> {
  const today = todayInFrance();
  const departments: Array<{ code: string; covered: number; communes: number }> = await dataSource.query(
    `SELECT m.department_code AS code, count(DISTINCT m.code)::int AS covered,
            (SELECT count(*)::int FROM commune x WHERE x.department_code = m.department_code) AS communes
     FROM commune m JOIN convention_commune cc ON cc.commune_code = m.code JOIN convention v ON v.id = cc.convention_id
     WHERE ${activeOnSql("v", "$1::date")}
     GROUP BY m.department_code ORDER BY 2 DESC, 3 DESC, 1 LIMIT 1`,
    [today],
  );
  const conventions: Array<{ reference: string; actions: number; covered: number }> = await dataSource.query(
    `SELECT c.reference, count(*)::int AS actions,
            (SELECT count(*)::int FROM convention_commune cc WHERE cc.convention_id = c.id) AS covered
     FROM convention c JOIN action a ON a.convention_id = c.id
     GROUP BY c.id, c.reference ORDER BY 2 DESC, 3 DESC, 1 LIMIT 1`,
  );
  const largest: Array<{ code: string; communes: number }> = await dataSource.query(
    `SELECT department_code AS code, count(*)::int AS communes FROM commune GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  if (departments.length === 0 || conventions.length === 0)
    throw new Error("no active CTG or no action in the data set: nothing to measure");
  const [d] = departments;
  const [c] = conventions;
  return {
    department: { code: d.code, coveredCommunes: Number(d.covered), communes: Number(d.communes) },
    largestDepartment: { code: largest[0].code, communes: Number(largest[0].communes) },
    convention: { reference: c.reference, actions: Number(c.actions), coveredCommunes: Number(c.covered) },
    today,
  };
}

export async function prepareEngine(engine: Engine, settings: Settings): Promise<Dataset | string> {
  if (engine === "postgres") {
    const url = new URL(settings.databaseUrl);
    const description = `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
    try {
      await ensurePostgresDatabase(settings.databaseUrl);
    } catch (error) {
      return `PostgreSQL unreachable at ${url.host}: ${errorMessage(error)}`;
    }
    return prepareDataset({ kind: "postgres", url: settings.databaseUrl, poolSize: 2 }, description);
  }
  mkdirSync(settings.pgliteDir, { recursive: true });
  return prepareDataset({ kind: "embedded", dataDir: settings.pgliteDir }, `embedded PGlite at ${settings.pgliteDir}`);
}
