import "reflect-metadata";
import pg from "pg";
import { createDataSource } from "../src/server/database";
import { generateSynthetic } from "../src/synthetic/synthetic.load";
import { importGeography } from "../src/territory/geography.import";
import { readGeographyPackage } from "../src/territory/geography.source";

/**
 * Times the synthetic generation of one département (Haute-Marne, 426 communes, by default) on PostgreSQL: a
 * fresh database holding the geography of the départements named (comma-separated, or `all`), then the
 * synthetic set over it at the scale given (1 by default), generated `RUNS` times (each run replaces the
 * previous set). Prints the median and each run's steps.
 * `node dist/bench/synthetic-department.js [52|52,10,88|all] [scale]`.
 */

const SERVER_URL = process.env.BENCH_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = 5;

async function main(): Promise<void> {
  const department = process.argv[2] ?? "52";
  const scale = Number(process.argv[3] ?? "1");
  const database = `bench_synthetic_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const dataSource = await createDataSource({ kind: "postgres", url: url.toString(), poolSize: 4 }).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    const geo = readGeographyPackage();
    const wanted = new Set(department.split(","));
    const communes = department === "all" ? geo.communes : geo.communes.filter((c) => wanted.has(c.departement));
    const codes = new Set(communes.map((c) => c.code));
    const epci = geo.epci
      .filter((e) => e.membres.some((m) => codes.has(m.code)))
      .map((e) => ({ ...e, membres: e.membres.filter((m) => codes.has(m.code)) }));
    await importGeography(dataSource.manager, { ...geo, communes, epci });
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const report = await generateSynthetic(dataSource.manager, { seed: 42, scale });
      times.push(report.durationMs);
      console.log(
        `run ${run + 1}: ${report.durationMs} ms, ${report.conventions.total} conventions, ${report.actions.total} actions`,
        report.stepsMs,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `départements ${department}, scale ${scale}: median ${sorted[Math.floor(RUNS / 2)]} ms over ${RUNS} runs (${times.join(", ")})`,
    );
  } finally {
    await dataSource.destroy();
    await admin.query(`DROP DATABASE ${database}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
