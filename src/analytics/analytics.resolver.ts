import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, Extensions, FieldResolver, Float, ID, Info, Query, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted } from "../auth/viewer";
import { GeographyBasis } from "./geography.sql";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { Convention } from "../convention/convention.entity";
import type { HubContext } from "../graph/context";
import { PageArgs } from "../common/pagination";
import { selectedFieldNames } from "../graph/selection";
import { present, type RowOf } from "../graph/resolver-utils";
import { communeList } from "../territory/territory.graph";
import { rootList } from "../graph/resolvers";
import { analyticsService, MAX_HISTORY_POINTS, type CoverageFigures, type HistoryFigures } from "./analytics.service";
import { COUNT_INDICATORS } from "../indicator/indicator-catalogue";
import { DEFAULT_WEIGHT, WEIGHT_ARGUMENT, coverageWeights } from "./weight";
import { CoverageWeight, WeightedCoverage, weightedOf } from "./weight.types";
import {
  CoverageGap,
  CoveragePoint,
  DepartmentCoverage,
  HistoryStep,
  IntercommunalityCoverage,
  SdsfAxisAlignment,
  TerritoryComparison,
  TerritoryLevel,
  ThemeMatrix,
} from "./analytics.types";
import {
  AXES_PER_SCHEME_ESTIMATE,
  MAX_COMMUNES_PER_DEPARTMENT,
  MAX_DEPARTMENTS,
  MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
  MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES,
  conventionsOfDepartmentOrAll,
} from "../common/list-sizes";
import { listBound } from "../graph/list-bounds";

/** Every commune of the département at the commune level; its EPCI (and communes outside any) at the EPCI level. */
const territoriesOfLevel = (args: Readonly<Record<string, unknown>>): number =>
  args.level === TerritoryLevel.INTERCOMMUNALITY ? MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES : MAX_COMMUNES_PER_DEPARTMENT;

/** The geography of a figure: that of its date by default. */
const GEOGRAPHY_ARG = {
  nullable: true,
  defaultValue: GeographyBasis.AS_OF,
  description: "Géographie des communes, EPCI et populations : celle de la date (AS_OF, par défaut) ou l'actuelle (CURRENT)",
};
const asOfArg = { nullable: true, description: "Date d'observation (par défaut aujourd'hui)" };

/** The indicator the weighted figures are weighed by. */
const WEIGHT_ARG = {
  nullable: true,
  defaultValue: DEFAULT_WEIGHT,
  description:
    "Code de l'indicateur de comptage qui pondère les chiffres `weighted` (et les champs `allocataires*` d'une couverture) : " +
    "allocataires par défaut, population, children_under_3, indnbp_ndur… ; un code inconnu ou qui n'est pas un effectif est refusé",
};

const WEIGHTED_FIELDS = [
  "weighted",
  "allocataires",
  "coveredAllocataires",
  "coveredAllocatairesShare",
  "communesWithAllocataires",
  "communesWithIntercommunalityAllocataires",
  "allocatairesPopulationShare",
];
const CONVENTION_COUNT_FIELDS = ["activeConventionCount", "impreciseConventionCount"];

/** The optional coverage figures the client selects: the others are not computed (they double the statement's cost). */
function coverageFigures(selected: ReadonlySet<string>, weight: string | null | undefined): CoverageFigures {
  return {
    weighted: WEIGHTED_FIELDS.some((name) => selected.has(name)),
    activeConventions: CONVENTION_COUNT_FIELDS.some((name) => selected.has(name)),
    weight,
  };
}

function historyFigures(info: GraphQLResolveInfo, weight: string | null | undefined): HistoryFigures {
  const selected = selectedFieldNames(info);
  return {
    weighted: WEIGHTED_FIELDS.some((name) => selected.has(name)),
    conventions: CONVENTION_COUNT_FIELDS.some((name) => selected.has(name)),
    weight,
  };
}

/** What `themes` means wherever it selects actions (one wording for the schema and the README). */
const THEMES_ARG = {
  nullable: true,
  description:
    "Ne compter que les actions dont la thématique propre est dans la liste, quelles que soient les thématiques " +
    "de leur CTG (même sens que le filtre `themes` de `actions`) ; la couverture n'en dépend pas",
};

@Resolver()
export class AnalyticsResolver {
  @Query(() => DepartmentCoverage, { description: "Taux de couverture d'un département par les CTG en vigueur à une date" })
  departmentCoverage(
    @Arg("code", { description: "Code du département" }) code: string,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
    @Arg("geography", () => GeographyBasis, GEOGRAPHY_ARG) geography?: GeographyBasis | null,
    @Arg(WEIGHT_ARGUMENT, () => String, WEIGHT_ARG) weight?: string | null,
  ) {
    const selected = selectedFieldNames(info);
    // The EPCI figures in the same statement when they are asked for: it has their communes' coverage already.
    return analyticsService.departmentCoverage(
      ctx,
      code,
      asOf ?? ctx.today,
      coverageFigures(selected, weight),
      selected.has("byIntercommunality"),
      geography ?? GeographyBasis.AS_OF,
    );
  }

  @Extensions(listBound(COUNT_INDICATORS.length))
  @Query(() => [CoverageWeight], {
    description: "Indicateurs de comptage par lesquels la couverture peut être pondérée (argument `weight` des chiffres de couverture)",
  })
  coverageWeights() {
    return coverageWeights();
  }

  @Extensions(listBound(MAX_DEPARTMENTS))
  @Query(() => [DepartmentCoverage], { description: "Taux de couverture de chaque département (carte nationale)" })
  nationalCoverage(
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
    @Arg("geography", () => GeographyBasis, GEOGRAPHY_ARG) geography?: GeographyBasis | null,
    @Arg(WEIGHT_ARGUMENT, () => String, WEIGHT_ARG) weight?: string | null,
  ) {
    return analyticsService.nationalCoverage(
      ctx,
      asOf ?? ctx.today,
      coverageFigures(selectedFieldNames(info), weight),
      geography ?? GeographyBasis.AS_OF,
    );
  }

  @Extensions(listBound(territoriesOfLevel))
  @Query(() => [TerritoryComparison], { description: "Comparaison des territoires d'un département (EPCI ou communes)" })
  compareTerritories(
    @Arg("department", { description: "Code du département" }) department: string,
    @Arg("level", () => TerritoryLevel, { description: "Maille" }) level: TerritoryLevel,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
    @Arg("themes", () => [Theme], THEMES_ARG) themes?: Theme[],
    @Arg("geography", () => GeographyBasis, GEOGRAPHY_ARG) geography?: GeographyBasis | null,
    @Arg(WEIGHT_ARGUMENT, () => String, WEIGHT_ARG) weight?: string | null,
  ) {
    // The weighted figures only when `weighted` is selected: they cost a probe per commune.
    const weighing = { weighted: selectedFieldNames(info).has("weighted"), weight };
    return analyticsService.compareTerritories(
      ctx,
      department,
      level,
      asOf ?? ctx.today,
      themes,
      geography ?? GeographyBasis.AS_OF,
      weighing,
    );
  }

  @Query(() => ThemeMatrix, {
    description: "Matrice territoires (EPCI) × thématiques : actions des CTG en vigueur, chacune sous sa thématique propre",
  })
  themeMatrix(
    @Arg("department", { description: "Code du département" }) department: string,
    @Ctx() ctx: HubContext,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
    @Arg("themes", () => [Theme], { ...THEMES_ARG, description: `${THEMES_ARG.description} ; colonnes limitées à ces thématiques` })
    themes?: Theme[],
  ) {
    return analyticsService.themeMatrix(ctx, department, asOf ?? ctx.today, themes);
  }

  @Extensions(listBound(AXES_PER_SCHEME_ESTIMATE))
  @Query(() => [SdsfAxisAlignment], { description: "Déclinaison locale de chaque axe d'un SDSF" })
  sdsfAlignment(
    @Arg("schemeId", () => ID, { description: "Identifiant du schéma" }) schemeId: string,
    @Ctx() ctx: HubContext,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
  ) {
    return analyticsService.sdsfAlignment(ctx, schemeId, asOf ?? ctx.today);
  }

  @Extensions(listBound(conventionsOfDepartmentOrAll))
  @Query(() => [Convention], { description: "CTG en vigueur (à `asOf`) dont l'échéance tombe au plus tard à `before`" })
  async expiringConventions(
    @Arg("before", () => DateScalar, { description: "Échéance au plus tard à cette date (incluse)" }) before: IsoDate,
    @Ctx() ctx: HubContext,
    @Arg("department", () => String, { nullable: true, description: "Code du département (tous par défaut)" }) department?: string,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
  ) {
    const ids = await analyticsService.expiringConventionIds(ctx, department, asOf ?? ctx.today, before);
    return present(await ctx.loaders.one<Convention>(Convention, "id").loadMany(ids));
  }

  @Extensions(listBound(conventionsOfDepartmentOrAll))
  @Query(() => [Convention], { description: "CTG échues ou résiliées à `asOf` sans CTG qui les renouvelle" })
  async lapsedConventions(
    @Ctx() ctx: HubContext,
    @Arg("department", () => String, { nullable: true, description: "Code du département (tous par défaut)" }) department?: string,
    @Arg("asOf", () => DateScalar, asOfArg) asOf?: IsoDate,
  ) {
    const ids = await analyticsService.lapsedConventionIds(ctx, department, asOf ?? ctx.today);
    return present(await ctx.loaders.one<Convention>(Convention, "id").loadMany(ids));
  }

  @Extensions(listBound(2 * MAX_COMMUNES_PER_DEPARTMENT))
  @Query(() => [CoverageGap], { description: "Communes dont la couverture s'interrompt entre deux CTG" })
  coverageGaps(@Arg("department", { description: "Code du département" }) department: string, @Ctx() ctx: HubContext) {
    return analyticsService.coverageGaps(ctx, department);
  }

  @Extensions(listBound(MAX_HISTORY_POINTS))
  @Query(() => [CoveragePoint], { description: "Historique du taux de couverture, national ou départemental, à la fin de chaque pas" })
  coverageHistory(
    @Arg("from", () => DateScalar, { description: "Début" }) from: IsoDate,
    @Arg("to", () => DateScalar, { description: "Fin (incluse)" }) to: IsoDate,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("department", () => String, { nullable: true, description: "Code du département (national par défaut)" }) department?: string,
    @Arg("step", () => HistoryStep, { defaultValue: HistoryStep.YEAR, description: "Pas" }) step: HistoryStep = HistoryStep.YEAR,
    @Arg("geography", () => GeographyBasis, GEOGRAPHY_ARG) geography?: GeographyBasis | null,
    @Arg(WEIGHT_ARGUMENT, () => String, WEIGHT_ARG) weight?: string | null,
  ) {
    const figures = historyFigures(info, weight);
    return analyticsService.coverageHistory(ctx, department, from, to, step, figures, geography ?? GeographyBasis.AS_OF);
  }
}

const WEIGHTED_DESCRIPTION =
  "Chiffres pondérés : l'indicateur de l'argument `weight` (allocataires par défaut), sa somme, sa part couverte et sa complétude";

@Resolver(() => CoveragePoint)
export class CoveragePointResolver {
  @FieldResolver(() => WeightedCoverage, { description: `${WEIGHTED_DESCRIPTION} (la somme et la part couverte à la date du point)` })
  weighted(@Root() point: RowOf<CoveragePoint>) {
    return weightedOf(point);
  }
}

@Resolver(() => DepartmentCoverage)
export class DepartmentCoverageResolver {
  @FieldResolver(() => WeightedCoverage, { description: WEIGHTED_DESCRIPTION })
  weighted(@Root() coverage: RowOf<DepartmentCoverage>) {
    return weightedOf(coverage);
  }

  @Extensions(listBound(MAX_INTERCOMMUNALITIES_PER_DEPARTMENT))
  @FieldResolver(() => [IntercommunalityCoverage], { description: "Couverture par EPCI (communes du département seulement)" })
  byIntercommunality(@Root() coverage: RowOf<DepartmentCoverage>, @Ctx() ctx: HubContext) {
    return coverage.byIntercommunality ?? analyticsService.intercommunalityCoverage(ctx, coverage.departmentCode, coverage.asOf);
  }

  @FieldResolver(() => communeList.connection(), { description: "Communes non couvertes à la date, paginées" })
  uncoveredCommunes(@Root() coverage: RowOf<DepartmentCoverage>, @Args() page: PageArgs, @Ctx() ctx: HubContext) {
    return rootList(
      communeList,
      { ...page, filter: { department: coverage.departmentCode, covered: false, coveredOn: coverage.asOf } },
      ctx,
    );
  }
}

@Resolver(() => TerritoryComparison)
export class TerritoryComparisonResolver {
  @FieldResolver(() => WeightedCoverage, { description: `${WEIGHTED_DESCRIPTION} (communes du territoire dans le département)` })
  weighted(@Root() territory: RowOf<TerritoryComparison>) {
    return weightedOf(territory);
  }
}

/**
 * The money of a territory's actions is restricted like an action's budget: CAF staff and analysts of the
 * département compared (and administrators), as the export's restricted columns.
 */
@Resolver(() => TerritoryComparison)
export class TerritoryComparisonRestrictedResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Prévu, en euros : lignes budgétaires en euros des mêmes actions que `actionCount` (null : aucune renseignée ; " +
      "agents et analystes du département)",
  })
  plannedEuros(@Root() territory: RowOf<TerritoryComparison>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadRestricted(ctx.viewer, territory.departmentCode), "plannedEuros");
    return territory.plannedEuros;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Réalisé, en euros (mêmes lignes et mêmes droits que `plannedEuros`)" })
  actualEuros(@Root() territory: RowOf<TerritoryComparison>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadRestricted(ctx.viewer, territory.departmentCode), "actualEuros");
    return territory.actualEuros;
  }
}
