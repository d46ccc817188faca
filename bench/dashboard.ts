import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { machineLoadPercent } from "./harness";

/**
 * First render of the dashboard's views in Chromium against a running hub:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ctg_hub_synth_check CTG_HUB_SEED=false npm start
 *   npm run build && node dist/bench/dashboard.js [http://127.0.0.1:4000] [2025-06-30] [52]
 * Each run opens a fresh browser context (empty cache: the assets count), and reads the marks the page
 * sets (`ctg:table-filled`, `ctg:map-drawn`) against the navigation start. The median of the runs is reported.
 * With BENCH_DASHBOARD_OUTPUT=<file.json>, the figures are also kept there under BENCH_DASHBOARD_LABEL (default
 * "default"; e.g. "cache on" and "cache off" for two runs against hubs started with RESPONSE_CACHE=on and off).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

interface ViewFigures {
  view: string;
  runs: number;
  scriptsReadyMs: number;
  tableFilledMs: number;
  mapDrawnMs: number | null;
  historyDrawnMs: number;
  loadedKiB: number;
  requests: number;
}

interface Sample {
  appStartMs: number | null;
  tableFilledMs: number | null;
  historyDrawnMs: number | null;
  mapDrawnMs: number | null;
  loadedBytes: number;
  requests: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

/** The page's timings, read in the browser (a string expression: bench is compiled without DOM typings). */
const READ_TIMINGS = `(() => {
  const mark = (name) => { const m = performance.getEntriesByName(name, "mark"); return m.length ? m[m.length - 1].startTime : null; };
  const resources = performance.getEntriesByType("resource");
  const navigation = performance.getEntriesByType("navigation")[0];
  const bytes = resources.reduce((sum, r) => sum + (r.encodedBodySize || 0), navigation ? navigation.encodedBodySize : 0);
  return { appStartMs: mark("ctg:app-start"), tableFilledMs: mark("ctg:table-filled"), mapDrawnMs: mark("ctg:map-drawn"),
    historyDrawnMs: mark("ctg:history-drawn"), loadedBytes: bytes, requests: resources.length + 1 };
})()`;

async function measure(browser: Browser, url: string, ready: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 60_000 });
  await page.waitForSelector("#history .history, #history .state:not(.state--loading)", { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const sample = (await page.evaluate(READ_TIMINGS)) as Sample;
  await context.close();
  return sample;
}

async function main(): Promise<void> {
  const base = process.argv[2] ?? "http://127.0.0.1:4000";
  const date = process.argv[3] ?? "2025-06-30";
  const department = process.argv[4] ?? "52";
  // How busy the machine is before the browser starts (the hub idle): other engineers' runs slow every figure.
  const machineBusyBeforePercent = await machineLoadPercent(2000);
  console.log(JSON.stringify({ machineBusyBeforePercent }));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: FLAGS });
  try {
    const views = [
      { name: "France", url: `${base}/?date=${date}`, ready: '#france-map[data-drawn="true"]' },
      {
        name: `Département ${department}`,
        url: `${base}/departements/${department}?date=${date}`,
        ready: "#comparison tbody tr, #department-figures",
      },
    ];
    const figures: ViewFigures[] = [];
    for (const view of views) {
      await measure(browser, view.url, view.ready); // warm-up: the hub's first queries plan and cache
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i += 1) samples.push(await measure(browser, view.url, view.ready));
      const pick = (key: "appStartMs" | "tableFilledMs" | "mapDrawnMs" | "historyDrawnMs") =>
        median(samples.map((s) => s[key]).filter((v): v is number => v !== null));
      figures.push({
        view: view.name,
        runs: RUNS,
        scriptsReadyMs: Math.round(pick("appStartMs")),
        tableFilledMs: Math.round(pick("tableFilledMs")),
        mapDrawnMs: view.name === "France" ? Math.round(pick("mapDrawnMs")) : null,
        historyDrawnMs: Math.round(pick("historyDrawnMs")),
        loadedKiB: Math.round(samples[0].loadedBytes / 1024),
        requests: samples[0].requests,
      });
      console.log(JSON.stringify(figures.at(-1)));
    }
    if (process.env.BENCH_DASHBOARD_OUTPUT)
      save(process.env.BENCH_DASHBOARD_OUTPUT, { base, date, department, machineBusyBeforePercent, views: figures });
  } finally {
    await browser.close();
  }
}

/** Keeps this run's figures under its label, next to the other labels' (a file per machine state is not needed). */
function save(
  file: string,
  run: { base: string; date: string; department: string; machineBusyBeforePercent: number | null; views: ViewFigures[] },
): void {
  const label = process.env.BENCH_DASHBOARD_LABEL || "default";
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { runs?: Record<string, unknown> }) : {};
  const runs = { ...(previous.runs ?? {}), [label]: { timestamp: new Date().toISOString(), ...run } };
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
