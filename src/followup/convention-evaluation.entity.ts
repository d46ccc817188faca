import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { DateScalar, type IsoDate } from "../common/date";
import { Convention } from "../convention/convention.entity";
import { Objective } from "../convention/objective.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { EvaluationKind, ObjectiveAchievement } from "../convention/followup-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Évaluation d'une CTG : bilan annuel ou évaluation finale avant renouvellement",
})
@Entity({ name: "convention_evaluation" })
@ValueChecks("convention_evaluation")
@Check("convention_evaluation_year", `"year" BETWEEN 1900 AND 2100`)
@Index("convention_evaluation_yearly_unique", ["conventionId", "year"], { unique: true, where: `"kind" = 'YEARLY'` })
@Index("convention_evaluation_final_unique", ["conventionId"], { unique: true, where: `"kind" = 'FINAL'` })
// The evaluations of a convention, whatever their kind: what deleting a convention cascades through.
@Index("convention_evaluation_convention", ["conventionId"])
export class ConventionEvaluation {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Convention évaluée" })
  @Column({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => EvaluationKind, { description: "Bilan annuel ou évaluation finale" })
  @Column({ type: "enum", enum: EvaluationKind, enumName: "evaluation_kind" })
  kind: EvaluationKind;

  @Field(() => Int, { description: "Année évaluée (l'année de l'évaluation finale)" })
  @Column({ type: "smallint" })
  year: number;

  @Field(() => DateScalar, { nullable: true, description: "Date de l'évaluation (comité de pilotage qui l'adopte)" })
  @Column({ type: "date", nullable: true })
  evaluatedOn: IsoDate | null;

  @Field(() => String, { nullable: true, description: "Synthèse" })
  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "Appréciation d'un objectif dans une évaluation" })
@Entity({ name: "objective_assessment" })
@ValueChecks("objective_assessment")
@Index("objective_assessment_unique", ["evaluationId", "objectiveId"], { unique: true })
export class ObjectiveAssessment {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Évaluation" })
  @Column({ type: "integer" })
  evaluationId: number;

  @ManyToOne(() => ConventionEvaluation, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "evaluation_id" })
  evaluation?: ConventionEvaluation;

  // The objective's convention is the evaluation's: the write layer checks it.
  @Field(() => ID, { description: "Objectif apprécié" })
  @Index()
  @Column({ type: "integer" })
  objectiveId: number;

  @ManyToOne(() => Objective, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "objective_id" })
  objective?: Objective;

  @Field(() => ObjectiveAchievement, { description: "Atteint, partiellement ou non" })
  @Column({ type: "enum", enum: ObjectiveAchievement, enumName: "objective_achievement" })
  achievement: ObjectiveAchievement;

  @Field(() => String, { nullable: true, description: "Commentaire" })
  @Column({ type: "text", nullable: true })
  comment: string | null;
}
