import { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import { addDays, cafName, isoDate, ofPlace } from "./identifiers";
import { Rng } from "./prng";
import { FACILITY_TEMPLATES, fillTemplate } from "./vocabulary";
import type { SyntheticCommune, SyntheticDepartment, SyntheticGeography, SyntheticOptions, SyntheticPlan } from "./plan.types";
import { weightedPair, populationOf, push } from "./plan.rules";

/**
 * The planner's shared state (the plan, its random streams, the associations seated in each commune) and
 * what it plans per commune: facilities with their approvals, and indicators.
 */
export class SitePlanner {
  readonly plan: SyntheticPlan;
  /** Associations seated in each commune, in the order they were planned. */
  protected readonly associationsByCommune = new Map<string, number[]>();
  protected readonly schemeAxesByDepartment = new Map<string, number[]>();
  protected readonly departments: Map<string, SyntheticDepartment>;

  constructor(
    protected readonly geo: SyntheticGeography,
    protected readonly options: SyntheticOptions,
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
      followUp: { pilots: [], budgetLines: [], fundings: [], notes: [], meetings: [], evaluations: [], planIndicators: [] },
    };
  }

  protected rng(label: string): Rng {
    return Rng.stream(this.options.seed, label);
  }

  protected department(code: string): SyntheticDepartment {
    const department = this.departments.get(code);
    if (!department) throw new Error(`unknown département ${code}`);
    return department;
  }

  protected caf(departmentCode: string): string {
    const d = this.department(departmentCode);
    return cafName(d.name, d.typeLiaison);
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
