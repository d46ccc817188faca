import { INDICATORS_PER_TERRITORY_ESTIMATE } from "../common/list-sizes";
import { Action } from "../convention/action.entity";
import { Convention } from "../convention/convention.entity";
import { Objective } from "../convention/objective.entity";
import { declare, type GraphPart } from "../graph/declare";
import { Source } from "../provenance/source.entity";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { IndicatorDefinition } from "./indicator-definition.entity";
import { IndicatorValue } from "./indicator-value.entity";

const { one, many, lookup, edges } = declare;

const byIndicatorThenYear = (t: string) => `${t}.indicator, ${t}.year`;
/** Estimate: indicator values of one action, objective or convention (a few indicators over five years). */
const INDICATOR_VALUES_PER_PLAN_ITEM = 60;

const valuesOf = (
  to: "communeCode" | "intercommunalitySiren" | "actionId" | "objectiveId" | "conventionId",
  bound: number,
  description: string,
) =>
  many(() => IndicatorValue, {
    from: to === "communeCode" ? "code" : to === "intercommunalitySiren" ? "siren" : "id",
    link: { kind: "column", to },
    order: byIndicatorThenYear,
    bound,
    description,
  });

/**
 * Indicators: definitions, and their values about a territory (commune, EPCI) or a CTG's plan (action, objective,
 * convention), with the edges from those to their values. The indicator domain sits above convention (its values
 * point at actions): both directions of those edges are declared here, so convention never imports indicator.
 */
export const indicatorGraph: GraphPart = {
  entities: [IndicatorValue, IndicatorDefinition],
  roots: [
    {
      fields: {
        indicatorDefinition: lookup(() => IndicatorDefinition, {
          to: "code",
          description: "Une définition d'indicateur par son code (null si elle n'existe pas)",
          argument: { name: "code", description: "Code de l'indicateur (ex. allocataires)" },
        }),
      },
    },
  ],
  edges: [
    edges(() => IndicatorValue, {
      definition: one(() => IndicatorDefinition, { from: "indicator", to: "code", description: "Définition de l'indicateur" }),
      commune: one(() => Commune, { from: "communeCode", to: "code", nullable: true, description: "Commune mesurée" }),
      intercommunality: one(() => Intercommunality, {
        from: "intercommunalitySiren",
        to: "siren",
        nullable: true,
        description: "EPCI mesuré",
      }),
      action: one(() => Action, { from: "actionId", to: "id", nullable: true, description: "Action mesurée" }),
      objective: one(() => Objective, { from: "objectiveId", to: "id", nullable: true, description: "Objectif mesuré" }),
      convention: one(() => Convention, { from: "conventionId", to: "id", nullable: true, description: "CTG mesurée" }),
      source: one(() => Source, {
        from: "sourceId",
        to: "id",
        nullable: true,
        description:
          "Source de la valeur : jeu de données et millésime (données CAF : année des données et géographie du COG sur laquelle elles sont publiées)",
      }),
    }),
    edges(() => Commune, {
      indicators: valuesOf(
        "communeCode",
        INDICATORS_PER_TERRITORY_ESTIMATE,
        "Indicateurs de la commune (allocataires, enfants de moins de 3 ans…)",
      ),
    }),
    edges(() => Intercommunality, {
      indicators: valuesOf("intercommunalitySiren", INDICATORS_PER_TERRITORY_ESTIMATE, "Indicateurs de l'EPCI"),
    }),
    edges(() => Action, {
      indicatorValues: valuesOf(
        "actionId",
        INDICATOR_VALUES_PER_PLAN_ITEM,
        "Indicateurs de l'action : situation de départ, cibles et résultats par année",
      ),
    }),
    edges(() => Objective, {
      indicatorValues: valuesOf("objectiveId", INDICATOR_VALUES_PER_PLAN_ITEM, "Indicateurs de l'objectif, par année"),
    }),
    edges(() => Convention, {
      indicatorValues: valuesOf("conventionId", INDICATOR_VALUES_PER_PLAN_ITEM, "Indicateurs de la CTG, par année"),
    }),
  ],
};
