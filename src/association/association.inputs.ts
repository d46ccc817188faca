import { Field, InputType, registerEnumType } from "type-graphql";
import { Theme } from "../common/theme";
import { SortDirection } from "../common/ordering";
import { SEARCH_HELP } from "../db/text-search";

export enum AssociationOrderField {
  NAME = "NAME",
  RNA = "RNA",
  ID = "ID",
}

registerEnumType(AssociationOrderField, {
  name: "AssociationOrderField",
  description: "Tri des associations",
  valuesConfig: { NAME: { description: "Nom" }, RNA: { description: "Numéro RNA" }, ID: { description: "Ordre d'enregistrement" } },
});

@InputType({ description: "Filtres sur les associations partenaires" })
export class AssociationFilter {
  @Field(() => String, { nullable: true, description: "Département de la commune du siège" })
  department?: string | null;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune du siège" })
  commune?: string | null;

  @Field(() => [Theme], { nullable: true, description: "Au moins une de ces thématiques" })
  themes?: Theme[] | null;

  @Field(() => String, { nullable: true, description: `Recherche dans le nom, le RNA ou le SIREN (${SEARCH_HELP})` })
  search?: string | null;
}

@InputType({ description: "Tri des associations" })
export class AssociationOrder {
  @Field(() => AssociationOrderField, { description: "Champ de tri" })
  field: AssociationOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}
