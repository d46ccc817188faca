import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
import { SourceKind } from "../provenance/source.entity";
import { upsertSource } from "../provenance/source.service";
import { planSynthetic } from "./plan";
import { readSyntheticGeography } from "./synthetic.geography";
import { reportOf, SyntheticDataError, syntheticSourceCode, type SyntheticRemoveReport, type SyntheticReport } from "./synthetic.report";
import { timed, writePlan, type StepTimes } from "./synthetic.write";
import { writeFollowUp } from "./synthetic.write.followup";
import { SYNTHETIC_INDICATOR_PREFIX } from "./vocabulary.followup";

export { readSyntheticGeography } from "./synthetic.geography";
export { SyntheticDataError, syntheticSourceCode, type SyntheticRemoveReport, type SyntheticReport } from "./synthetic.report";

/**
 * Loads the synthetic data set into the database: a plan built in memory (see plan.ts), written with a
 * handful of set-based statements per table (`INSERT … SELECT … FROM json_to_recordset($1::json)`), in
 * batches, in one transaction. Ids of rows that have children are taken from the tables' sequences
 * beforehand, so children are written with their parents' ids without reading anything back.
 */

export const DEFAULT_SEED = 42;
export const DEFAULT_SCALE = 1;

function validateOptions(seed: number, scale: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SyntheticDataError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new SyntheticDataError(`scale must be in (0, 1] (1 = the national set), got ${scale}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Removing
// ---------------------------------------------------------------------------------------------

/**
 * Deletes every row of a synthetic source, children first. Cascades would do part of it, but explicit
 * deletes keep the order under control (signatories go before associations, so the association check
 * does not scan them) and give a count per table.
 */
const REMOVE_STEPS: ReadonlyArray<readonly [string, string]> = [
  [
    "partnerships",
    `DELETE FROM partnership p WHERE p.association_id IN (SELECT id FROM partner_association WHERE source_id = $1)
    OR p.convention_id IN (SELECT id FROM convention WHERE source_id = $1)
    OR p.action_id IN (SELECT id FROM action WHERE source_id = $1)`,
  ],
  ["facilityApprovals", `DELETE FROM facility_approval WHERE facility_id IN (SELECT id FROM facility WHERE source_id = $1)`],
  ["facilities", `DELETE FROM facility WHERE source_id = $1`],
  ["signatories", `DELETE FROM convention_signatory WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["conventionSdsfAxes", `DELETE FROM convention_sdsf_axis WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["coveredCommunes", `DELETE FROM convention_commune WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  // The follow-up of the synthetic actions and conventions (cascades would do it; these give the counts).
  ["pilots", `DELETE FROM action_pilot WHERE action_id IN (SELECT id FROM action WHERE source_id = $1)`],
  ["fundings", `DELETE FROM action_funding WHERE action_id IN (SELECT id FROM action WHERE source_id = $1)`],
  ["budgetLines", `DELETE FROM action_budget_line WHERE action_id IN (SELECT id FROM action WHERE source_id = $1)`],
  ["notes", `DELETE FROM action_note WHERE action_id IN (SELECT id FROM action WHERE source_id = $1)`],
  [
    "meetingAttendance",
    `DELETE FROM meeting_attendance WHERE meeting_id IN (SELECT m.id FROM convention_meeting m JOIN convention c ON c.id = m.convention_id
      WHERE c.source_id = $1)`,
  ],
  ["meetings", `DELETE FROM convention_meeting WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  [
    "objectiveAssessments",
    `DELETE FROM objective_assessment WHERE evaluation_id IN (SELECT e.id FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id
      WHERE c.source_id = $1)`,
  ],
  ["evaluations", `DELETE FROM convention_evaluation WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["planIndicators", `DELETE FROM indicator_value WHERE source_id = $1 AND commune_code IS NULL AND intercommunality_siren IS NULL`],
  ["actions", `DELETE FROM action WHERE source_id = $1 OR convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  ["objectives", `DELETE FROM objective WHERE convention_id IN (SELECT id FROM convention WHERE source_id = $1)`],
  // A renewal points to its predecessor (ON DELETE RESTRICT): unlink before deleting both.
  ["unlinkedRenewals", `UPDATE convention SET predecessor_id = NULL WHERE source_id = $1 AND predecessor_id IS NOT NULL`],
  ["conventions", `DELETE FROM convention WHERE source_id = $1`],
  ["sdsfAxes", `DELETE FROM sdsf_axis WHERE scheme_id IN (SELECT id FROM sdsf_scheme WHERE source_id = $1)`],
  ["sdsfSchemes", `DELETE FROM sdsf_scheme WHERE source_id = $1`],
  ["indicators", `DELETE FROM indicator_value WHERE source_id = $1`],
  ["associations", `DELETE FROM partner_association WHERE source_id = $1`],
  // The synthetic plan indicators' definitions, once no value of theirs is left.
  [
    "indicatorDefinitions",
    `DELETE FROM indicator_definition d WHERE starts_with(d.code, '${SYNTHETIC_INDICATOR_PREFIX}')
      AND NOT EXISTS (SELECT 1 FROM indicator_value v WHERE v.indicator = d.code AND v.source_id IS DISTINCT FROM $1)`,
  ],
  ["sources", `DELETE FROM source WHERE id = $1`],
];

async function removeSource(manager: EntityManager, sourceId: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const [label, statement] of REMOVE_STEPS) {
    // Wrapped in a CTE so both drivers return the count the same way (TypeORM reshapes a bare DELETE's result).
    const [row]: Array<{ n: number }> = await manager.query(`WITH done AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM done`, [
      sourceId,
    ]);
    deleted[label] = row.n;
  }
  return deleted;
}

/**
 * Communes and EPCI that hold a convention already. Called once this seed's earlier set is removed (and
 * with no other seed loaded), so these are real conventions, which the synthetic set leaves alone.
 */
async function conventionHolders(manager: EntityManager): Promise<Set<string>> {
  const rows: Array<{ code: string }> = await manager.query(
    `SELECT DISTINCT coalesce(holder_commune_code, holder_intercommunality_siren) AS code FROM convention`,
  );
  return new Set(rows.map((r) => r.code));
}

async function sourceIdOf(manager: EntityManager, code: string): Promise<number | null> {
  const rows: Array<{ id: number }> = await manager.query(`SELECT id FROM source WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

/** Deletes the synthetic set of a seed (everything recorded under source `synthetic:<seed>`). */
export async function removeSynthetic(manager: EntityManager, seed: number = DEFAULT_SEED): Promise<SyntheticRemoveReport> {
  const started = Date.now();
  const sourceCode = syntheticSourceCode(seed);
  return inDataTransaction(manager, async (tx) => {
    const sourceId = await sourceIdOf(tx, sourceCode);
    const deleted = sourceId === null ? {} : await removeSource(tx, sourceId);
    return { seed, sourceCode, found: sourceId !== null, deleted, durationMs: Date.now() - started };
  });
}

/**
 * Generates the synthetic set of a seed and scale on the geography in the database, in one transaction.
 * Re-running a seed replaces its earlier set (removed first, whatever its scale). Only one seed at a time:
 * the sets of two seeds would claim the same references and RNA numbers, so a second seed is refused
 * until the first is removed.
 */
export async function generateSynthetic(manager: EntityManager, options: { seed?: number; scale?: number } = {}): Promise<SyntheticReport> {
  const started = Date.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? DEFAULT_SCALE;
  validateOptions(seed, scale);
  const sourceCode = syntheticSourceCode(seed);
  return inDataTransaction(manager, async (tx) => {
    const others: Array<{ code: string }> = await tx.query(
      `SELECT code FROM source WHERE code LIKE 'synthetic:%' AND code <> $1 ORDER BY code`,
      [sourceCode],
    );
    if (others.length > 0) {
      const codes = others.map((o) => o.code).join(", ");
      throw new SyntheticDataError(
        `another synthetic set is loaded (${codes}): remove it first (generate-synthetic --remove --seed ${others[0].code.slice("synthetic:".length)})`,
      );
    }
    const steps: StepTimes = {};
    const earlier = await sourceIdOf(tx, sourceCode);
    if (earlier !== null) await timed(steps, "removeEarlierSet", () => removeSource(tx, earlier));
    const geography = await timed(steps, "readGeography", () => readSyntheticGeography(tx));
    const holders = await conventionHolders(tx);
    const plan = await timed(steps, "plan", async () => planSynthetic(geography, { seed, scale }, holders));
    const sourceId = await upsertSource(tx, {
      code: sourceCode,
      kind: SourceKind.SYNTHETIC,
      title: "Données synthétiques générées par programme pour les démonstrations et les tests de charge (aucune donnée réelle)",
      citation:
        "Générées par ctg-hub (src/synthetic) sur la géographie officielle chargée dans la base ; " +
        "références SYN-…, associations « [synthétique] », RNA W..99….., SIREN 990…, domaine exemple.fr",
      vintage: `graine ${seed}, échelle ${scale}`,
    });
    const { indicatorsInserted, ids } = await writePlan(tx, plan, sourceId, steps);
    await writeFollowUp(tx, plan.followUp, ids, sourceId, steps);
    return reportOf(plan, sourceId, earlier !== null, indicatorsInserted, steps, started);
  });
}
