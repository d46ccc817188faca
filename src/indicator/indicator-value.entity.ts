import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Action } from "../convention/action.entity";
import { Convention } from "../convention/convention.entity";
import { Objective } from "../convention/objective.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { Source } from "../provenance/source.entity";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { IndicatorDefinition } from "./indicator-definition.entity";

/**
 * One model for every figure: a value of an indicator definition for one year, about exactly one subject — a
 * territory (a commune or an EPCI: allocataires, population… measured, `value` set) or a CTG's plan (an action,
 * an objective, the convention: a baseline, a target and, once known, the result in `value`). Migration
 * 1796615737854-FollowUp renamed indicator_value to this table, its rows kept.
 */
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    "Valeur d'un indicateur pour une année : d'une commune ou d'un EPCI (valeur mesurée), ou d'une action, d'un objectif ou " +
    "d'une CTG (situation de départ, cible, résultat)",
})
@Entity({ name: "indicator_value" })
@ValueChecks("indicator_value")
@Check("indicator_value_year", `"year" BETWEEN 1900 AND 2100`)
@Check(
  "indicator_value_subject",
  `num_nonnulls("commune_code", "intercommunality_siren", "action_id", "objective_id", "convention_id") = 1`,
)
// A territory's figure is a measurement: it has a value.
@Check("indicator_value_territory_measured", `"value" IS NOT NULL OR ("commune_code" IS NULL AND "intercommunality_siren" IS NULL)`)
@Index("indicator_value_commune_unique", ["indicator", "year", "communeCode"], { unique: true, where: `"commune_code" IS NOT NULL` })
// The latest value of an indicator per commune up to a year (coverage figures): an index-only scan in
// (commune, year) order, or one probe per commune; the value is a key column so no row is read.
@Index("indicator_value_commune_latest", ["indicator", "communeCode", "year", "value"], { where: `"commune_code" IS NOT NULL` })
@Index("indicator_value_intercommunality_unique", ["indicator", "year", "intercommunalitySiren"], {
  unique: true,
  where: `"intercommunality_siren" IS NOT NULL`,
})
@Index("indicator_value_action_unique", ["actionId", "indicator", "year"], { unique: true, where: `"action_id" IS NOT NULL` })
@Index("indicator_value_objective_unique", ["objectiveId", "indicator", "year"], { unique: true, where: `"objective_id" IS NOT NULL` })
@Index("indicator_value_convention_unique", ["conventionId", "indicator", "year"], {
  unique: true,
  where: `"convention_id" IS NOT NULL`,
})
export class IndicatorValue {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Code de l'indicateur (allocataires, children_under_3, eaje_places…) : sa définition est `definition`" })
  @Column({ type: "varchar", length: 50 })
  indicator: string;

  @ManyToOne(() => IndicatorDefinition, { nullable: false, onDelete: "RESTRICT", onUpdate: "CASCADE" })
  @JoinColumn({ name: "indicator", referencedColumnName: "code" })
  definition?: IndicatorDefinition;

  @Field(() => Int, { description: "Année de référence" })
  @Column({ type: "smallint" })
  year: number;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune" })
  @Index()
  @Column({ type: "char", length: 5, nullable: true })
  communeCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI" })
  @Index()
  @Column({ type: "char", length: 9, nullable: true })
  intercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "intercommunality_siren" })
  intercommunality?: Intercommunality;

  @Field(() => ID, { nullable: true, description: "Action mesurée" })
  @Column({ type: "integer", nullable: true })
  actionId: number | null;

  @ManyToOne(() => Action, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  @Field(() => ID, { nullable: true, description: "Objectif mesuré" })
  @Column({ type: "integer", nullable: true })
  objectiveId: number | null;

  @ManyToOne(() => Objective, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "objective_id" })
  objective?: Objective;

  @Field(() => ID, { nullable: true, description: "Convention mesurée" })
  @Column({ type: "integer", nullable: true })
  conventionId: number | null;

  @ManyToOne(() => Convention, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => Float, { nullable: true, description: "Situation de départ (indicateurs d'une CTG)" })
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  baseline: number | null;

  @Field(() => Float, { nullable: true, description: "Cible (indicateurs d'une CTG)" })
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  target: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Valeur mesurée : toujours présente pour une commune ou un EPCI ; le résultat d'une action, d'un objectif ou d'une CTG",
  })
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  value: number | null;

  @Field(() => String, { nullable: true, description: "Précision ou commentaire (date, périmètre, analyse du résultat)" })
  @Column({ type: "text", nullable: true })
  note: string | null;

  @Column({ type: "integer", nullable: true })
  sourceId: number | null;

  @ManyToOne(() => Source, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_id" })
  source?: Source;
}
