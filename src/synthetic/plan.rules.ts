import { Theme, THEME_LABELS } from "../common/theme";
import { ActionStatus, ConventionStage, HolderKind } from "../convention/convention-enums";
import {
  FAKE_DOMAIN,
  addDays,
  cafName,
  fromDayNumber,
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
  DIAGNOSTIC_AUTHORS,
  SDSF_AXES,
  SDSF_CORE_SIGNATORIES,
  SDSF_OTHER_SIGNATORIES,
  SYNTHETIC_NAME_PREFIX,
  THEME_WEIGHTS,
} from "./vocabulary";
import type {
  PlannedAssociation,
  SyntheticCommune,
  SyntheticDepartment,
  SyntheticGeography,
  SyntheticOptions,
  SyntheticIntercommunality,
  PlannedAxis,
  PlannedScheme,
} from "./plan.types";

/** Parameters and pure helpers of the synthetic plan: shares, periods, territories, names. */

// ---------------------------------------------------------------------------------------------
// Parameters: the realistic spreads the brief asks for
// ---------------------------------------------------------------------------------------------

/** The data set describes the situation on this day (fixed, so a re-run next year gives the same rows). */
export const SYNTHETIC_AS_OF = "2026-06-30";

export const EPCI_CTG_SHARE = 0.85;
export const RENEWAL_SHARE = 0.4;
/** A large commune (> 10,000 inhabitants) with its own CTG besides its EPCI's. */
export const LARGE_COMMUNE_OWN_CTG = 0.03;
export const LARGE_COMMUNE = 10_000;
/** A commune of an EPCI without CTG that signed one on its own. */
export const UNCOVERED_COMMUNE_OWN_CTG = 0.2;
export const UNCOVERED_COMMUNE_MIN_POPULATION = 2_000;
export const SHARE_IN_PREPARATION = 0.1;
export const SHARE_TERMINATED = 0.03;
export const SHARE_BONUS_TERRITOIRE = 0.3;
/** An EPCI CTG that leaves out one or two member communes. */
export const SHARE_PARTIAL_COVERAGE = 0.05;

/** Weights of the first year of a signed CTG: most current ones started after the 2020 reform. */
export const SIGNED_START_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2019, 5],
  [2020, 9],
  [2021, 14],
  [2022, 20],
  [2023, 22],
  [2024, 18],
  [2025, 12],
];
export const TERMINATED_START_YEARS: ReadonlyArray<readonly [number, number]> = [
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
export const PREPARATION_START_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2025, 1],
  [2026, 3],
];

export const STATUS_WEIGHTS: Readonly<
  Record<"current" | "preparation" | "expired" | "terminated", ReadonlyArray<readonly [ActionStatus, number]>>
> = {
  current: [
    [ActionStatus.PLANNED, 20],
    [ActionStatus.UNDER_STUDY, 14],
    [ActionStatus.IN_PROGRESS, 30],
    // Paused or blocked: still running, and late once their end date has passed.
    [ActionStatus.PAUSED, 3],
    [ActionStatus.BLOCKED, 3],
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

export const ALL_THEMES: readonly Theme[] = Object.values(Theme);
export const themeOrder = (a: Theme, b: Theme) => ALL_THEMES.indexOf(a) - ALL_THEMES.indexOf(b);

export const weightedPair = <T>(rng: Rng, pairs: ReadonlyArray<readonly [T, number]>): T => rng.weighted(pairs, (p) => p[1])[0];
export const populationOf = (commune: SyntheticCommune): number => commune.population ?? 0;

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
export interface ConventionContext {
  caf: string;
  schemeAxes: readonly number[];
  axes: readonly PlannedAxis[];
}

export function pickThemes(rng: Rng, min: number, max: number): Theme[] {
  return rng.sampleWeighted(ALL_THEMES, rng.int(min, max), (t) => THEME_WEIGHTS[t]).sort(themeOrder);
}

/** A day drawn uniformly between two ISO dates (inclusive). */
export function dayBetween(rng: Rng, from: string, to: string): string {
  return fromDayNumber(rng.int(toDayNumber(from), Math.max(toDayNumber(from), toDayNumber(to))));
}

export interface Period {
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

export function diagnostic(rng: Rng, startYear: number, themes: readonly Theme[]) {
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

export const SYNTHETIC_DESCRIPTION = "Convention synthétique générée par programme (démonstration, tests de charge) : elle n'existe pas.";

export function conventionTitle(holder: HolderSpec, startYear: number, endYear: number): string {
  const name = holder.kind === HolderKind.COMMUNE ? `Commune ${ofPlace(holder.name)}` : holder.name;
  return `Convention territoriale globale – ${name} ${startYear}-${endYear} (synthétique)`;
}

export function conventionReference(departmentCode: string, startYear: number, holderCode: string): string {
  return `SYN-${departmentCode}-${startYear}-${holderCode}`;
}

/** A commune drawn with probability growing with its population (the bigger towns host more). */
export function weightedCommune(rng: Rng, communes: readonly SyntheticCommune[]): SyntheticCommune {
  return rng.weighted(communes, (c) => Math.sqrt(populationOf(c)) + 1);
}

/** Appends planned rows and returns the new row's index. */
export function push<T>(rows: T[], row: T): number {
  rows.push(row);
  return rows.length - 1;
}

/** A budget in euros, rounded to the hundred: investments in early childhood weigh more. */
export function budgetFor(rng: Rng, theme: Theme): number {
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
