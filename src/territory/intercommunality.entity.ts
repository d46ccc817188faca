import { Node } from "../graph/node";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Check, Column, Entity, PrimaryColumn } from "typeorm";

/** The legal forms of an EPCI à fiscalité propre. */
export enum IntercommunalityKind {
  CC = "CC",
  CA = "CA",
  CU = "CU",
  METRO = "METRO",
  MET69 = "MET69",
}

registerEnumType(IntercommunalityKind, {
  name: "IntercommunalityKind",
  description: "Nature juridique de l'EPCI",
  valuesConfig: {
    CC: { description: "Communauté de communes" },
    CA: { description: "Communauté d'agglomération" },
    CU: { description: "Communauté urbaine" },
    METRO: { description: "Métropole" },
    MET69: { description: "Métropole de Lyon" },
  },
});

@ObjectType({ implements: Node, simpleResolvers: true, description: "Intercommunalité : EPCI à fiscalité propre (CC, CA, CU, métropole)" })
@Entity({ name: "intercommunality" })
@Check("intercommunality_siren_format", `"siren" ~ '^[0-9]{9}$'`)
@Check("intercommunality_population_positive", `"population" >= 0 AND "municipal_population" >= 0`)
export class Intercommunality {
  @Field({ description: "Numéro SIREN de l'EPCI" })
  @PrimaryColumn({ type: "char", length: 9 })
  siren: string;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;

  @Field(() => IntercommunalityKind, { description: "Nature juridique" })
  @Column({ type: "enum", enum: IntercommunalityKind, enumName: "intercommunality_kind" })
  kind: IntercommunalityKind;

  @Field(() => Int, { description: "Population totale (INSEE)" })
  @Column({ type: "integer" })
  population: number;

  @Field(() => Int, { description: "Population municipale (INSEE)" })
  @Column({ type: "integer" })
  municipalPopulation: number;
}
