import { Field, InputType, Int, registerEnumType } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { SortDirection } from "../common/ordering";
import { IntercommunalityKind } from "./intercommunality.entity";
import { SEARCH_HELP } from "../db/text-search";

export enum DepartmentOrderField {
  CODE = "CODE",
  NAME = "NAME",
}
export enum CommuneOrderField {
  CODE = "CODE",
  NAME = "NAME",
  POPULATION = "POPULATION",
}
export enum IntercommunalityOrderField {
  SIREN = "SIREN",
  NAME = "NAME",
  POPULATION = "POPULATION",
}

registerEnumType(DepartmentOrderField, {
  name: "DepartmentOrderField",
  description: "Tri des départements",
  valuesConfig: { CODE: { description: "Code INSEE" }, NAME: { description: "Nom" } },
});
registerEnumType(CommuneOrderField, {
  name: "CommuneOrderField",
  description: "Tri des communes",
  valuesConfig: { CODE: { description: "Code INSEE" }, NAME: { description: "Nom" }, POPULATION: { description: "Population" } },
});
registerEnumType(IntercommunalityOrderField, {
  name: "IntercommunalityOrderField",
  description: "Tri des EPCI",
  valuesConfig: { SIREN: { description: "SIREN" }, NAME: { description: "Nom" }, POPULATION: { description: "Population" } },
});

@InputType({ description: "Filtres sur les départements" })
export class DepartmentFilter {
  @Field(() => String, { nullable: true, description: "Code de la région" })
  region?: string | null;

  @Field(() => String, { nullable: true, description: `Recherche dans le nom ou le code (${SEARCH_HELP})` })
  search?: string | null;
}

@InputType({ description: "Tri des départements" })
export class DepartmentOrder {
  @Field(() => DepartmentOrderField, { description: "Champ de tri" })
  field: DepartmentOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}

@InputType({ description: "Filtres sur les communes" })
export class CommuneFilter {
  @Field(() => String, { nullable: true, description: "Code du département" })
  department?: string | null;

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI" })
  intercommunality?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Couverte (true) ou non (false) par une CTG en vigueur à la date `coveredOn`" })
  covered?: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: "Date d'observation de la couverture (par défaut aujourd'hui)" })
  coveredOn?: IsoDate | null;

  @Field(() => Int, { nullable: true, description: "Population minimale (incluse)" })
  populationMin?: number | null;

  @Field(() => Int, { nullable: true, description: "Population maximale (incluse)" })
  populationMax?: number | null;

  @Field(() => String, {
    nullable: true,
    description: `Recherche dans le nom ou le début du code INSEE ; un code entier peut être un ancien code (commune fusionnée, déléguée ou associée), qui trouve la commune actuelle (${SEARCH_HELP})`,
  })
  search?: string | null;
}

@InputType({ description: "Tri des communes" })
export class CommuneOrder {
  @Field(() => CommuneOrderField, { description: "Champ de tri" })
  field: CommuneOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}

@InputType({ description: "Filtres sur les intercommunalités" })
export class IntercommunalityFilter {
  @Field(() => String, { nullable: true, description: "Code d'un département où l'EPCI a des communes" })
  department?: string | null;

  @Field(() => IntercommunalityKind, { nullable: true, description: "Nature juridique" })
  kind?: IntercommunalityKind | null;

  @Field(() => String, { nullable: true, description: `Recherche dans le nom ou le SIREN (${SEARCH_HELP})` })
  search?: string | null;
}

@InputType({ description: "Tri des intercommunalités" })
export class IntercommunalityOrder {
  @Field(() => IntercommunalityOrderField, { description: "Champ de tri" })
  field: IntercommunalityOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}
