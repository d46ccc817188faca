import { Theme } from "../common/theme";
import { ActionStatus, ConventionStage, HolderKind, SignatoryKind, SignatoryRole } from "../convention/convention-enums";
import { addDays, fictionPhone, isLocalLawDepartment, isoDate, ofPlace } from "./identifiers";
import { Rng } from "./prng";
import {
  ACTION_TITLES,
  ASSOCIATION_NAMES,
  OBJECTIVE_TITLES,
  PROGRESS_NOTES,
  SYNTHETIC_NAME_PREFIX,
  THEME_WEIGHTS,
  fillTemplate,
} from "./vocabulary";
import type {
  PlannedSignatory,
  SyntheticCommune,
  SyntheticDepartment,
  SyntheticGeography,
  SyntheticOptions,
  SyntheticPlan,
} from "./plan.types";
import {
  RENEWAL_SHARE,
  LARGE_COMMUNE_OWN_CTG,
  LARGE_COMMUNE,
  UNCOVERED_COMMUNE_OWN_CTG,
  UNCOVERED_COMMUNE_MIN_POPULATION,
  SHARE_BONUS_TERRITOIRE,
  SHARE_PARTIAL_COVERAGE,
  STATUS_WEIGHTS,
  ALL_THEMES,
  themeOrder,
  weightedPair,
  populationOf,
  selectTerritories,
  planScheme,
  type HolderSpec,
  type ConventionContext,
  pickThemes,
  dayBetween,
  type Period,
  planPeriod,
  planPredecessorPeriod,
  diagnostic,
  SYNTHETIC_DESCRIPTION,
  conventionTitle,
  conventionReference,
  weightedCommune,
  push,
  budgetFor,
  numberAssociations,
} from "./plan.rules";
import { SitePlanner } from "./plan.sites";
import { planFollowUp } from "./plan.followup";
import { withActionDetails } from "./plan.action-details";
export * from "./plan.types";
export {
  SYNTHETIC_AS_OF,
  type Territory,
  majorityDepartment,
  selectTerritories,
  planScheme,
  type HolderSpec,
  pickThemes,
  planPeriod,
  planPredecessorPeriod,
  conventionReference,
  numberAssociations,
} from "./plan.rules";

/**
 * The synthetic data set, planned in memory: pure functions of (geography, seed, scale), no database.
 * Rows point to each other by their index in the plan's arrays; the loader turns indexes into ids.
 */

/**
 * Builds the plan. One instance per run; each territory, convention, commune draws from its own stream.
 */
class Planner extends SitePlanner {
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
  const planned = {
    ...planner.plan,
    actions: withActionDetails(options.seed, planner.plan.conventions, planner.plan.actions),
    associations: numberAssociations(planner.plan.associations),
  };
  return { ...planned, followUp: planFollowUp(planned) };
}
