import { Node } from "../graph/node";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, VersionColumn } from "typeorm";
import { ValueChecks } from "../db/value-checks";
import { Convention } from "./convention.entity";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Objectif stratégique d'une CTG" })
@Entity({ name: "objective" })
@ValueChecks("objective")
@Unique("objective_position_unique", ["conventionId", "position"])
export class Objective {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Convention de l'objectif" })
  @Column({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => Int, { description: "Rang dans la convention (1, 2, …)" })
  @Column({ type: "integer" })
  position: number;

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
