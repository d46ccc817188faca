import { Node } from "../graph/node";
import { Extensions, Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import { MAX_POSTAL_CODES_PER_COMMUNE } from "../common/list-sizes";
import { listBound } from "../graph/list-bounds";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Commune (commune actuelle du code officiel géographique)" })
@Entity({ name: "commune" })
@Check("commune_code_format", `"code" ~ '^[0-9][0-9AB][0-9]{3}$'`)
@Check("commune_siren_format", `"siren" ~ '^[0-9]{9}$'`)
@Check("commune_population_positive", `"population" >= 0`)
export class Commune {
  @Field({ description: "Code INSEE (5 caractères, ex. 52250)" })
  @PrimaryColumn({ type: "char", length: 5 })
  code: string;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;

  @Field({ description: "Code du département" })
  @Index()
  @Column({ type: "varchar", length: 3 })
  departmentCode: string;

  @ManyToOne(() => Department, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "department_code" })
  department?: Department;

  @Field(() => Int, { nullable: true, description: "Population municipale (absente pour quelques territoires inhabités)" })
  @Column({ type: "integer", nullable: true })
  population: number | null;

  @Field(() => String, { nullable: true, description: "Numéro SIREN de la commune" })
  @Column({ type: "char", length: 9, nullable: true, unique: true })
  siren: string | null;

  @Extensions(listBound(MAX_POSTAL_CODES_PER_COMMUNE))
  @Field(() => [String], { description: "Codes postaux" })
  @Column({ type: "varchar", length: 5, array: true, default: () => "'{}'" })
  postalCodes: string[];

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI dont la commune est membre" })
  @Index()
  @Column({ type: "char", length: 9, nullable: true })
  intercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "intercommunality_siren" })
  intercommunality?: Intercommunality;
}
