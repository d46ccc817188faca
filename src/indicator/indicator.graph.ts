import { INDICATORS_PER_TERRITORY_ESTIMATE } from "../common/list-sizes";
import { declare, type GraphPart } from "../graph/declare";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { TerritoryIndicator } from "./territory-indicator.entity";

const { one, many, edges } = declare;

const byIndicatorThenYear = (t: string) => `${t}.indicator, ${t}.year`;

/** Territory indicators and the edges from communes and EPCI to them. */
export const indicatorGraph: GraphPart = {
  entities: [TerritoryIndicator],
  roots: [],
  edges: [
    edges(() => TerritoryIndicator, {
      commune: one(() => Commune, { from: "communeCode", to: "code", nullable: true, description: "Commune mesurée" }),
      intercommunality: one(() => Intercommunality, {
        from: "intercommunalitySiren",
        to: "siren",
        nullable: true,
        description: "EPCI mesuré",
      }),
    }),
    edges(() => Commune, {
      indicators: many(() => TerritoryIndicator, {
        from: "code",
        link: { kind: "column", to: "communeCode" },
        order: byIndicatorThenYear,
        bound: INDICATORS_PER_TERRITORY_ESTIMATE,
        description: "Indicateurs de la commune (allocataires, enfants de moins de 3 ans…)",
      }),
    }),
    edges(() => Intercommunality, {
      indicators: many(() => TerritoryIndicator, {
        from: "siren",
        link: { kind: "column", to: "intercommunalitySiren" },
        order: byIndicatorThenYear,
        bound: INDICATORS_PER_TERRITORY_ESTIMATE,
        description: "Indicateurs de l'EPCI",
      }),
    }),
  ],
};
