import { Field, Float, Int, ObjectType } from "type-graphql";
import { weightLabel } from "./weight";

@ObjectType({
  simpleResolvers: true,
  description: "Indicateur de comptage par lequel la couverture peut être pondérée (argument `weight`)",
})
export class CoverageWeight {
  @Field({ description: "Code (valeur de l'argument `weight`)" })
  code: string;

  @Field({ description: "Libellé" })
  label: string;
}

/**
 * The columns of a coverage row (a département's, the country's, a history point's) that hold the weighted figures:
 * the GraphQL fields named `allocataires*` (kept for the clients that read them) and the weight's code.
 */
export interface WeightedColumns {
  weight: string | null;
  allocataires?: number | null;
  coveredAllocataires?: number | null;
  coveredAllocatairesShare: number | null;
  communesWithAllocataires: number;
  communesWithIntercommunalityAllocataires?: number;
  allocatairesPopulationShare: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Couverture pondérée par un indicateur de comptage (argument `weight` : allocataires par défaut, population, " +
    "enfants de moins de 3 ans, personnes couvertes…) : la valeur d'une commune est la sienne la plus récente jusqu'à " +
    "l'année d'observation ; à défaut, sa part de la valeur de son EPCI au prorata de la population, quand aucune " +
    "commune de l'EPCI n'a de valeur propre. Les champs `allocataires*` de la même réponse portent les mêmes chiffres",
})
export class WeightedCoverage {
  @Field({ description: "Code de l'indicateur de pondération (argument `weight`)" })
  code: string;

  @Field({ description: "Libellé de l'indicateur de pondération" })
  label: string;

  @Field(() => Int, {
    nullable: true,
    description: "Somme des valeurs des communes, arrondie ; null si aucune commune n'a de valeur (lire avec la complétude)",
  })
  total: number | null;

  @Field(() => Int, { nullable: true, description: "Somme des valeurs des communes couvertes, arrondie (null comme `total`)" })
  covered: number | null;

  @Field(() => Float, { nullable: true, description: "Part couverte (0–1), sur les seules communes ayant une valeur ; null comme `total`" })
  coveredShare: number | null;

  @Field(() => Int, {
    description: "Complétude : communes ayant une valeur, la leur ou une part de celle de leur EPCI (sur `communeCount`)",
  })
  communesWithValue: number;

  @Field(() => Int, { description: "Dont communes dont la valeur est une part de celle de leur EPCI (au prorata de la population)" })
  communesWithIntercommunalityValue: number;

  @Field(() => Float, { description: "Complétude : part de la population que pèsent les communes ayant une valeur (0–1)" })
  populationShare: number;
}

/** The weighted figures of a row read with them (its `weight` set). */
export function weightedOf(row: WeightedColumns): WeightedCoverage {
  const code = row.weight ?? "";
  return {
    code,
    label: weightLabel(code),
    total: row.allocataires ?? null,
    covered: row.coveredAllocataires ?? null,
    coveredShare: row.coveredAllocatairesShare,
    communesWithValue: row.communesWithAllocataires,
    communesWithIntercommunalityValue: row.communesWithIntercommunalityAllocataires ?? 0,
    populationShare: row.allocatairesPopulationShare,
  };
}
