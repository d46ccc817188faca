import "reflect-metadata";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Role, type Viewer } from "../src/auth/viewer";
import { todayInFrance } from "../src/common/date";
import { type BilanFormat, renderBilan } from "../src/report/bilan";
import type { BilanSubject } from "../src/report/bilan.service";
import { createDataSource } from "../src/server/database";
import { prepareEngine } from "./read-dataset";
import { loadSettings } from "./read-settings";

/**
 * Time to produce the comité's bilan on PostgreSQL (issue 19): the largest synthetic convention (most actions) and the
 * largest département (most conventions in force during the year), as PDF and XLSX; targets 2 s and 10 s. Each case
 * runs once to warm up, then RUNS times; the median is reported. Results: stdout and bench/results/bilan.md.
 */
const RUNS = 5;
const TARGETS_MS = { convention: 2_000, department: 10_000 } as const;
const RESULTS_FILE = path.join(__dirname, "..", "..", "bench", "results", "bilan.md");
const ADMIN: Viewer = { kind: "user", subject: "bench-bilan", role: Role.ADMIN, national: true, departments: [], associationId: null };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const settings = loadSettings(path.join(__dirname, "..", ".."));
  const dataset = await prepareEngine("postgres", settings);
  if (typeof dataset === "string") throw new Error(dataset);
  const dataSource = await createDataSource({ kind: "postgres", url: settings.databaseUrl, poolSize: 2 }).initialize();
  try {
    const today = todayInFrance();
    const year = Number(today.slice(0, 4)) - 1;
    const [convention]: Array<{ reference: string; actions: number }> = await dataSource.query(
      `SELECT c.reference, count(a.id)::int AS actions FROM convention c JOIN action a ON a.convention_id = c.id
       GROUP BY c.id ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    const [department]: Array<{ code: string; conventions: number }> = await dataSource.query(
      `SELECT department_code AS code, count(*)::int AS conventions FROM convention
       WHERE stage <> 'IN_PREPARATION' AND (starts_on IS NULL OR starts_on <= make_date($1, 12, 31))
         AND (ends_on IS NULL OR ends_on >= make_date($1, 1, 1))
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      [year],
    );
    const [followUp]: Array<{ notes: number; fundings: number; lines: number }> = await dataSource.query(
      `SELECT (SELECT count(*) FROM action_note)::int AS notes, (SELECT count(*) FROM action_funding)::int AS fundings,
              (SELECT count(*) FROM action_budget_line)::int AS lines`,
    );
    const cases: Array<{ label: string; subject: BilanSubject; target: number }> = [
      {
        label: `convention ${convention.reference} (${convention.actions} actions)`,
        subject: { kind: "convention", reference: convention.reference },
        target: TARGETS_MS.convention,
      },
      {
        label: `département ${department.code} (${department.conventions} CTG)`,
        subject: { kind: "department", code: department.code },
        target: TARGETS_MS.department,
      },
    ];
    const rows: string[] = [];
    for (const { label, subject, target } of cases) {
      for (const format of ["pdf", "xlsx", "docx"] as BilanFormat[]) {
        const scope = { manager: dataSource.manager, viewer: ADMIN, today };
        await renderBilan(scope, subject, year, format);
        const times: number[] = [];
        let bytes = 0;
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          bytes = (await renderBilan(scope, subject, year, format)).body.length;
          times.push(performance.now() - started);
        }
        const p50 = median(times);
        const row = `| ${label} | ${format} | ${Math.round(p50)} | ${Math.round(Math.max(...times))} | ${Math.round(bytes / 1024)} | ${target} | ${p50 <= target ? "yes" : "NO"} |`;
        console.log(row);
        rows.push(row);
      }
    }
    const cpu = os.cpus();
    writeFileSync(
      RESULTS_FILE,
      `# ctg-hub bilan bench\n\n${new Date().toISOString()} — ${cpu.length} × ${cpu[0]?.model ?? "CPU"}, Node ${process.version}, ${dataset.description}, ` +
        `server ${dataset.serverVersion}; bilan of ${year}; ${dataset.counts.conventions} conventions, ${dataset.counts.actions} actions, ` +
        `${followUp.lines} budget lines, ${followUp.fundings} fundings, ${followUp.notes} notes. ${RUNS} runs after a warm-up; times in ms.\n\n` +
        `| subject | format | p50 ms | max ms | KiB | target ms | within |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n${rows.join("\n")}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
