import { Field, InputType, registerEnumType } from "type-graphql";
import { SortDirection } from "../common/ordering";
import { FacilityKind } from "./facility-enums";

export enum FacilityOrderField {
  NAME = "NAME",
  KIND = "KIND",
  CAPACITY = "CAPACITY",
  ID = "ID",
}

registerEnumType(FacilityOrderField, {
  name: "FacilityOrderField",
  description: "Tri des équipements",
  valuesConfig: {
    NAME: { description: "Nom" },
    KIND: { description: "Nature" },
    CAPACITY: { description: "Capacité" },
    ID: { description: "Ordre d'enregistrement" },
  },
});

@InputType({ description: "Filtres sur les équipements" })
export class FacilityFilter {
  @Field(() => [FacilityKind], { nullable: true, description: "Natures d'équipement" })
  kinds?: FacilityKind[] | null;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune d'implantation" })
  commune?: string | null;

  @Field(() => String, { nullable: true, description: "Code du département" })
  department?: string | null;
}

@InputType({ description: "Tri des équipements" })
export class FacilityOrder {
  @Field(() => FacilityOrderField, { description: "Champ de tri" })
  field: FacilityOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}
