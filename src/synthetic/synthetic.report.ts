import type { SyntheticPlan } from "./plan.types";
import { countBy, type StepTimes } from "./synthetic.write";

export const syntheticSourceCode = (seed: number): string => `synthetic:${seed}`;

export interface SyntheticReport {
  seed: number;
  scale: number;
  sourceCode: string;
  sourceId: number;
  /** An earlier set of the same seed was found and removed before generating. */
  replacedEarlierSet: boolean;
  territories: { selected: number; total: number };
  /** Holders left without a synthetic CTG because they already have a real one (reference cases, imports). */
  skippedHolders: string[];
  sdsfSchemes: number;
  sdsfAxes: number;
  conventions: {
    total: number;
    /** The holders' latest CTG (what a territory has now). */
    current: number;
    /** Expired CTG replaced by a renewal. */
    predecessors: number;
    intercommunal: number;
    communal: number;
    byStage: Record<string, number>;
  };
  coveredCommunes: number;
  signatories: number;
  conventionSdsfAxes: number;
  objectives: number;
  actions: { total: number; byStatus: Record<string, number> };
  associations: { total: number; withRna: number; withSiren: number };
  partnerships: { conventions: number; actions: number };
  facilities: { total: number; byKind: Record<string, number> };
  facilityApprovals: number;
  /** Indicators planned, and those written (a commune's value from another source is never overwritten). */
  indicators: { planned: number; inserted: number };
  /** The follow-up of the plans: rows written per table. */
  followUp: {
    pilots: number;
    actionsWithoutPilot: number;
    budgetLines: number;
    fundings: number;
    notes: number;
    meetings: number;
    meetingAttendance: number;
    evaluations: number;
    objectiveAssessments: number;
    planIndicators: number;
  };
  /** Milliseconds per step: removal of an earlier set, reading the geography, planning, ids, each table's inserts. */
  stepsMs: Record<string, number>;
  durationMs: number;
}

export interface SyntheticRemoveReport {
  seed: number;
  sourceCode: string;
  found: boolean;
  deleted: Record<string, number>;
  durationMs: number;
}

export class SyntheticDataError extends Error {}

function followUpCounts(plan: SyntheticPlan): SyntheticReport["followUp"] {
  const f = plan.followUp;
  const piloted = new Set(f.pilots.map((p) => p.action));
  return {
    pilots: f.pilots.length,
    actionsWithoutPilot: plan.actions.length - piloted.size,
    budgetLines: f.budgetLines.length,
    fundings: f.fundings.length,
    notes: f.notes.length,
    meetings: f.meetings.length,
    meetingAttendance: f.meetings.reduce((sum, m) => sum + m.attendance.length, 0),
    evaluations: f.evaluations.length,
    objectiveAssessments: f.evaluations.reduce((sum, e) => sum + e.assessments.length, 0),
    planIndicators: f.planIndicators.length,
  };
}

export function reportOf(
  plan: SyntheticPlan,
  sourceId: number,
  replacedEarlierSet: boolean,
  indicatorsInserted: number,
  stepsMs: StepTimes,
  started: number,
): SyntheticReport {
  const predecessors = plan.conventions.filter((c) => c.isPredecessor).length;
  const communal = plan.conventions.filter((c) => c.holderCommuneCode !== null).length;
  return {
    seed: plan.seed,
    scale: plan.scale,
    sourceCode: syntheticSourceCode(plan.seed),
    sourceId,
    replacedEarlierSet,
    territories: plan.territories,
    skippedHolders: plan.skippedHolders,
    sdsfSchemes: plan.schemes.length,
    sdsfAxes: plan.axes.length,
    conventions: {
      total: plan.conventions.length,
      current: plan.conventions.length - predecessors,
      predecessors,
      intercommunal: plan.conventions.length - communal,
      communal,
      byStage: countBy(plan.conventions, (c) => c.stage),
    },
    coveredCommunes: plan.coverage.length,
    signatories: plan.signatories.length,
    conventionSdsfAxes: plan.conventionAxes.length,
    objectives: plan.objectives.length,
    actions: { total: plan.actions.length, byStatus: countBy(plan.actions, (a) => a.status) },
    associations: {
      total: plan.associations.length,
      withRna: plan.associations.filter((a) => a.rna !== null).length,
      withSiren: plan.associations.filter((a) => a.siren !== null).length,
    },
    partnerships: {
      conventions: plan.partnerships.filter((p) => p.convention !== null).length,
      actions: plan.partnerships.filter((p) => p.action !== null).length,
    },
    facilities: { total: plan.facilities.length, byKind: countBy(plan.facilities, (f) => f.kind) },
    facilityApprovals: plan.approvals.length,
    indicators: { planned: plan.indicators.length, inserted: indicatorsInserted },
    followUp: followUpCounts(plan),
    stepsMs,
    durationMs: Date.now() - started,
  };
}
