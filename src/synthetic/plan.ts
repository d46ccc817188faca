import type { PartnershipRole } from "../convention/partnership.entity";
import { Theme, THEME_LABELS } from "../common/theme";
import { ActionStatus, ConventionStage, HolderKind, SignatoryKind, SignatoryRole } from "../convention/convention-enums";
import { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import {
  FAKE_DOMAIN,
  addDays,
  cafName,
  fictionPhone,
  fromDayNumber,
  isLocalLawDepartment,
  isoDate,
  ofDepartment,
  ofPlace,
  rnaPrefix,
  slug,
  syntheticRna,
  syntheticSiren,
  toDayNumber,
  SYNTHETIC_SIREN_CAPACITY,
} from "./identifiers";
import { GOLDEN_STEP, Rng, SQRT2_STEP, evenlySpread, hashUnit } from "./prng";
import {
  ACTION_TITLES,
  ASSOCIATION_NAMES,
  DIAGNOSTIC_AUTHORS,
  FACILITY_TEMPLATES,
  OBJECTIVE_TITLES,
  PROGRESS_NOTES,
  SDSF_AXES,
  SDSF_CORE_SIGNATORIES,
  SDSF_OTHER_SIGNATORIES,
  SYNTHETIC_NAME_PREFIX,
  THEME_WEIGHTS,
  fillTemplate,
} from "./vocabulary";

/**
 * The synthetic data set, planned in memory: pure functions of (geography, seed, scale), no database.
 * Rows point to each other by their index in the plan's arrays; the loader turns indexes into ids.
 */

// ---------------------------------------------------------------------------------------------
// Input: the geography as the database has it
// ---------------------------------------------------------------------------------------------

export interface SyntheticDepartment {
  code: string;
  name: string;
  /** INSEE's type of name (TNCC), for "CAF de la Haute-Marne"; null when unknown. */
  typeLiaison: number | null;
}

export interface SyntheticCommune {
  code: string;
  name: string;
  departmentCode: string;
  population: number | null;
  intercommunalitySiren: string | null;
}

export interface SyntheticIntercommunality {
  siren: string;
  name: string;
}

/** Only the départements the CAF network covers (metropolitan and overseas départements). */
export interface SyntheticGeography {
  departments: readonly SyntheticDepartment[];
  communes: readonly SyntheticCommune[];
  intercommunalities: readonly SyntheticIntercommunality[];
}

export interface SyntheticOptions {
  seed: number;
  /** 1 = the national set; 0.1 = about a tenth of the territories (EPCI), drawn by the seed. */
  scale: number;
}

// ---------------------------------------------------------------------------------------------
// Output: planned rows
// ---------------------------------------------------------------------------------------------

type PartnershipRoleValue = `${PartnershipRole}`;

export interface PlannedScheme {
  departmentCode: string;
  title: string;
  startsOn: string;
  endsOn: string;
  signatoryBodies: string[];
}

export interface PlannedAxis {
  scheme: number;
  number: number;
  title: string;
  description: string;
  theme: Theme;
}

export interface PlannedConvention {
  reference: string;
  title: string;
  stage: ConventionStage;
  signedOn: string | null;
  startsOn: string;
  endsOn: string;
  terminatedOn: string | null;
  departmentCode: string;
  holderKind: HolderKind;
  holderCommuneCode: string | null;
  holderIntercommunalitySiren: string | null;
  themes: Theme[];
  bonusTerritoire: boolean;
  isRenewal: boolean;
  /** Index of the predecessor in `conventions` (always earlier in the array). */
  predecessor: number | null;
  /** True for the expired convention a renewal replaces. */
  isPredecessor: boolean;
  description: string;
  diagnosticConductedOn: string | null;
  diagnosticConductedBy: string | null;
  diagnosticFundedByCaf: boolean | null;
  diagnosticSummary: string | null;
}

export interface PlannedSignatory {
  convention: number;
  position: number;
  kind: SignatoryKind;
  role: SignatoryRole;
  name: string;
  communeCode: string | null;
  intercommunalitySiren: string | null;
  signedOn: string | null;
}

export interface PlannedCoverage {
  convention: number;
  communeCode: string;
}

export interface PlannedConventionAxis {
  convention: number;
  axis: number;
}

export interface PlannedObjective {
  convention: number;
  position: number;
  title: string;
  theme: Theme;
}

export interface PlannedAction {
  convention: number;
  objective: number | null;
  position: number;
  title: string;
  theme: Theme;
  status: ActionStatus;
  startsOn: string | null;
  endsOn: string | null;
  axis: number | null;
  progress: number | null;
  progressNote: string | null;
  budget: number | null;
}

export interface PlannedAssociation {
  name: string;
  departmentCode: string;
  communeCode: string;
  themes: Theme[];
  rna: string | null;
  siren: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  website: string | null;
}

export interface PlannedPartnership {
  association: number;
  convention: number | null;
  action: number | null;
  role: PartnershipRoleValue;
}

export interface PlannedFacility {
  kind: FacilityKind;
  name: string;
  communeCode: string;
  operatorKind: OperatorKind;
  operatorName: string;
  operatorCommuneCode: string | null;
  operatorIntercommunalitySiren: string | null;
  operatorAssociation: number | null;
  capacity: number | null;
}

export interface PlannedApproval {
  facility: number;
  kind: ApprovalKind;
  startsOn: string;
  endsOn: string;
  grantedBy: string;
}

export interface PlannedIndicator {
  indicator: "allocataires" | "children_under_3";
  year: number;
  communeCode: string;
  value: number;
}

export interface SyntheticPlan {
  seed: number;
  scale: number;
  /** Territories (EPCI, or communes outside any EPCI) drawn for this scale, out of how many. */
  territories: { selected: number; total: number };
  /** Holders that would have had a synthetic CTG but already have a real one (left to the real one). */
  skippedHolders: string[];
  schemes: PlannedScheme[];
  axes: PlannedAxis[];
  conventions: PlannedConvention[];
  signatories: PlannedSignatory[];
  coverage: PlannedCoverage[];
  conventionAxes: PlannedConventionAxis[];
  objectives: PlannedObjective[];
  actions: PlannedAction[];
  associations: PlannedAssociation[];
  partnerships: PlannedPartnership[];
  facilities: PlannedFacility[];
  approvals: PlannedApproval[];
  indicators: PlannedIndicator[];
}

// ---------------------------------------------------------------------------------------------
// Parameters: the realistic spreads the brief asks for
// ---------------------------------------------------------------------------------------------

/** The data set describes the situation on this day (fixed, so a re-run next year gives the same rows). */
export const SYNTHETIC_AS_OF = "2026-06-30";

const EPCI_CTG_SHARE = 0.85;
const RENEWAL_SHARE = 0.4;
/** A large commune (> 10,000 inhabitants) with its own CTG besides its EPCI's. */
const LARGE_COMMUNE_OWN_CTG = 0.03;
const LARGE_COMMUNE = 10_000;
/** A commune of an EPCI without CTG that signed one on its own. */
const UNCOVERED_COMMUNE_OWN_CTG = 0.2;
const UNCOVERED_COMMUNE_MIN_POPULATION = 2_000;
const SHARE_IN_PREPARATION = 0.1;
const SHARE_TERMINATED = 0.03;
const SHARE_BONUS_TERRITOIRE = 0.3;
/** An EPCI CTG that leaves out one or two member communes. */
const SHARE_PARTIAL_COVERAGE = 0.05;

/** Weights of the first year of a signed CTG: most current ones started after the 2020 reform. */
const SIGNED_START_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2019, 5],
  [2020, 9],
  [2021, 14],
  [2022, 20],
  [2023, 22],
  [2024, 18],
  [2025, 12],
];
const TERMINATED_START_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2019, 2],
  [2020, 3],
  [2021, 3],
  [2022, 2],
  [2023, 1],
];
/**
 * A CTG in preparation is meant to start in 2026 (or, late, in 2025): its predecessor, if any, has then
 * expired by the data set's date, as a renewal's predecessor should.
 */
const PREPARATION_START_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2025, 1],
  [2026, 3],
];

const STATUS_WEIGHTS: Readonly<
  Record<"current" | "preparation" | "expired" | "terminated", ReadonlyArray<readonly [ActionStatus, number]>>
> = {
  current: [
    [ActionStatus.PLANNED, 20],
    [ActionStatus.UNDER_STUDY, 14],
    [ActionStatus.IN_PROGRESS, 36],
    [ActionStatus.DONE, 22],
    [ActionStatus.ABANDONED, 8],
  ],
  preparation: [
    [ActionStatus.PLANNED, 60],
    [ActionStatus.UNDER_STUDY, 40],
  ],
  expired: [
    [ActionStatus.DONE, 68],
    [ActionStatus.ABANDONED, 20],
    [ActionStatus.IN_PROGRESS, 12],
  ],
  terminated: [
    [ActionStatus.DONE, 30],
    [ActionStatus.ABANDONED, 50],
    [ActionStatus.IN_PROGRESS, 20],
  ],
};

const ALL_THEMES: readonly Theme[] = Object.values(Theme);
const themeOrder = (a: Theme, b: Theme) => ALL_THEMES.indexOf(a) - ALL_THEMES.indexOf(b);

const weightedPair = <T>(rng: Rng, pairs: ReadonlyArray<readonly [T, number]>): T => rng.weighted(pairs, (p) => p[1])[0];
const populationOf = (commune: SyntheticCommune): number => commune.population ?? 0;

// ---------------------------------------------------------------------------------------------
// Territories and scale
// ---------------------------------------------------------------------------------------------

/** A territory that may hold a CTG: an EPCI, or a commune in no EPCI (islands such as Ouessant or Yeu). */
export interface Territory {
  key: string;
  intercommunality: SyntheticIntercommunality | null;
  members: SyntheticCommune[];
  /** The département of most member communes (lowest code on a tie): the CTG's département. */
  departmentCode: string;
  hasCtg: boolean;
  /** For an EPCI's CTG: is it a renewal of an earlier, now expired, CTG. */
  isRenewal: boolean;
}

export function majorityDepartment(members: readonly SyntheticCommune[]): string {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.departmentCode, (counts.get(m.departmentCode) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/**
 * The territories of this scale: all of them ranked by a hash of (seed, key), then the first
 * round(scale × n). A smaller scale is a prefix of a larger one, so 1 % ⊂ 10 % ⊂ 100 %, and the CTG and
 * renewal flags come from the rank (see `evenlySpread`), identical at every scale.
 * Returned in département then key order, the order rows are generated in.
 */
export function selectTerritories(geo: SyntheticGeography, options: SyntheticOptions): { selected: Territory[]; total: number } {
  const departments = new Set(geo.departments.map((d) => d.code));
  const communes = geo.communes.filter((c) => departments.has(c.departmentCode));
  const bySiren = new Map(geo.intercommunalities.map((i) => [i.siren, i]));
  const groups = new Map<string, SyntheticCommune[]>();
  const loose: SyntheticCommune[] = [];
  for (const commune of communes) {
    const siren = commune.intercommunalitySiren;
    if (siren !== null && bySiren.has(siren)) {
      const members = groups.get(siren) ?? [];
      members.push(commune);
      groups.set(siren, members);
    } else {
      loose.push(commune);
    }
  }
  const bases = [
    ...[...groups.entries()].map(([siren, members]) => ({
      key: siren,
      intercommunality: bySiren.get(siren) ?? null,
      members,
    })),
    ...loose.map((commune) => ({ key: commune.code, intercommunality: null, members: [commune] })),
  ];
  const ranked = bases
    .map((base) => ({ base, order: hashUnit(options.seed, `territory:${base.key}`) }))
    .sort((a, b) => a.order - b.order || (a.base.key < b.base.key ? -1 : 1));
  const count = options.scale >= 1 ? ranked.length : Math.max(1, Math.round(options.scale * ranked.length));
  const ctgOffset = hashUnit(options.seed, "offset:ctg");
  const renewalOffset = hashUnit(options.seed, "offset:renewal");
  const selected = ranked.slice(0, count).map(
    ({ base }, rank): Territory => ({
      ...base,
      members: [...base.members].sort((a, b) => (a.code < b.code ? -1 : 1)),
      departmentCode: majorityDepartment(base.members),
      hasCtg: evenlySpread(rank, GOLDEN_STEP, ctgOffset) < EPCI_CTG_SHARE,
      isRenewal: evenlySpread(rank, SQRT2_STEP, renewalOffset) < RENEWAL_SHARE,
    }),
  );
  selected.sort((a, b) =>
    a.departmentCode !== b.departmentCode ? (a.departmentCode < b.departmentCode ? -1 : 1) : a.key < b.key ? -1 : 1,
  );
  return { selected, total: ranked.length };
}

// ---------------------------------------------------------------------------------------------
// SDSF schemes
// ---------------------------------------------------------------------------------------------

export function planScheme(rng: Rng, department: SyntheticDepartment): { scheme: PlannedScheme; axes: Omit<PlannedAxis, "scheme">[] } {
  const startYear = weightedPair(rng, [
    [2020, 1],
    [2021, 2],
    [2022, 4],
    [2023, 2],
  ] as const);
  const endYear = startYear + rng.int(3, 4);
  const of = ofDepartment(department.name, department.typeLiaison);
  const caf = cafName(department.name, department.typeLiaison);
  const others = rng.sample(SDSF_OTHER_SIGNATORIES, rng.int(0, 3));
  const [core, rest] = [SDSF_AXES.slice(0, 2), SDSF_AXES.slice(2)];
  const chosen = [...core, ...rng.sample(rest, rng.int(2, 4))].sort((a, b) => SDSF_AXES.indexOf(a) - SDSF_AXES.indexOf(b));
  return {
    scheme: {
      departmentCode: department.code,
      title: `Schéma départemental des services aux familles ${of} ${startYear}-${endYear} (synthétique)`,
      startsOn: isoDate(startYear, 1, 1),
      endsOn: isoDate(endYear, 12, 31),
      signatoryBodies: [
        ...SDSF_CORE_SIGNATORIES(of, caf),
        ...others.sort((a, b) => SDSF_OTHER_SIGNATORIES.indexOf(a) - SDSF_OTHER_SIGNATORIES.indexOf(b)),
      ],
    },
    axes: chosen.map((axis, index) => ({ number: index + 1, title: axis.title, description: axis.description, theme: axis.theme })),
  };
}

// ---------------------------------------------------------------------------------------------
// Conventions
// ---------------------------------------------------------------------------------------------

/** Who holds a CTG and what it covers. */
export interface HolderSpec {
  kind: HolderKind;
  code: string;
  name: string;
  departmentCode: string;
  /** Communes of the holder: the EPCI's members (all of them) or the commune itself. */
  members: readonly SyntheticCommune[];
  isRenewal: boolean;
}

/** What a convention is built against: its département's CAF and SDSF axes. */
interface ConventionContext {
  caf: string;
  schemeAxes: readonly number[];
  axes: readonly PlannedAxis[];
}

export function pickThemes(rng: Rng, min: number, max: number): Theme[] {
  return rng.sampleWeighted(ALL_THEMES, rng.int(min, max), (t) => THEME_WEIGHTS[t]).sort(themeOrder);
}

/** A day drawn uniformly between two ISO dates (inclusive). */
function dayBetween(rng: Rng, from: string, to: string): string {
  return fromDayNumber(rng.int(toDayNumber(from), Math.max(toDayNumber(from), toDayNumber(to))));
}

interface Period {
  stage: ConventionStage;
  startYear: number;
  endYear: number;
  signedOn: string | null;
  terminatedOn: string | null;
}

export function planPeriod(rng: Rng): Period {
  const roll = rng.float();
  const stage =
    roll < SHARE_IN_PREPARATION
      ? ConventionStage.IN_PREPARATION
      : roll < SHARE_IN_PREPARATION + SHARE_TERMINATED
        ? ConventionStage.TERMINATED
        : ConventionStage.SIGNED;
  const startYear = weightedPair(
    rng,
    stage === ConventionStage.IN_PREPARATION
      ? PREPARATION_START_YEARS
      : stage === ConventionStage.TERMINATED
        ? TERMINATED_START_YEARS
        : SIGNED_START_YEARS,
  );
  const endYear = startYear + rng.int(3, 4);
  const start = isoDate(startYear, 1, 1);
  // Signed in the six months before the period starts (never the last days of December).
  const signedOn = stage === ConventionStage.IN_PREPARATION ? null : dayBetween(rng, addDays(start, -180), addDays(start, -12));
  const terminatedOn =
    stage === ConventionStage.TERMINATED
      ? dayBetween(rng, addDays(start, 365), [isoDate(endYear, 12, 30), SYNTHETIC_AS_OF].sort()[0])
      : null;
  return { stage, startYear, endYear, signedOn, terminatedOn };
}

/** The expired CTG a renewal replaces: it ends the year before its successor starts. */
export function planPredecessorPeriod(rng: Rng, successorStartYear: number): Period {
  const endYear = successorStartYear - 1;
  const startYear = endYear - rng.int(3, 4);
  const start = isoDate(startYear, 1, 1);
  return {
    stage: ConventionStage.SIGNED,
    startYear,
    endYear,
    signedOn: dayBetween(rng, addDays(start, -180), addDays(start, -12)),
    terminatedOn: null,
  };
}

function diagnostic(rng: Rng, startYear: number, themes: readonly Theme[]) {
  if (!rng.chance(0.7)) {
    return { diagnosticConductedOn: null, diagnosticConductedBy: null, diagnosticFundedByCaf: null, diagnosticSummary: null };
  }
  const priorities = themes
    .slice(0, 3)
    .map((t) => THEME_LABELS[t].toLowerCase())
    .join(", ");
  return {
    diagnosticConductedOn: isoDate(startYear - 1, rng.int(1, 9), 1),
    diagnosticConductedBy: rng.pick(DIAGNOSTIC_AUTHORS),
    diagnosticFundedByCaf: rng.chance(0.6),
    diagnosticSummary: `Diagnostic partagé du territoire (synthétique) : priorités ${priorities}.`,
  };
}

const SYNTHETIC_DESCRIPTION = "Convention synthétique générée par programme (démonstration, tests de charge) : elle n'existe pas.";

function conventionTitle(holder: HolderSpec, startYear: number, endYear: number): string {
  const name = holder.kind === HolderKind.COMMUNE ? `Commune ${ofPlace(holder.name)}` : holder.name;
  return `Convention territoriale globale – ${name} ${startYear}-${endYear} (synthétique)`;
}

export function conventionReference(departmentCode: string, startYear: number, holderCode: string): string {
  return `SYN-${departmentCode}-${startYear}-${holderCode}`;
}

/** A commune drawn with probability growing with its population (the bigger towns host more). */
function weightedCommune(rng: Rng, communes: readonly SyntheticCommune[]): SyntheticCommune {
  return rng.weighted(communes, (c) => Math.sqrt(populationOf(c)) + 1);
}

/** Appends planned rows and returns the new row's index. */
function push<T>(rows: T[], row: T): number {
  rows.push(row);
  return rows.length - 1;
}

/**
 * Builds the plan. One instance per run; each territory, convention, commune draws from its own stream.
 */
class Planner {
  readonly plan: SyntheticPlan;
  /** Associations seated in each commune, in the order they were planned. */
  private readonly associationsByCommune = new Map<string, number[]>();
  private readonly schemeAxesByDepartment = new Map<string, number[]>();
  private readonly departments: Map<string, SyntheticDepartment>;

  constructor(
    private readonly geo: SyntheticGeography,
    private readonly options: SyntheticOptions,
    total: number,
    selected: number,
  ) {
    this.departments = new Map(geo.departments.map((d) => [d.code, d]));
    this.plan = {
      seed: options.seed,
      scale: options.scale,
      territories: { selected, total },
      skippedHolders: [],
      schemes: [],
      axes: [],
      conventions: [],
      signatories: [],
      coverage: [],
      conventionAxes: [],
      objectives: [],
      actions: [],
      associations: [],
      partnerships: [],
      facilities: [],
      approvals: [],
      indicators: [],
    };
  }

  private rng(label: string): Rng {
    return Rng.stream(this.options.seed, label);
  }

  private department(code: string): SyntheticDepartment {
    const department = this.departments.get(code);
    if (!department) throw new Error(`unknown département ${code}`);
    return department;
  }

  private caf(departmentCode: string): string {
    const d = this.department(departmentCode);
    return cafName(d.name, d.typeLiaison);
  }

  addScheme(department: SyntheticDepartment): void {
    const { scheme, axes } = planScheme(this.rng(`sdsf:${department.code}`), department);
    const schemeIndex = push(this.plan.schemes, scheme);
    this.schemeAxesByDepartment.set(
      department.code,
      axes.map((axis) => push(this.plan.axes, { ...axis, scheme: schemeIndex })),
    );
  }

  /** ~1.5 associations per commune of more than 2,000 inhabitants, more in towns. */
  addLocalAssociations(commune: SyntheticCommune): void {
    const population = populationOf(commune);
    if (population <= 2_000) return;
    const rng = this.rng(`associations:${commune.code}`);
    const count = Math.min(80, rng.count(1.2 + population / 8_000));
    for (let i = 0; i < count; i++) this.addAssociation(rng, commune, null);
  }

  private addAssociation(rng: Rng, commune: SyntheticCommune, preferred: readonly Theme[] | null): number {
    const main =
      preferred && preferred.length > 0 && rng.chance(0.8)
        ? rng.weighted(preferred, (t) => THEME_WEIGHTS[t])
        : rng.weighted(ALL_THEMES, (t) => THEME_WEIGHTS[t]);
    const others = rng.sampleWeighted(
      ALL_THEMES.filter((t) => t !== main),
      rng.int(0, 2),
      (t) => THEME_WEIGHTS[t],
    );
    const localLaw = isLocalLawDepartment(commune.departmentCode);
    const index = push(this.plan.associations, {
      name: `${SYNTHETIC_NAME_PREFIX} ${fillTemplate(rng.pick(ASSOCIATION_NAMES[main]), { ofCommune: ofPlace(commune.name) })}`,
      departmentCode: commune.departmentCode,
      communeCode: commune.code,
      themes: [main, ...others].sort(themeOrder),
      // Identifiers, e-mail and web site are numbered once the whole plan is known (see `numberAssociations`):
      // here only whether the association has them. Local-law associations have a SIREN and no RNA number.
      rna: localLaw ? null : "",
      siren: localLaw || rng.chance(0.4) ? "" : null,
      contactEmail: rng.chance(0.9) ? "" : null,
      contactPhone: rng.chance(0.75) ? fictionPhone(rng.int(0, 4), rng.int(0, 9_999)) : null,
      website: rng.chance(0.3) ? "" : null,
    });
    const list = this.associationsByCommune.get(commune.code) ?? [];
    list.push(index);
    this.associationsByCommune.set(commune.code, list);
    return index;
  }

  /**
   * The current CTG of a holder and, for a renewal, the expired one before it (planned first, so that it
   * is inserted before the row pointing to it). Returns the communes they cover.
   */
  addConventions(holder: HolderSpec): readonly SyntheticCommune[] {
    const rng = this.rng(`convention:${holder.code}`);
    const period = planPeriod(rng);
    const covered = this.coveredCommunes(rng, holder);
    let predecessor: number | null = null;
    if (holder.isRenewal) {
      const previous = planPredecessorPeriod(rng, period.startYear);
      predecessor = this.addConvention(this.rng(`convention:${holder.code}:predecessor`), holder, previous, holder.members, null, true);
    }
    this.addConvention(rng, holder, period, covered, predecessor, false);
    return predecessor === null ? covered : holder.members;
  }

  /** An EPCI's CTG covers its member communes; one in twenty leaves one or two out. */
  private coveredCommunes(rng: Rng, holder: HolderSpec): readonly SyntheticCommune[] {
    if (holder.kind === HolderKind.COMMUNE || holder.members.length <= 3 || !rng.chance(SHARE_PARTIAL_COVERAGE)) {
      return holder.members;
    }
    const left = new Set(rng.sample(holder.members, rng.int(1, 2)).map((c) => c.code));
    return holder.members.filter((c) => !left.has(c.code));
  }

  private addConvention(
    rng: Rng,
    holder: HolderSpec,
    period: Period,
    covered: readonly SyntheticCommune[],
    predecessor: number | null,
    isPredecessor: boolean,
  ): number {
    const themes = pickThemes(rng, 3, 8);
    const context: ConventionContext = {
      caf: this.caf(holder.departmentCode),
      schemeAxes: this.schemeAxesByDepartment.get(holder.departmentCode) ?? [],
      axes: this.plan.axes,
    };
    const index = push(this.plan.conventions, {
      reference: conventionReference(holder.departmentCode, period.startYear, holder.code),
      title: conventionTitle(holder, period.startYear, period.endYear),
      stage: period.stage,
      signedOn: period.signedOn,
      startsOn: isoDate(period.startYear, 1, 1),
      endsOn: isoDate(period.endYear, 12, 31),
      terminatedOn: period.terminatedOn,
      departmentCode: holder.departmentCode,
      holderKind: holder.kind,
      holderCommuneCode: holder.kind === HolderKind.COMMUNE ? holder.code : null,
      holderIntercommunalitySiren: holder.kind === HolderKind.INTERCOMMUNALITY ? holder.code : null,
      themes,
      // The bonus territoire replaced the contrat enfance jeunesse from 2020 and is paid once the CTG is signed.
      bonusTerritoire: rng.chance(SHARE_BONUS_TERRITOIRE) && period.endYear >= 2020 && period.stage !== ConventionStage.IN_PREPARATION,
      isRenewal: predecessor !== null,
      predecessor,
      isPredecessor,
      description: SYNTHETIC_DESCRIPTION,
      ...diagnostic(rng, period.startYear, themes),
    });
    this.addSignatories(rng, index, holder, covered, context.caf, period.signedOn);
    for (const commune of covered) this.plan.coverage.push({ convention: index, communeCode: commune.code });
    const conventionAxes = this.addConventionAxes(rng, index, themes, context);
    const objectives = this.addObjectives(rng, index, themes);
    const phase = isPredecessor
      ? "expired"
      : period.stage === ConventionStage.IN_PREPARATION
        ? "preparation"
        : period.stage === ConventionStage.TERMINATED
          ? "terminated"
          : "current";
    const actions = this.addActions(rng, index, themes, covered, objectives, conventionAxes, context, phase);
    this.addPartnerships(rng, index, themes, covered, actions, isPredecessor);
    return index;
  }

  private addSignatories(
    rng: Rng,
    convention: number,
    holder: HolderSpec,
    covered: readonly SyntheticCommune[],
    caf: string,
    signedOn: string | null,
  ): void {
    const rows: Array<Omit<PlannedSignatory, "convention" | "position" | "signedOn">> = [
      { kind: SignatoryKind.CAF, role: SignatoryRole.CAF, name: caf, communeCode: null, intercommunalitySiren: null },
      holder.kind === HolderKind.INTERCOMMUNALITY
        ? {
            kind: SignatoryKind.INTERCOMMUNALITY,
            role: SignatoryRole.HOLDER,
            name: holder.name,
            communeCode: null,
            intercommunalitySiren: holder.code,
          }
        : {
            kind: SignatoryKind.COMMUNE,
            role: SignatoryRole.HOLDER,
            name: `Commune ${ofPlace(holder.name)}`,
            communeCode: holder.code,
            intercommunalitySiren: null,
          },
    ];
    if (holder.kind === HolderKind.INTERCOMMUNALITY) {
      // Often the central town and one or two others co-sign an intercommunal CTG.
      const count = weightedPair(rng, [
        [0, 40],
        [1, 25],
        [2, 20],
        [3, 15],
      ] as const);
      for (const commune of rng.sampleWeighted(covered, count, (c) => populationOf(c) + 1)) {
        rows.push({
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.CO_SIGNATORY,
          name: `Commune ${ofPlace(commune.name)}`,
          communeCode: commune.code,
          intercommunalitySiren: null,
        });
      }
    }
    rows.forEach((row, i) => {
      this.plan.signatories.push({ ...row, convention, position: i + 1, signedOn });
    });
  }

  /** 1–3 axes of the département's SDSF, preferably those of the convention's themes. */
  private addConventionAxes(rng: Rng, convention: number, themes: readonly Theme[], context: ConventionContext): number[] {
    const chosen = rng
      .sampleWeighted(context.schemeAxes, rng.int(1, 3), (a) => (themes.includes(context.axes[a].theme) ? 4 : 1))
      .sort((a, b) => a - b);
    for (const axis of chosen) this.plan.conventionAxes.push({ convention, axis });
    return chosen;
  }

  /** 3–6 objectives, one per theme in a random order, a second title for a theme when themes run out. */
  private addObjectives(rng: Rng, convention: number, themes: readonly Theme[]): number[] {
    const order = rng.sample(themes, themes.length);
    const wanted = rng.int(3, 6);
    const objectives: number[] = [];
    const used = new Set<string>();
    for (let round = 0; objectives.length < wanted && round < 3; round++) {
      for (const theme of order) {
        if (objectives.length >= wanted) break;
        const title = OBJECTIVE_TITLES[theme][round];
        if (title === undefined || used.has(title)) continue;
        used.add(title);
        objectives.push(push(this.plan.objectives, { convention, position: objectives.length + 1, title, theme }));
      }
    }
    return objectives;
  }

  private addActions(
    rng: Rng,
    convention: number,
    themes: readonly Theme[],
    covered: readonly SyntheticCommune[],
    objectives: readonly number[],
    conventionAxes: readonly number[],
    context: ConventionContext,
    phase: keyof typeof STATUS_WEIGHTS,
  ): number[] {
    const { startsOn, endsOn } = this.plan.conventions[convention];
    const outside = ALL_THEMES.filter((t) => !themes.includes(t));
    const count = rng.int(5, 20);
    const used = new Set<string>();
    const actions: number[] = [];
    for (let position = 1; position <= count; position++) {
      // One action in twenty is on a theme the convention does not list (a need found on the way).
      const theme = outside.length > 0 && rng.chance(0.05) ? rng.pick(outside) : rng.weighted(themes, (t) => THEME_WEIGHTS[t]);
      let title = "";
      for (let attempt = 0; attempt < 4 && (title === "" || used.has(title)); attempt++) {
        const commune = weightedCommune(rng, covered);
        title = fillTemplate(rng.pick(ACTION_TITLES[theme]), {
          commune: commune.name,
          ofCommune: ofPlace(commune.name),
          places: 5 * rng.int(2, 12),
        });
      }
      used.add(title);
      const status = weightedPair(rng, STATUS_WEIGHTS[phase]);
      const sameTheme = objectives.filter((o) => this.plan.objectives[o].theme === theme);
      const objective = sameTheme.length > 0 && rng.chance(0.85) ? rng.pick(sameTheme) : rng.chance(0.3) ? rng.pick(objectives) : null;
      const dated = rng.chance(0.65);
      const actionStart = dated ? dayBetween(rng, startsOn, addDays(endsOn, -180)) : null;
      actions.push(
        push(this.plan.actions, {
          convention,
          objective,
          position,
          title,
          theme,
          status,
          startsOn: actionStart,
          endsOn: actionStart === null ? null : [addDays(actionStart, rng.int(90, 1_000)), endsOn].sort()[0],
          axis: this.actionAxis(rng, theme, conventionAxes, context),
          progress:
            status === ActionStatus.IN_PROGRESS
              ? 5 * rng.int(1, 18)
              : status === ActionStatus.DONE
                ? 100
                : status === ActionStatus.ABANDONED && rng.chance(0.5)
                  ? 5 * rng.int(0, 8)
                  : null,
          progressNote:
            (status === ActionStatus.IN_PROGRESS || status === ActionStatus.DONE) && rng.chance(0.5) ? rng.pick(PROGRESS_NOTES) : null,
          budget: rng.chance(0.8) ? budgetFor(rng, theme) : null,
        }),
      );
    }
    return actions;
  }

  /** The SDSF axis an action contributes to: the convention's axis of that theme, else the scheme's, often. */
  private actionAxis(rng: Rng, theme: Theme, conventionAxes: readonly number[], context: ConventionContext): number | null {
    const own = conventionAxes.filter((a) => context.axes[a].theme === theme);
    if (own.length > 0) return rng.chance(0.8) ? rng.pick(own) : null;
    const scheme = context.schemeAxes.filter((a) => context.axes[a].theme === theme);
    if (scheme.length > 0) return rng.chance(0.5) ? rng.pick(scheme) : null;
    return conventionAxes.length > 0 && rng.chance(0.15) ? rng.pick(conventionAxes) : null;
  }

  /**
   * Partner associations: the convention brings a few of its own (2–8, seated in its communes), then draws
   * its 1–6 partners and each action's 0–3 among them and the associations already seated there.
   */
  private addPartnerships(
    rng: Rng,
    convention: number,
    themes: readonly Theme[],
    covered: readonly SyntheticCommune[],
    actions: readonly number[],
    isPredecessor: boolean,
  ): void {
    const own: number[] = [];
    const ownCount = isPredecessor ? rng.int(0, 2) : rng.int(2, 8);
    for (let i = 0; i < ownCount; i++) own.push(this.addAssociation(rng, weightedCommune(rng, covered), themes));
    const ownSet = new Set(own);
    const pool = [...new Set([...covered.flatMap((c) => this.associationsByCommune.get(c.code) ?? []), ...own])];
    if (pool.length === 0) return;
    const associations = this.plan.associations;
    const matches = (a: number, wanted: readonly Theme[]) => associations[a].themes.some((t) => wanted.includes(t));
    const partners = rng.sampleWeighted(pool, rng.int(1, 6), (a) => (matches(a, themes) ? 3 : 1) * (ownSet.has(a) ? 2 : 1));
    for (const association of partners) {
      this.plan.partnerships.push({ association, convention, action: null, role: rng.chance(0.3) ? "SIGNATORY" : "CONTRIBUTOR" });
    }
    for (const action of actions) {
      const theme = this.plan.actions[action].theme;
      const count = weightedPair(rng, [
        [0, 30],
        [1, 35],
        [2, 22],
        [3, 13],
      ] as const);
      rng
        .sampleWeighted(pool, count, (a) => (matches(a, [theme]) ? 4 : 1))
        .forEach((association, i) => {
          this.plan.partnerships.push({
            association,
            convention: null,
            action,
            role: i === 0 && rng.chance(0.7) ? "OPERATOR" : "CONTRIBUTOR",
          });
        });
    }
  }

  /** Facilities of a covered commune of more than 1,500 inhabitants, and the approvals of the social ones. */
  addFacilities(commune: SyntheticCommune): void {
    const population = populationOf(commune);
    if (population <= 1_500) return;
    const rng = this.rng(`facilities:${commune.code}`);
    const expected: Array<readonly [keyof typeof FACILITY_TEMPLATES, number, number]> = [
      [FacilityKind.EAJE, 0.5 + population / 7_000, 40],
      [FacilityKind.ALSH, 0.6 + population / 12_000, 30],
      [FacilityKind.RPE, population >= 3_000 ? 0.3 + population / 50_000 : 0, 10],
      [FacilityKind.LAEP, population >= 5_000 ? 0.25 + population / 60_000 : 0, 8],
      [FacilityKind.SOCIAL_CENTRE, population >= 5_000 ? 0.2 + population / 25_000 : 0, 40],
      [FacilityKind.SOCIAL_LIFE_SPACE, 0.08 + population / 100_000, 10],
    ];
    const names = new Set<string>();
    for (const [kind, mean, cap] of expected) {
      const count = Math.min(cap, rng.count(mean));
      for (let i = 0; i < count; i++) this.addFacility(rng, commune, kind, names);
    }
  }

  private addFacility(rng: Rng, commune: SyntheticCommune, kind: keyof typeof FACILITY_TEMPLATES, names: Set<string>): void {
    const template = FACILITY_TEMPLATES[kind];
    let base = fillTemplate(rng.pick(template.names), { ofCommune: ofPlace(commune.name) });
    for (let site = 2; names.has(base); site++) base = `${base.replace(/ – site \d+$/, "")} – site ${site}`;
    names.add(base);
    const operator = this.operatorOf(rng, commune, kind);
    const capacity =
      template.capacity === null
        ? null
        : base.startsWith("Micro-crèche")
          ? rng.int(10, 12)
          : rng.int(template.capacity[0], template.capacity[1]);
    // "(synthétique)" also keeps these names apart from real facilities, which loaders match by name.
    const facility = push(this.plan.facilities, { kind, name: `${base} (synthétique)`, communeCode: commune.code, capacity, ...operator });
    const caf = this.caf(commune.departmentCode);
    const approval = (approvalKind: ApprovalKind) => {
      const start = isoDate(rng.int(2022, 2026), rng.int(1, 12), 1);
      // An approval runs four years, to the day before the anniversary.
      const end = addDays(isoDate(Number(start.slice(0, 4)) + 4, Number(start.slice(5, 7)), 1), -1);
      this.plan.approvals.push({ facility, kind: approvalKind, startsOn: start, endsOn: end, grantedBy: caf });
    };
    if (kind === FacilityKind.SOCIAL_CENTRE) {
      approval(ApprovalKind.SOCIAL_CENTRE_PROJECT);
      if (rng.chance(0.6)) approval(ApprovalKind.FAMILY_PROJECT);
    }
    if (kind === FacilityKind.SOCIAL_LIFE_SPACE) approval(ApprovalKind.SOCIAL_LIFE_SPACE_PROJECT);
  }

  private operatorOf(rng: Rng, commune: SyntheticCommune, kind: keyof typeof FACILITY_TEMPLATES) {
    const shares: Record<keyof typeof FACILITY_TEMPLATES, readonly [number, number, number]> = {
      // commune, EPCI, association
      [FacilityKind.EAJE]: [45, 20, 35],
      [FacilityKind.ALSH]: [45, 30, 25],
      [FacilityKind.RPE]: [40, 55, 5],
      [FacilityKind.LAEP]: [30, 20, 50],
      [FacilityKind.SOCIAL_CENTRE]: [35, 10, 55],
      [FacilityKind.SOCIAL_LIFE_SPACE]: [15, 0, 85],
    };
    const [c, e, a] = shares[kind];
    const choice = weightedPair(rng, [
      [OperatorKind.COMMUNE, c],
      [OperatorKind.INTERCOMMUNALITY, e],
      [OperatorKind.ASSOCIATION, a],
    ] as const);
    const local = this.associationsByCommune.get(commune.code) ?? [];
    const epci = commune.intercommunalitySiren;
    const epciName = epci === null ? undefined : this.intercommunalityName(epci);
    if (choice === OperatorKind.ASSOCIATION && local.length > 0) {
      const association = rng.pick(local);
      return {
        operatorKind: OperatorKind.ASSOCIATION,
        operatorName: this.plan.associations[association].name,
        operatorCommuneCode: null,
        operatorIntercommunalitySiren: null,
        operatorAssociation: association,
      };
    }
    if (choice === OperatorKind.INTERCOMMUNALITY && epci !== null && epciName !== undefined) {
      return {
        operatorKind: OperatorKind.INTERCOMMUNALITY,
        operatorName: epciName,
        operatorCommuneCode: null,
        operatorIntercommunalitySiren: epci,
        operatorAssociation: null,
      };
    }
    return {
      operatorKind: OperatorKind.COMMUNE,
      operatorName: `Commune ${ofPlace(commune.name)}`,
      operatorCommuneCode: commune.code,
      operatorIntercommunalitySiren: null,
      operatorAssociation: null,
    };
  }

  private intercommunalityNames: Map<string, string> | null = null;

  private intercommunalityName(siren: string): string | undefined {
    this.intercommunalityNames ??= new Map(this.geo.intercommunalities.map((i) => [i.siren, i.name]));
    return this.intercommunalityNames.get(siren);
  }

  /** Allocataires (12–20 % of the population) for 2023 and 2024, children under 3 (2.5–3.5 %) for 2024. */
  addIndicators(commune: SyntheticCommune): void {
    if (commune.population === null) return;
    const rng = this.rng(`indicators:${commune.code}`);
    const allocataires2023 = Math.round(commune.population * rng.between(0.12, 0.2));
    this.plan.indicators.push(
      { indicator: "allocataires", year: 2023, communeCode: commune.code, value: allocataires2023 },
      { indicator: "allocataires", year: 2024, communeCode: commune.code, value: Math.round(allocataires2023 * rng.between(0.98, 1.03)) },
      {
        indicator: "children_under_3",
        year: 2024,
        communeCode: commune.code,
        value: Math.round(commune.population * rng.between(0.025, 0.035)),
      },
    );
  }
}

/** A budget in euros, rounded to the hundred: investments in early childhood weigh more. */
function budgetFor(rng: Rng, theme: Theme): number {
  const [low, high] =
    theme === Theme.EARLY_CHILDHOOD
      ? [20_000, 600_000]
      : theme === Theme.CHILDHOOD || theme === Theme.SOCIAL_LIFE
        ? [8_000, 200_000]
        : [1_000, 60_000];
  // Log-uniform: as many 2,000 € actions as 20,000 € ones, as in real action plans.
  return Math.round(Math.exp(rng.between(Math.log(low), Math.log(high))) / 100) * 100;
}

/**
 * RNA numbers (one serial per "W" + 2-character prefix), SIRENs, e-mail addresses and web sites, numbered
 * in plan order once every association is known, so the numbers do not depend on how streams interleave.
 * Input fields holding "" mean "has one, to be numbered"; null means "has none".
 */
export function numberAssociations(associations: readonly PlannedAssociation[]): PlannedAssociation[] {
  const rnaSerials = new Map<string, number>();
  let sirenSerial = 0;
  return associations.map((association, index) => {
    const number = index + 1;
    let rna: string | null = null;
    if (association.rna !== null) {
      const prefix = rnaPrefix(association.departmentCode);
      const serial = rnaSerials.get(prefix) ?? 0;
      rnaSerials.set(prefix, serial + 1);
      rna = syntheticRna(association.departmentCode, serial);
    }
    let siren: string | null = null;
    if (association.siren !== null) {
      if (sirenSerial >= SYNTHETIC_SIREN_CAPACITY) throw new Error("more synthetic SIRENs than the reserved range holds");
      siren = syntheticSiren(sirenSerial++);
    }
    const handle = slug(association.name.replace(SYNTHETIC_NAME_PREFIX, ""), 30);
    return {
      ...association,
      rna,
      siren,
      contactEmail: association.contactEmail === null ? null : `${handle}.${number}@${FAKE_DOMAIN}`,
      website: association.website === null ? null : `https://${handle}-${number}.${FAKE_DOMAIN}`,
    };
  });
}

/**
 * The whole synthetic data set for a geography, a seed and a scale. Deterministic: the same inputs give
 * the same rows in the same order. `existingHolders` (INSEE codes and SIRENs) already hold a convention
 * from another source (a real, published CTG): they get no synthetic one, so a territory never shows a
 * real and a fake CTG side by side. Skipping consumes no random numbers: the rest of the set is unchanged.
 */
export function planSynthetic(
  geo: SyntheticGeography,
  options: SyntheticOptions,
  existingHolders: ReadonlySet<string> = new Set(),
): SyntheticPlan {
  const { selected, total } = selectTerritories(geo, options);
  const planner = new Planner(geo, options, total, selected.length);
  const touched = new Set(selected.flatMap((t) => t.members.map((m) => m.departmentCode)));
  for (const department of [...geo.departments].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    if (touched.has(department.code)) planner.addScheme(department);
  }
  for (const territory of selected) {
    const territoryRng = Rng.stream(options.seed, `territory:${territory.key}`);
    for (const commune of territory.members) planner.addLocalAssociations(commune);
    const covered = new Set<string>();
    const holders: HolderSpec[] = [];
    if (territory.intercommunality !== null && territory.hasCtg) {
      holders.push({
        kind: HolderKind.INTERCOMMUNALITY,
        code: territory.key,
        name: territory.intercommunality.name,
        departmentCode: territory.departmentCode,
        members: territory.members,
        isRenewal: territory.isRenewal,
      });
    }
    for (const commune of territory.members) {
      const population = populationOf(commune);
      const own =
        territory.intercommunality === null
          ? territory.hasCtg
          : territory.hasCtg
            ? population > LARGE_COMMUNE && territoryRng.chance(LARGE_COMMUNE_OWN_CTG)
            : population >= UNCOVERED_COMMUNE_MIN_POPULATION && territoryRng.chance(UNCOVERED_COMMUNE_OWN_CTG);
      if (!own) continue;
      holders.push({
        kind: HolderKind.COMMUNE,
        code: commune.code,
        name: commune.name,
        departmentCode: commune.departmentCode,
        members: [commune],
        isRenewal: territory.intercommunality === null ? territory.isRenewal : territoryRng.chance(RENEWAL_SHARE),
      });
    }
    for (const holder of holders) {
      if (existingHolders.has(holder.code)) {
        planner.plan.skippedHolders.push(holder.code);
        continue;
      }
      for (const commune of planner.addConventions(holder)) covered.add(commune.code);
    }
    for (const commune of territory.members) if (covered.has(commune.code)) planner.addFacilities(commune);
    for (const commune of territory.members) planner.addIndicators(commune);
  }
  return { ...planner.plan, associations: numberAssociations(planner.plan.associations) };
}
