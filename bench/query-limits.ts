import "reflect-metadata";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parse, specifiedRules, validate } from "graphql";
import { createDataSource } from "../src/server/database";
import { DEFAULT_QUERY_LIMITS, DocumentMeasure, queryLimitRules } from "../src/graph/limits";
import { buildHubSchema } from "../src/server/schema";
import { createHubServer } from "../src/server/app";
import { errorMessage, latencySummary, machine, repoRoot, round2, textTable } from "./harness";

/**
 * How long the hub takes to refuse a fragment fan-out (n fragments, each spreading the next twice: 2^n fields
 * once written out), end to end over HTTP and in validation alone, and how /healthz answers meanwhile. The
 * refusal must not grow with n (the rules measure each fragment once). Needs a PostgreSQL server for the data
 * source (BENCH_DATABASE_URL, default the machine's `postgres` database): a refused query sends no SQL.
 * Run: `npm run build && LOG_LEVEL=warn node dist/bench/query-limits.js`.
 */

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const FRAGMENT_COUNTS = [12, 22, 24, 48];
const RUNS = 30;
const WARMUP = 5;

function fanOut(n: number): string {
  const fragments = Array.from(
    { length: n },
    (_, i) => `fragment F${i} on Query { ${i === n - 1 ? "sources { code }" : `...F${i + 1} ...F${i + 1}`} }`,
  );
  return `query FanOut { ...F0 } ${fragments.join(" ")}`;
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function main(): Promise<void> {
  const dataSource = await createDataSource({ kind: "postgres", url: DATABASE_URL, poolSize: 2 }).initialize();
  const schema = await buildHubSchema();
  const hub = await createHubServer(dataSource, schema, { logger: { error: () => undefined } });
  const server = hub.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (query: string) =>
    fetch(`${origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { errors?: Array<{ message: string }> } }));
  const rules = [...specifiedRules, ...queryLimitRules(DEFAULT_QUERY_LIMITS)];
  const rows: string[][] = [];
  // The baseline: the smallest accepted query (no SQL), end to end.
  const baseline: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const answer = await timed(() => post("{ __typename }"));
    if (i >= WARMUP) baseline.push(answer.ms);
  }
  const baselineSummary = latencySummary([...baseline].sort((a, b) => a - b));
  const results: Array<Record<string, unknown>> = [];
  try {
    for (const n of FRAGMENT_COUNTS) {
      const query = fanOut(n);
      const document = parse(query);
      const measure = new DocumentMeasure(schema, document);
      const expanded = measure.operation(document.definitions[0] as Parameters<DocumentMeasure["operation"]>[0]);
      for (let i = 0; i < WARMUP; i++) await post(query);
      const http: number[] = [];
      const validation: number[] = [];
      let refusal = "";
      for (let i = 0; i < RUNS; i++) {
        const answer = await timed(() => post(query));
        http.push(answer.ms);
        refusal = answer.result.body.errors?.map((e) => e.message.split(" : ")[0]).join(", ") ?? "accepted";
        validation.push((await timed(() => validate(schema, document, rules))).ms);
      }
      // /healthz while four of these are being refused at once.
      const attacks = Promise.all(Array.from({ length: 4 }, () => post(query)));
      const health = await timed(() => fetch(`${origin}/healthz`).then((r) => r.json()));
      await attacks;
      const httpSummary = latencySummary([...http].sort((a, b) => a - b));
      const validationSummary = latencySummary([...validation].sort((a, b) => a - b));
      results.push({
        fragments: n,
        bytes: query.length,
        expandedFields: expanded.fields,
        visits: measure.visits,
        httpMs: httpSummary,
        validationMs: validationSummary,
        healthzDuringAttackMs: round2(health.ms),
        refusal,
      });
      rows.push([
        String(n),
        String(query.length),
        String(expanded.fields),
        String(measure.visits),
        String(round2(httpSummary.p50)),
        String(round2(httpSummary.max)),
        String(round2(validationSummary.p50)),
        String(round2(health.ms)),
        refusal,
      ]);
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await hub.stop();
    await dataSource.destroy();
  }
  console.log(`a small accepted query, for comparison: HTTP p50 ${round2(baselineSummary.p50)} ms, max ${round2(baselineSummary.max)} ms`);
  console.log(
    textTable(
      [
        "fragments",
        "bytes",
        "fields written out",
        "selections visited",
        "HTTP p50 ms",
        "HTTP max ms",
        "validate p50 ms",
        "/healthz ms",
        "refused for",
      ],
      rows,
    ),
  );
  const file = path.join(repoRoot(), "bench", "results", "query-limits.json");
  writeFileSync(file, `${JSON.stringify({ machine: machine(), runs: RUNS, baselineMs: baselineSummary, results }, null, 2)}\n`);
  console.log(`written to ${path.relative(repoRoot(), file)}`);
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
