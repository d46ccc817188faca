import { registerEnumType } from "type-graphql";

export enum IndicatorDirection {
  HIGHER_IS_BETTER = "HIGHER_IS_BETTER",
  LOWER_IS_BETTER = "LOWER_IS_BETTER",
}

/** What an indicator measures: an action, an objective, a convention as a whole, or a territory (commune, EPCI). */
export enum IndicatorLevel {
  ACTION = "ACTION",
  OBJECTIVE = "OBJECTIVE",
  CONVENTION = "CONVENTION",
  TERRITORY = "TERRITORY",
}

registerEnumType(IndicatorDirection, {
  name: "IndicatorDirection",
  description: "Sens d'amélioration d'un indicateur",
  valuesConfig: {
    HIGHER_IS_BETTER: { description: "Plus c'est haut, mieux c'est" },
    LOWER_IS_BETTER: { description: "Plus c'est bas, mieux c'est" },
  },
});
registerEnumType(IndicatorLevel, {
  name: "IndicatorLevel",
  description: "Niveau de mesure d'un indicateur",
  valuesConfig: {
    ACTION: { description: "Action" },
    OBJECTIVE: { description: "Objectif" },
    CONVENTION: { description: "Convention" },
    TERRITORY: { description: "Territoire (commune, EPCI)" },
  },
});
