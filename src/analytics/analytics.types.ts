import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { ActionStatus } from "../convention/convention-enums";
import { FacilityKind } from "../facility/facility-enums";
import { MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES, THEME_COUNT } from "../common/list-sizes";
import { listBound } from "../graph/list-bounds";

export enum TerritoryLevel {
  INTERCOMMUNALITY = "INTERCOMMUNALITY",
  COMMUNE = "COMMUNE",
}
export enum CoverageStatus {
  COVERED = "COVERED",
  PARTIAL = "PARTIAL",
  IN_PREPARATION = "IN_PREPARATION",
  EXPIRED = "EXPIRED",
  NONE = "NONE",
}
export enum HistoryStep {
  YEAR = "YEAR",
  QUARTER = "QUARTER",
  MONTH = "MONTH",
}

registerEnumType(TerritoryLevel, {
  name: "TerritoryLevel",
  description: "Maille de comparaison des territoires",
  valuesConfig: {
    INTERCOMMUNALITY: { description: "Intercommunalités (les communes sans EPCI forment chacune un territoire)" },
    COMMUNE: { description: "Communes" },
  },
});
registerEnumType(CoverageStatus, {
  name: "CoverageStatus",
  description: "Couverture d'un territoire par une CTG à une date",
  valuesConfig: {
    COVERED: { description: "Toutes ses communes sont couvertes par une CTG en vigueur" },
    PARTIAL: { description: "Une partie de ses communes est couverte" },
    IN_PREPARATION: { description: "Aucune commune couverte, une CTG en préparation ou à venir" },
    EXPIRED: { description: "Aucune commune couverte, la CTG précédente est échue ou résiliée" },
    NONE: { description: "Aucune CTG" },
  },
});
registerEnumType(HistoryStep, {
  name: "HistoryStep",
  description: "Pas de l'historique",
  valuesConfig: {
    YEAR: { description: "Fin de chaque année" },
    QUARTER: { description: "Fin de chaque trimestre" },
    MONTH: { description: "Fin de chaque mois" },
  },
});

@ObjectType({ simpleResolvers: true, description: "Couverture d'un EPCI (part située dans le département)" })
export class IntercommunalityCoverage {
  @Field({ description: "SIREN de l'EPCI" })
  siren: string;

  @Field({ description: "Nom" })
  name: string;

  @Field({ description: "L'EPCI a aussi des communes dans d'autres départements (seules celles du département sont comptées)" })
  spansSeveralDepartments: boolean;

  @Field(() => Int, { description: "Communes de l'EPCI dans le département" })
  communeCount: number;

  @Field(() => Int, { description: "Dont couvertes" })
  coveredCommuneCount: number;

  @Field(() => Int, { description: "Population (communes du département)" })
  population: number;

  @Field(() => Int, { description: "Population couverte" })
  coveredPopulation: number;

  @Field(() => Float, { description: "Part de la population couverte (0–1)" })
  coveredPopulationShare: number;
}

@ObjectType({ simpleResolvers: true, description: "Taux de couverture d'un département par les CTG en vigueur, à une date" })
export class DepartmentCoverage {
  @Field({ description: "Code du département" })
  departmentCode: string;

  /** The EPCI figures when the row was read with them (departmentCoverageSql): the field resolver reads them otherwise. */
  byIntercommunality?: IntercommunalityCoverage[];

  @Field({ description: "Nom du département" })
  departmentName: string;

  @Field(() => DateScalar, { description: "Date d'observation" })
  asOf: IsoDate;

  @Field(() => Int, {
    description: "Millésime du COG (année) dont viennent les communes, leur EPCI et leur population (voir l'argument `geography`)",
  })
  geographyVintage: number;

  @Field(() => Int, { description: "Nombre de communes" })
  communeCount: number;

  @Field(() => Int, { description: "Communes couvertes par au moins une CTG en vigueur" })
  coveredCommuneCount: number;

  @Field(() => Int, { description: "Population municipale (communes sans population comptées 0)" })
  population: number;

  @Field(() => Int, { description: "Population des communes couvertes" })
  coveredPopulation: number;

  @Field(() => Float, { description: "Taux de couverture : part de la population couverte (0–1)" })
  coveredPopulationShare: number;

  @Field(() => Int, {
    nullable: true,
    description:
      "Allocataires : somme des valeurs des communes (indicateur « allocataires » le plus récent jusqu'à l'année " +
      "d'observation ; à défaut, part de la valeur de leur EPCI au prorata de la population, quand aucune commune de l'EPCI " +
      "n'a de valeur propre), arrondie ; null si aucune commune n'a de valeur. À lire avec `communesWithAllocataires` et " +
      "`allocatairesPopulationShare`, qui disent sur quoi ce chiffre repose. Avec l'argument `weight`, les champs " +
      "`allocataires*` portent les chiffres de l'indicateur donné (même règle ; `weighted` les nomme)",
  })
  allocataires: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Allocataires des communes couvertes (même règle ; l'indicateur `weight` s'il est donné)",
  })
  coveredAllocataires: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Part des allocataires couverts (0–1), sur les seules communes ayant une valeur (l'indicateur `weight` s'il est donné)",
  })
  coveredAllocatairesShare: number | null;

  @Field(() => Int, {
    description:
      "Complétude : communes ayant une valeur d'allocataires (de l'indicateur `weight` s'il est donné), la leur ou une part " +
      "de celle de leur EPCI (sur `communeCount`)",
  })
  communesWithAllocataires: number;

  @Field(() => Int, { description: "Dont communes dont la valeur est une part de celle de leur EPCI (au prorata de la population)" })
  communesWithIntercommunalityAllocataires: number;

  @Field(() => Float, {
    description:
      "Complétude : part de la population que pèsent les communes ayant une valeur d'allocataires (de l'indicateur `weight` s'il est donné) (0–1)",
  })
  allocatairesPopulationShare: number;

  /** The weight's code when the row was read with the weighted figures (`weighted` is resolved from the row). */
  weight: string | null;

  @Field(() => Int, { description: "CTG en vigueur couvrant au moins une commune du département" })
  activeConventionCount: number;

  @Field(() => Int, {
    description:
      "Dont CTG aux dates imprécises : signature, début ou fin inconnus ou connus seulement au mois ou à l'année, " +
      "ou résiliation non datée (la couverture repose alors sur une date reconstituée)",
  })
  impreciseConventionCount: number;
}

@ObjectType({ simpleResolvers: true, description: "Nombre d'actions par thématique" })
export class ThemeCount {
  @Field(() => Theme, { description: "Thématique" })
  theme: Theme;

  @Field(() => Int, { description: "Nombre d'actions" })
  count: number;
}

@ObjectType({ simpleResolvers: true, description: "Nombre d'actions par état d'avancement" })
export class ActionStatusCount {
  @Field(() => ActionStatus, { description: "État" })
  status: ActionStatus;

  @Field(() => Int, { description: "Nombre d'actions" })
  count: number;
}

@ObjectType({ simpleResolvers: true, description: "Équipements d'une nature, avec leur capacité" })
export class FacilityKindCount {
  @Field(() => FacilityKind, { description: "Nature" })
  kind: FacilityKind;

  @Field(() => Int, { description: "Nombre d'équipements" })
  count: number;

  @Field(() => Int, { description: "Capacité totale (places)" })
  capacity: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "Comparaison d'un territoire du département : couverture, actions, partenaires, équipements",
})
export class TerritoryComparison {
  @Field(() => TerritoryLevel, { description: "Maille du territoire" })
  level: TerritoryLevel;

  @Field(() => Int, {
    description: "Millésime du COG (année) dont viennent le territoire, ses communes et leur population (argument `geography`)",
  })
  geographyVintage: number;

  @Field({ description: "Code INSEE (commune) ou SIREN (EPCI)" })
  code: string;

  @Field({ description: "Nom" })
  name: string;

  @Field({ description: "Le territoire déborde sur d'autres départements (seule la part du département est comptée)" })
  spansSeveralDepartments: boolean;

  @Field(() => Int, { description: "Population (part du département)" })
  population: number;

  @Field(() => Int, { description: "Communes (du département)" })
  communeCount: number;

  @Field(() => Int, { description: "Communes couvertes par une CTG en vigueur" })
  coveredCommuneCount: number;

  @Field(() => Float, { description: "Part de la population couverte (0–1)" })
  coveredPopulationShare: number;

  @Field(() => CoverageStatus, { description: "État de couverture" })
  coverageStatus: CoverageStatus;

  /** Ids of the conventions covering at least one of its communes; resolved by the loader. */
  conventionIds: number[];

  @Field(() => DateScalar, { nullable: true, description: "Prochaine échéance d'une CTG en vigueur" })
  nextExpiry: IsoDate | null;

  @Field(() => Int, { description: "CTG en vigueur couvrant au moins une de ses communes" })
  activeConventionCount: number;

  @Field(() => Int, {
    description:
      "Dont CTG aux dates imprécises : signature, début ou fin inconnus ou connus seulement au mois ou à l'année, " +
      "ou résiliation non datée",
  })
  impreciseConventionCount: number;

  @Field(() => Int, {
    description:
      "Actions des CTG en vigueur qui le couvrent ; avec `themes`, celles dont la thématique propre est dans la liste " +
      "(quelles que soient les thématiques de leur CTG)",
  })
  actionCount: number;

  @Extensions(listBound(THEME_COUNT))
  @Field(() => [ThemeCount], { description: "Actions par thématique (mêmes actions que `actionCount`)" })
  actionsByTheme: ThemeCount[];

  @Extensions(listBound(Object.keys(ActionStatus).length))
  @Field(() => [ActionStatusCount], { description: "Actions par état d'avancement (mêmes actions que `actionCount`)" })
  actionsByStatus: ActionStatusCount[];

  @Field(() => Int, {
    description: "Actions en retard à `asOf` (mêmes actions que `actionCount`) : échéance dépassée, ni réalisées ni abandonnées",
  })
  lateActionCount: number;

  /** Restricted like budgets (TerritoryComparisonRestrictedResolver): the euros of the same actions' budget lines. */
  plannedEuros: number | null;
  actualEuros: number | null;
  /** The département compared, for the money's check. */
  departmentCode: string;

  @Field(() => Int, { description: "Associations partenaires de ces CTG ou de leurs actions" })
  partnerCount: number;

  @Extensions(listBound(Object.keys(FacilityKind).length))
  @Field(() => [FacilityKindCount], { description: "Équipements implantés sur le territoire, par nature" })
  facilitiesByKind: FacilityKindCount[];

  /** Ids of the SDSF axes its active conventions or their actions decline. */
  sdsfAxisIds: number[];

  /** Read with the weighted figures when `weighted` is selected (WeightedColumns: `weighted` is resolved from them). */
  weight: string | null;
  allocataires: number | null;
  coveredAllocataires: number | null;
  coveredAllocatairesShare: number | null;
  communesWithAllocataires: number;
  communesWithIntercommunalityAllocataires: number;
  allocatairesPopulationShare: number;
}

@ObjectType({ simpleResolvers: true, description: "Ligne de la matrice territoires × thématiques" })
export class ThemeMatrixRow {
  @Field({ description: "Code du territoire (SIREN ou INSEE)" })
  code: string;

  @Field({ description: "Nom" })
  name: string;

  @Extensions(listBound(THEME_COUNT))
  @Field(() => [Int], { description: "Nombre d'actions par thématique, dans l'ordre de `ThemeMatrix.themes`" })
  counts: number[];

  @Field(() => Int, { description: "Total des actions" })
  total: number;
}

@ObjectType({ simpleResolvers: true, description: "Matrice territoires × thématiques : actions des CTG en vigueur" })
export class ThemeMatrix {
  @Field({ description: "Code du département" })
  departmentCode: string;

  @Field(() => DateScalar, { description: "Date d'observation" })
  asOf: IsoDate;

  @Field(() => [Theme], { description: "Colonnes : les thématiques" })
  themes: Theme[];

  @Extensions(listBound(MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES))
  @Field(() => [ThemeMatrixRow], { description: "Lignes : les territoires (EPCI)" })
  rows: ThemeMatrixRow[];

  @Extensions(listBound(THEME_COUNT))
  @Field(() => [Int], { description: "Total par thématique" })
  totals: number[];
}

@ObjectType({ simpleResolvers: true, description: "Déclinaison locale d'un axe du SDSF" })
export class SdsfAxisAlignment {
  /** The axis, resolved by the loader. */
  axisId: number;

  @Field(() => Int, { description: "CTG qui déclinent l'axe" })
  conventionCount: number;

  /** Ids of those conventions. */
  conventionIds: number[];

  @Field(() => Int, { description: "Actions qui déclinent l'axe" })
  actionCount: number;

  @Extensions(listBound(MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES))
  @Field(() => [String], {
    description: "Territoires (EPCI, ou communes hors EPCI) touchés : une CTG qui les couvre ou une de ses actions décline l'axe",
  })
  touchingTerritoryCodes: string[];

  @Extensions(listBound(MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES))
  @Field(() => [String], { description: "Territoires du département non touchés" })
  untouchedTerritoryCodes: string[];
}

@ObjectType({ simpleResolvers: true, description: "Rupture de couverture d'une commune entre deux CTG" })
export class CoverageGap {
  @Field({ description: "Code INSEE de la commune" })
  communeCode: string;

  @Field({ description: "Nom de la commune" })
  communeName: string;

  @Field(() => ID, { description: "CTG qui s'achève" })
  previousConventionId: number;

  @Field(() => ID, { description: "CTG suivante" })
  nextConventionId: number;

  @Field(() => DateScalar, { description: "Premier jour sans couverture" })
  gapStartsOn: IsoDate;

  @Field(() => DateScalar, { description: "Dernier jour sans couverture" })
  gapEndsOn: IsoDate;

  @Field(() => Int, { description: "Durée de la rupture en jours" })
  days: number;
}

@ObjectType({ simpleResolvers: true, description: "Point de l'historique de couverture" })
export class CoveragePoint {
  @Field(() => DateScalar, { description: "Date (fin de la période)" })
  date: IsoDate;

  @Field(() => Int, {
    description:
      "Millésime du COG (année) dont viennent les communes et leur population à ce point (argument `geography` : la " +
      "géographie de la date, sauf avec les chiffres pondérés — allocataires ou `weight` —, donnés sur la géographie actuelle)",
  })
  geographyVintage: number;

  @Field(() => Int, { description: "Population" })
  population: number;

  @Field(() => Int, { description: "Population couverte" })
  coveredPopulation: number;

  @Field(() => Float, { description: "Part de la population couverte (0–1)" })
  coveredPopulationShare: number;

  @Field(() => Int, { description: "Communes" })
  communeCount: number;

  @Field(() => Int, { description: "Communes couvertes" })
  coveredCommuneCount: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Part des allocataires couverts (0–1), sur les communes ayant une valeur (même règle que `departmentCoverage`) ; " +
      "null si aucune n'en a. Avec l'argument `weight`, les champs `allocataires*` portent les chiffres de l'indicateur donné",
  })
  coveredAllocatairesShare: number | null;

  @Field(() => Int, {
    description:
      "Complétude : communes ayant une valeur d'allocataires (de l'indicateur `weight` s'il est donné), la leur ou une part de celle de leur EPCI",
  })
  communesWithAllocataires: number;

  @Field(() => Float, {
    description:
      "Complétude : part de la population que pèsent les communes ayant une valeur d'allocataires (de l'indicateur `weight` s'il est donné) (0–1)",
  })
  allocatairesPopulationShare: number;

  /** Read with the weighted figures (`weighted` is resolved from them): the weight's code, total, covered and EPCI shares. */
  weight: string | null;
  allocataires: number | null;
  coveredAllocataires: number | null;
  communesWithIntercommunalityAllocataires: number;

  @Field(() => Int, { description: "CTG en vigueur couvrant au moins une commune du périmètre" })
  activeConventionCount: number;

  @Field(() => Int, {
    description: "Dont CTG aux dates imprécises (signature, début ou fin inconnus ou connus seulement au mois ou à l'année)",
  })
  impreciseConventionCount: number;
}
