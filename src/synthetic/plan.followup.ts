import { Theme } from "../common/theme";
import { ActionStatus, ConventionStage, SignatoryKind, SignatoryRole } from "../convention/convention-enums";
import {
  BudgetKind,
  BudgetUnit,
  EvaluationKind,
  FunderKind,
  MeetingKind,
  ObjectiveAchievement,
  PilotKind,
} from "../convention/followup-enums";
import { FAKE_DOMAIN, addDays, isoDate } from "./identifiers";
import { SYNTHETIC_AS_OF, dayBetween, weightedPair } from "./plan.rules";
import type {
  FollowUpPlan,
  PlannedAction,
  PlannedBudgetLine,
  PlannedConvention,
  PlannedEvaluation,
  PlannedMeeting,
  PlannedPilot,
  SyntheticPlan,
} from "./plan.types";
import { GOLDEN_STEP, Rng, evenlySpread, hashUnit } from "./prng";
import {
  ASSESSMENT_COMMENTS,
  EVALUATION_SUMMARIES,
  FINAL_SUMMARY,
  HOLDER_SERVICES,
  NOTE_TEXTS,
  PILOT_FIRST_NAMES,
  STEERING_DECISIONS,
  SYNTHETIC_PLAN_INDICATORS,
  pilotRoles,
} from "./vocabulary.followup";

/**
 * The follow-up of the synthetic plans, planned from the conventions, objectives and actions already planned:
 * pilots, budget lines and their funders, journal notes, comités de pilotage and techniques, yearly and final
 * evaluations, plan indicators. Each convention draws from its own stream (`followup:<reference>`), so the rest
 * of the set is drawn exactly as before. The spreads a comité de pilotage would recognise:
 *  - one plan in twelve has no pilot at all, and a fifth of the other actions have none (half in a plan in preparation);
 *  - most actions spend less than planned (three in four between 60 % and 97 %), a few more (up to 112 %);
 *  - a few notes per running action, one comité de pilotage a year and up to two comités techniques;
 *  - a yearly evaluation for every past year of a signed convention, a final one for an expired one.
 */

const AS_OF_YEAR = Number(SYNTHETIC_AS_OF.slice(0, 4));
const yearOf = (date: string) => Number(date.slice(0, 4));
/** Euros rounded to the hundred. */
const euros = (amount: number) => Math.max(0, Math.round(amount / 100) * 100);

type Phase = "current" | "preparation" | "expired" | "terminated";

function phaseOf(convention: PlannedConvention): Phase {
  if (convention.isPredecessor) return "expired";
  if (convention.stage === ConventionStage.IN_PREPARATION) return "preparation";
  return convention.stage === ConventionStage.TERMINATED ? "terminated" : "current";
}

/** What the follow-up of one convention draws on. */
interface ConventionView {
  index: number;
  convention: PlannedConvention;
  phase: Phase;
  actions: number[];
  objectives: number[];
  holder: { name: string; kind: SignatoryKind };
  caf: string;
  communes: string[];
  /** Partner associations of the convention, and each action's (operator first). */
  partners: number[];
  actionPartners: Map<number, number[]>;
  /** The last day the follow-up may be dated: the data set's day, or the end of an expired or terminated CTG. */
  lastDay: string;
}

function conventionViews(plan: Omit<SyntheticPlan, "followUp">): ConventionView[] {
  const views: ConventionView[] = plan.conventions.map((convention, index) => ({
    index,
    convention,
    phase: phaseOf(convention),
    actions: [],
    objectives: [],
    holder: { name: convention.title, kind: SignatoryKind.OTHER },
    caf: "CAF",
    communes: [],
    partners: [],
    actionPartners: new Map(),
    lastDay: [SYNTHETIC_AS_OF, convention.terminatedOn ?? convention.endsOn].sort()[0],
  }));
  plan.actions.forEach((a, i) => {
    views[a.convention].actions.push(i);
  });
  plan.objectives.forEach((o, i) => {
    views[o.convention].objectives.push(i);
  });
  for (const s of plan.signatories) {
    if (s.role === SignatoryRole.CAF) views[s.convention].caf = s.name;
    if (s.role === SignatoryRole.HOLDER) views[s.convention].holder = { name: s.name, kind: s.kind };
  }
  for (const c of plan.coverage) views[c.convention].communes.push(c.communeCode);
  for (const p of plan.partnerships) {
    if (p.convention !== null) views[p.convention].partners.push(p.association);
    if (p.action !== null) {
      const view = views[plan.actions[p.action].convention];
      const list = view.actionPartners.get(p.action) ?? [];
      if (p.role === "OPERATOR") list.unshift(p.association);
      else list.push(p.association);
      view.actionPartners.set(p.action, list);
    }
  }
  return views;
}

class FollowUpPlanner {
  readonly out: FollowUpPlan = { pilots: [], budgetLines: [], fundings: [], notes: [], meetings: [], evaluations: [], planIndicators: [] };
  private personSerial = 0;
  private readonly pilotlessOffset: number;

  constructor(
    private readonly plan: Omit<SyntheticPlan, "followUp">,
    private readonly seed: number,
  ) {
    this.pilotlessOffset = hashUnit(seed, "offset:plans-without-pilots");
  }

  convention(view: ConventionView): void {
    const rng = Rng.stream(this.seed, `followup:${view.convention.reference}`);
    // Spread evenly along the plan's conventions (see `evenlySpread`), so a small set has its plan without pilots too.
    const withoutPilots = view.phase !== "expired" && evenlySpread(view.index, GOLDEN_STEP, this.pilotlessOffset) < 1 / 12;
    for (const action of view.actions) {
      const pilots = withoutPilots ? [] : this.pilots(rng, view, action);
      this.money(rng, view, action);
      this.notes(rng, view, action, pilots);
      this.actionIndicator(rng, view, action);
    }
    this.meetings(rng, view);
    this.evaluations(rng, view);
  }

  private pilots(rng: Rng, view: ConventionView, action: number): PlannedPilot[] {
    if (!rng.chance(view.phase === "preparation" ? 0.5 : 0.8)) return [];
    const { theme } = this.plan.actions[action];
    const association = view.actionPartners.get(action)?.[0] ?? null;
    const count = rng.chance(0.25) ? 2 : 1;
    const pilots: PlannedPilot[] = [];
    for (let position = 1; position <= count; position++) {
      const kind = weightedPair(rng, [
        [PilotKind.PERSON, 50],
        [PilotKind.SERVICE, 30],
        [PilotKind.ASSOCIATION, association !== null && position === 1 ? 20 : 0],
      ] as const);
      pilots.push(this.pilot(rng, view, action, position, kind, theme, association));
    }
    this.out.pilots.push(...pilots);
    return pilots;
  }

  private pilot(
    rng: Rng,
    view: ConventionView,
    action: number,
    position: number,
    kind: PilotKind,
    theme: Theme,
    association: number | null,
  ): PlannedPilot {
    if (kind === PilotKind.ASSOCIATION) {
      return { action, position, kind, name: null, role: null, organisation: null, association, contact: null };
    }
    if (kind === PilotKind.SERVICE) {
      return {
        action,
        position,
        kind,
        name: rng.pick(HOLDER_SERVICES),
        role: null,
        organisation: view.holder.name,
        association: null,
        contact: null,
      };
    }
    const serial = ++this.personSerial;
    const initial = String.fromCharCode(65 + rng.int(0, 25));
    return {
      action,
      position,
      kind,
      name: `${rng.pick(PILOT_FIRST_NAMES)} ${initial}. (synthétique)`,
      role: rng.pick(pilotRoles(theme)),
      organisation: view.holder.name,
      association: null,
      contact: rng.chance(0.7) ? `pilote.${serial}@${FAKE_DOMAIN}` : null,
    };
  }

  /** Budget lines of an action with a budget, and their funders. */
  private money(rng: Rng, view: ConventionView, action: number): void {
    const a = this.plan.actions[action];
    if (a.budget === null) return;
    const first = yearOf(a.startsOn ?? view.convention.startsOn);
    const last = Math.max(first, Math.min(yearOf(a.endsOn ?? view.convention.endsOn), first + 4));
    const invests = (a.theme === Theme.EARLY_CHILDHOOD || a.theme === Theme.SOCIAL_LIFE) && a.budget >= 100_000 && rng.chance(0.6);
    const investment = invests ? euros(a.budget * rng.between(0.5, 0.7)) : 0;
    if (investment > 0) {
      const ratio =
        a.status === ActionStatus.DONE ? rng.between(0.85, 1.05) : a.status === ActionStatus.IN_PROGRESS ? rng.between(0.3, 0.9) : 0;
      const actual = spends(a) ? euros(investment * ratio) : null;
      this.line(rng, view, a, action, {
        action,
        year: null,
        kind: BudgetKind.INVESTMENT,
        unit: BudgetUnit.EUROS,
        planned: investment,
        actual,
      });
    }
    const years = last - first + 1;
    const yearly = euros((a.budget - investment) / years);
    for (let year = first; year <= last; year++) {
      const planned = year === last ? Math.max(0, a.budget - investment - yearly * (years - 1)) : yearly;
      this.line(rng, view, a, action, {
        action,
        year,
        kind: BudgetKind.OPERATING,
        unit: BudgetUnit.EUROS,
        planned,
        actual: actualOf(rng, a, year, planned),
      });
    }
    if (rng.chance(0.2)) {
      const planned = 0.5 * rng.int(1, 4);
      const actual = spends(a) ? Math.round(planned * rng.between(0.6, 1) * 10) / 10 : null;
      this.out.budgetLines.push({ action, year: null, kind: BudgetKind.OPERATING, unit: BudgetUnit.FTE, planned, actual });
    }
  }

  /** A line in euros and its two to four funders: the holder, a CAF channel, and sometimes a commune or another partner. */
  private line(rng: Rng, view: ConventionView, a: PlannedAction, action: number, line: PlannedBudgetLine): void {
    this.out.budgetLines.push(line);
    const operating = line.kind === BudgetKind.OPERATING;
    const cafChannels = [
      ...(operating && [Theme.EARLY_CHILDHOOD, Theme.CHILDHOOD, Theme.YOUTH, Theme.SOCIAL_LIFE].includes(a.theme)
        ? [FunderKind.CAF_SERVICE_PAYMENT]
        : []),
      ...(operating && view.convention.bonusTerritoire ? [FunderKind.CAF_BONUS_TERRITOIRE] : []),
      FunderKind.CAF_PUBLIC_AND_TERRITORIES_FUND,
    ];
    const funders: Array<{ funder: FunderKind; communeCode: string | null; funderName: string | null }> = [
      { funder: FunderKind.HOLDER, communeCode: null, funderName: null },
      { funder: rng.pick(cafChannels), communeCode: null, funderName: null },
    ];
    if (view.holder.kind === SignatoryKind.INTERCOMMUNALITY && view.communes.length > 0 && rng.chance(0.3)) {
      funders.push({ funder: FunderKind.COMMUNE, communeCode: rng.pick(view.communes), funderName: null });
    }
    const other = weightedPair(rng, [
      [null, 55],
      [FunderKind.DEPARTMENT_COUNCIL, 20],
      [FunderKind.STATE, 12],
      [FunderKind.MSA, 8],
      [FunderKind.OTHER, 5],
    ] as const);
    if (other !== null) {
      funders.push({
        funder: other,
        communeCode: null,
        funderName: other === FunderKind.OTHER ? "Fondation d'entreprise (synthétique)" : null,
      });
    }
    const weights = funders.map(() => rng.between(1, 3));
    const total = weights.reduce((sum, w) => sum + w, 0);
    let plannedLeft = line.planned;
    let actualLeft = line.actual;
    funders.forEach((f, i) => {
      const lastOne = i === funders.length - 1;
      const share = weights[i] / total;
      const planned = lastOne ? plannedLeft : Math.min(plannedLeft, euros(line.planned * share));
      const actual = actualLeft === null ? null : lastOne ? actualLeft : Math.min(actualLeft, euros((line.actual ?? 0) * share));
      plannedLeft -= planned;
      if (actualLeft !== null && actual !== null) actualLeft -= actual;
      this.out.fundings.push({
        action,
        line: { kind: line.kind, unit: line.unit, year: line.year },
        year: line.year,
        ...f,
        planned,
        actual,
      });
    });
  }

  /** Zero to three notes on an action under way or finished, dated within its life and before the data set's day. */
  private notes(rng: Rng, view: ConventionView, action: number, pilots: readonly PlannedPilot[]): void {
    const a = this.plan.actions[action];
    if (a.status === ActionStatus.PLANNED) return;
    const from = a.startsOn ?? view.convention.startsOn;
    const to = [view.lastDay, addDays(a.endsOn ?? view.convention.endsOn, 90)].sort()[0];
    if (from > to) return;
    const count = weightedPair(rng, [
      [0, 30],
      [1, 35],
      [2, 25],
      [3, 10],
    ] as const);
    const authors = [view.caf, view.holder.name, ...pilots.flatMap((p) => (p.kind === PilotKind.PERSON && p.name ? [p.name] : []))];
    for (let i = 0; i < count; i++) {
      this.out.notes.push({
        action,
        notedOn: dayBetween(rng, from, to),
        author: rng.pick(authors),
        text: rng.pick(NOTE_TEXTS),
        restricted: rng.chance(0.2),
      });
    }
  }

  /** A third of the actions under way or done measure their participants each year: a baseline, a target, a result below it mostly. */
  private actionIndicator(rng: Rng, view: ConventionView, action: number): void {
    const a = this.plan.actions[action];
    if (view.phase === "preparation" || (a.status !== ActionStatus.IN_PROGRESS && a.status !== ActionStatus.DONE) || !rng.chance(0.35))
      return;
    const first = yearOf(a.startsOn ?? view.convention.startsOn);
    const last = Math.min(yearOf(a.endsOn ?? view.convention.endsOn), yearOf(view.lastDay) - 1, first + 3);
    const baseline = rng.int(0, 40);
    const target = baseline + 10 * rng.int(2, 20);
    for (let year = first; year <= last; year++) {
      const reached = ((year - first + 1) / (last - first + 1)) * rng.between(0.55, 1.1);
      this.out.planIndicators.push({
        indicator: SYNTHETIC_PLAN_INDICATORS.action.code,
        year,
        action,
        objective: null,
        convention: null,
        baseline,
        target,
        value: Math.round(baseline + (target - baseline) * reached),
      });
    }
  }

  /** A comité de pilotage each year (in spring) and up to two comités techniques, until the data set's day. */
  private meetings(rng: Rng, view: ConventionView): void {
    const start = view.convention.startsOn;
    if (view.phase === "preparation") {
      this.meeting(rng, view, dayBetween(rng, addDays(SYNTHETIC_AS_OF, -180), SYNTHETIC_AS_OF), MeetingKind.TECHNICAL_COMMITTEE);
      return;
    }
    for (let year = yearOf(start); year <= yearOf(view.lastDay); year++) {
      const steering = isoDate(year, rng.int(3, 6), rng.int(1, 28));
      if (steering >= start && steering <= view.lastDay) this.meeting(rng, view, steering, MeetingKind.STEERING_COMMITTEE);
      for (const month of rng.sample([2, 9, 11], rng.int(0, 2)).sort((x, y) => x - y)) {
        const technical = isoDate(year, month, rng.int(1, 28));
        if (technical >= start && technical <= view.lastDay) this.meeting(rng, view, technical, MeetingKind.TECHNICAL_COMMITTEE);
      }
    }
  }

  private meeting(rng: Rng, view: ConventionView, heldOn: string, kind: MeetingKind): void {
    const attendance: PlannedMeeting["attendance"] = [
      { organisationKind: SignatoryKind.CAF, organisation: view.caf, attendees: rng.int(1, 3) },
      { organisationKind: view.holder.kind, organisation: view.holder.name, attendees: rng.int(1, 4) },
    ];
    if (rng.chance(0.5))
      attendance.push({ organisationKind: SignatoryKind.DEPARTMENT_COUNCIL, organisation: "Conseil départemental", attendees: 1 });
    if (rng.chance(0.25)) attendance.push({ organisationKind: SignatoryKind.MSA, organisation: "MSA", attendees: 1 });
    const names = new Set(attendance.map((x) => x.organisation));
    for (const association of rng.sample(view.partners, rng.int(0, 2))) {
      const name = this.plan.associations[association].name;
      if (names.has(name)) continue;
      names.add(name);
      attendance.push({ organisationKind: SignatoryKind.ASSOCIATION, organisation: name, attendees: rng.int(1, 2) });
    }
    const decisions = kind === MeetingKind.STEERING_COMMITTEE ? rng.pick(STEERING_DECISIONS) : null;
    this.out.meetings.push({ convention: view.index, heldOn, kind, decisions, attendance });
  }

  /** A yearly evaluation of every past year (adopted the next spring), a final one for an expired CTG; objectives assessed. */
  private evaluations(rng: Rng, view: ConventionView): void {
    if (view.phase === "preparation") return;
    const first = yearOf(view.convention.startsOn);
    const end = yearOf(view.convention.endsOn);
    const duration = end - first + 1;
    for (let year = first; year <= end; year++) {
      const evaluatedOn = isoDate(year + 1, rng.int(2, 5), rng.int(1, 28));
      if (evaluatedOn > SYNTHETIC_AS_OF || year > yearOf(view.lastDay)) break;
      this.evaluation(rng, view, EvaluationKind.YEARLY, year, evaluatedOn, (year - first + 1) / duration);
    }
    if (view.phase === "expired") {
      this.evaluation(rng, view, EvaluationKind.FINAL, end, isoDate(end, rng.int(9, 11), rng.int(1, 28)), 1);
    }
  }

  private evaluation(rng: Rng, view: ConventionView, kind: EvaluationKind, year: number, evaluatedOn: string, elapsed: number): void {
    const assessments: PlannedEvaluation["assessments"] = view.objectives.map((objective) => {
      const achievement = weightedPair(rng, [
        [ObjectiveAchievement.ACHIEVED, 10 + 40 * elapsed],
        [ObjectiveAchievement.PARTLY_ACHIEVED, 50],
        [ObjectiveAchievement.NOT_ACHIEVED, 45 - 30 * elapsed],
      ] as const);
      const comment = rng.chance(0.3) ? ASSESSMENT_COMMENTS[ACHIEVEMENTS.indexOf(achievement)] : null;
      return { objective, achievement, comment };
    });
    const summary = kind === EvaluationKind.FINAL ? FINAL_SUMMARY : rng.pick(EVALUATION_SUMMARIES);
    this.out.evaluations.push({ convention: view.index, kind, year, evaluatedOn, summary, assessments });
    if (kind !== EvaluationKind.YEARLY) return;
    for (const objective of view.objectives) {
      this.out.planIndicators.push({
        indicator: SYNTHETIC_PLAN_INDICATORS.objective.code,
        year,
        action: null,
        objective,
        convention: null,
        baseline: 0,
        target: 100,
        value: Math.min(100, Math.round(100 * elapsed * rng.between(0.6, 1.1))),
      });
    }
    this.out.planIndicators.push({
      indicator: SYNTHETIC_PLAN_INDICATORS.convention.code,
      year,
      action: null,
      objective: null,
      convention: view.index,
      baseline: 0,
      target: 100,
      value: Math.round(100 * elapsed * rng.between(0.5, 0.95)),
    });
  }
}

/** In the order of ASSESSMENT_COMMENTS. */
const ACHIEVEMENTS = [ObjectiveAchievement.ACHIEVED, ObjectiveAchievement.PARTLY_ACHIEVED, ObjectiveAchievement.NOT_ACHIEVED];

/** An action spends once it has started (not while planned or under study). */
const spends = (a: PlannedAction) => a.status !== ActionStatus.PLANNED && a.status !== ActionStatus.UNDER_STUDY;

/** What an operating line of a year spent: nothing yet for a future year, half the year now, mostly below plan before. */
function actualOf(rng: Rng, a: PlannedAction, year: number, planned: number): number | null {
  if (!spends(a) || year > AS_OF_YEAR) return null;
  if (year === AS_OF_YEAR) return euros(planned * rng.between(0.2, 0.5));
  if (a.status === ActionStatus.ABANDONED) return euros(planned * rng.between(0, 0.4));
  const roll = rng.float();
  return euros(planned * (roll < 0.75 ? rng.between(0.6, 0.97) : roll < 0.92 ? rng.between(0.97, 1) : rng.between(1, 1.12)));
}

/** The follow-up of every convention of the plan (see the module comment). */
export function planFollowUp(plan: Omit<SyntheticPlan, "followUp">): FollowUpPlan {
  const planner = new FollowUpPlanner(plan, plan.seed);
  for (const view of conventionViews(plan)) planner.convention(view);
  return planner.out;
}
