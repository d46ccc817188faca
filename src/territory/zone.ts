import { registerEnumType } from "type-graphql";

/** Metropolitan France, overseas départements-régions, or overseas collectivities. */
export enum Zone {
  METRO = "METRO",
  DROM = "DROM",
  COM = "COM",
}

registerEnumType(Zone, {
  name: "Zone",
  description: "Zone géographique",
  valuesConfig: {
    METRO: { description: "France métropolitaine" },
    DROM: { description: "Départements et régions d'outre-mer" },
    COM: { description: "Collectivités d'outre-mer" },
  },
});
