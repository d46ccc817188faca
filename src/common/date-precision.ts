import { registerEnumType } from "type-graphql";

/**
 * How much of a date the source gives. A CTG "2023–2027" is stored as 2023-01-01 … 2027-12-31
 * with precision YEAR: the figures can use it, and nobody mistakes it for a known day.
 */
export enum DatePrecision {
  DAY = "DAY",
  MONTH = "MONTH",
  YEAR = "YEAR",
}

registerEnumType(DatePrecision, {
  name: "DatePrecision",
  description: "Précision d'une date issue d'une source",
  valuesConfig: {
    DAY: { description: "Jour connu" },
    MONTH: { description: "Mois connu seulement (date ramenée au premier ou dernier jour du mois)" },
    YEAR: { description: "Année connue seulement (date ramenée au 1er janvier ou au 31 décembre)" },
  },
});
