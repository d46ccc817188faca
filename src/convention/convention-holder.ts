import { createUnionType } from "type-graphql";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";

/** A CTG's holder. Its members are told apart by the rows' type tags (src/graph/type-tag.ts). */
export const ConventionHolder = createUnionType({
  name: "ConventionHolder",
  description: "Territoire porteur d'une CTG : une commune ou une intercommunalité",
  types: () => [Commune, Intercommunality] as const,
});
