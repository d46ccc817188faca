import type { DataSource } from "typeorm";
import { importVintages, type VintageImportReport } from "../territory/vintages.import";

/**
 * The COG vintages on a database that has none yet (a first `npm start`): loaded in the background once the hub
 * answers, so that the first answer does not wait for them (cold start ≤ 10 s; they take about 6 s on the embedded
 * database). Until they are in, a figure on a past date is on the current geography and says so
 * (`geographyVintage`); their import moves the data version on, so the response cache forgets those answers.
 * `npm run import:geography` loads them too (and again after an upgrade of the packages).
 */
export type VintagesOnStart = { status: "present" } | { status: "loaded"; report: VintageImportReport };

/** Whether the vintages are loaded (their source is recorded by the import, in its transaction). */
async function vintagesPresent(dataSource: DataSource): Promise<boolean> {
  const [row]: Array<{ present: boolean }> = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM source WHERE code = 'geography-vintages') AS present`,
  );
  return row.present;
}

/** Loads the vintages unless present: idempotent, all or nothing (one transaction). */
export async function loadVintagesIfMissing(dataSource: DataSource): Promise<VintagesOnStart> {
  if (await vintagesPresent(dataSource)) return { status: "present" };
  return { status: "loaded", report: await importVintages(dataSource.manager) };
}

/** Delay before the background load: the first requests (a dashboard's first page) are answered first. */
export const VINTAGES_DELAY_MS = 3000;

/** Starts the background load after `delayMs`; what it did, or why it failed, is logged (in French), never thrown. */
export function loadVintagesInBackground(
  dataSource: DataSource,
  log: { info(line: string): void; warn(line: string): void },
  delayMs = VINTAGES_DELAY_MS,
): NodeJS.Timeout {
  const timer = setTimeout(() => {
    loadVintagesIfMissing(dataSource).then(
      (result) => {
        if (result.status === "loaded") {
          const { years, durationMs } = result.report;
          log.info(`ctg-hub : millésimes de la géographie ${years.join(", ")} chargés en ${(durationMs / 1000).toFixed(1)} s`);
        }
      },
      (error: unknown) => {
        // Stopped meanwhile (the pool closed), or a failure: past figures stay on the current geography and say so.
        if (dataSource.isInitialized) {
          const reason = error instanceof Error ? error.message : String(error);
          log.warn(`ctg-hub : millésimes de la géographie non chargés (${reason}) ; npm run import:geography les charge`);
        }
      },
    );
  }, delayMs);
  // A hub stopped before the delay does not wait for it.
  timer.unref();
  return timer;
}
