import "reflect-metadata";
import { describeDatabase, loadConfig } from "../config";
import { createDataSource } from "../server/database";
import { seedIfEmpty } from "../server/seed";
import {
  DEFAULT_SCALE,
  DEFAULT_SEED,
  SyntheticDataError,
  generateSynthetic,
  removeSynthetic,
  type SyntheticReport,
} from "../synthetic/synthetic.load";

const USAGE = "usage: node dist/src/cli/generate-synthetic.js [--seed N] [--scale X] [--remove]";

interface Arguments {
  seed: number;
  scale: number;
  remove: boolean;
}

/** Reads `--seed N`, `--scale X` (also `--seed=N`) and `--remove`; anything else is an error. */
export function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { seed: DEFAULT_SEED, scale: DEFAULT_SCALE, remove: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const raw = inline ?? argv[++i];
      if (raw === undefined || raw === "") throw new Error(`${flag} needs a value\n${USAGE}`);
      const number = Number(raw);
      if (!Number.isFinite(number)) throw new Error(`${flag} expects a number, got "${raw}"\n${USAGE}`);
      return number;
    };
    if (flag === "--seed") parsed.seed = value();
    else if (flag === "--scale") parsed.scale = value();
    else if (flag === "--remove") parsed.remove = true;
    else throw new Error(`unknown argument "${argv[i]}"\n${USAGE}`);
  }
  return parsed;
}

const n = (value: number) => value.toLocaleString("en-US").padStart(9);
const breakdown = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

function printReport(r: SyntheticReport): void {
  console.log(
    `synthetic set ${r.sourceCode} (scale ${r.scale}) in ${r.durationMs} ms` +
      `${r.replacedEarlierSet ? ", replacing the earlier set of this seed" : ""}`,
  );
  console.log(
    `  territories          ${n(r.territories.selected)} of ${r.territories.total}` +
      `${r.skippedHolders.length > 0 ? ` (left to their real CTG: ${r.skippedHolders.join(", ")})` : ""}`,
  );
  console.log(`  SDSF schemes / axes  ${n(r.sdsfSchemes)} / ${r.sdsfAxes}`);
  console.log(
    `  conventions          ${n(r.conventions.total)} (current ${r.conventions.current}, expired predecessors ${r.conventions.predecessors}; ` +
      `intercommunal ${r.conventions.intercommunal}, communal ${r.conventions.communal}; ${breakdown(r.conventions.byStage)})`,
  );
  console.log(`  covered communes     ${n(r.coveredCommunes)}`);
  console.log(`  signatories          ${n(r.signatories)}`);
  console.log(`  convention SDSF axes ${n(r.conventionSdsfAxes)}`);
  console.log(`  objectives           ${n(r.objectives)}`);
  console.log(`  actions              ${n(r.actions.total)} (${breakdown(r.actions.byStatus)})`);
  console.log(`  associations         ${n(r.associations.total)} (RNA ${r.associations.withRna}, SIREN ${r.associations.withSiren})`);
  console.log(
    `  partnerships         ${n(r.partnerships.conventions + r.partnerships.actions)} (conventions ${r.partnerships.conventions}, actions ${r.partnerships.actions})`,
  );
  console.log(`  facilities           ${n(r.facilities.total)} (${breakdown(r.facilities.byKind)})`);
  console.log(`  facility approvals   ${n(r.facilityApprovals)}`);
  console.log(`  indicators           ${n(r.indicators.inserted)} written of ${r.indicators.planned}`);
  const f = r.followUp;
  console.log(`  pilots               ${n(f.pilots)} (${f.actionsWithoutPilot} actions without pilot)`);
  console.log(`  budget lines         ${n(f.budgetLines)} (fundings ${f.fundings})`);
  console.log(`  notes                ${n(f.notes)}`);
  console.log(`  meetings             ${n(f.meetings)} (attendance ${f.meetingAttendance})`);
  console.log(`  evaluations          ${n(f.evaluations)} (objective assessments ${f.objectiveAssessments})`);
  console.log(`  plan indicators      ${n(f.planIndicators)}`);
  console.log(`  time per step (ms)   ${breakdown(r.stepsMs)}`);
}

/**
 * `npm run generate:synthetic -- [--seed N] [--scale X] [--remove]`: (re)generates the synthetic set of a
 * seed on the configured database, or removes it. Regenerating a seed replaces its earlier set.
 */
async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  console.log(`database: ${describeDatabase(config.database)}`);
  const dataSource = await createDataSource(config.database).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    if (args.remove) {
      const report = await removeSynthetic(dataSource.manager, args.seed);
      if (!report.found) {
        console.log(`no synthetic set ${report.sourceCode}: nothing to remove`);
        return;
      }
      console.log(`removed ${report.sourceCode} in ${report.durationMs} ms`);
      for (const [table, count] of Object.entries(report.deleted)) console.log(`  ${table.padEnd(20)} ${n(count)}`);
      return;
    }
    // Like the server: an empty database gets the geography and reference cases first (CTG_HUB_SEED=false to skip).
    if (config.seedOnStart) await seedIfEmpty(dataSource);
    printReport(await generateSynthetic(dataSource.manager, { seed: args.seed, scale: args.scale }));
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // A refusal (bad option, another seed loaded, no geography) is a message; anything else keeps its stack.
    console.error("synthetic data generation failed:", error instanceof SyntheticDataError ? error.message : error);
    process.exit(1);
  });
}
