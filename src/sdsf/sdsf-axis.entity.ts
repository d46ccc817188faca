import { Node } from "../graph/node";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, VersionColumn } from "typeorm";
import { ValueChecks } from "../db/value-checks";
import { SdsfScheme } from "./sdsf-scheme.entity";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Axe (orientation) d'un SDSF" })
@Entity({ name: "sdsf_axis" })
@ValueChecks("sdsf_axis")
@Unique("sdsf_axis_number_unique", ["schemeId", "number"])
@Check("sdsf_axis_number_positive", `"number" > 0`)
export class SdsfAxis {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Schéma auquel appartient l'axe" })
  @Column({ type: "integer" })
  schemeId: number;

  @ManyToOne(() => SdsfScheme, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "scheme_id" })
  scheme?: SdsfScheme;

  @Field(() => Int, { description: "Numéro d'ordre de l'axe dans le schéma" })
  @Column({ type: "integer" })
  number: number;

  @Field({ description: "Intitulé" })
  @Column({ type: "text" })
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
