import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { ValueChecks } from "../db/value-checks";
import { RecordedEntity } from "../provenance/recorded.entity";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { Convention } from "./convention.entity";
import { ActionPriority, ActionStatus, TargetPublic } from "./convention-enums";
import { Objective } from "./objective.entity";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Action du plan d'actions d'une CTG" })
@Entity({ name: "action" })
@ValueChecks("action")
@Check("action_period", `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"`)
@Check("action_progress", `"progress" IS NULL OR ("progress" >= 0 AND "progress" <= 100)`)
@Check("action_budget", `"budget" IS NULL OR "budget" >= 0`)
// The natural key of imported actions (src/import/kinds/actions.ts): each row finds its stored action by index;
// lookups by convention alone use its first column (no second index the planner could pick instead).
@Index("action_convention_title", ["conventionId", "title"])
@Check("action_not_own_parent", `"parent_action_id" IS NULL OR "parent_action_id" <> "id"`)
export class Action extends RecordedEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Convention de l'action" })
  @Column({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => ID, { nullable: true, description: "Objectif dont relève l'action" })
  @Index()
  @Column({ type: "integer", nullable: true })
  objectiveId: number | null;

  @ManyToOne(() => Objective, { nullable: true, onDelete: "SET NULL" })
  @JoinColumn({ name: "objective_id" })
  objective?: Objective;

  @Field(() => Int, { description: "Rang dans le plan d'actions" })
  @Column({ type: "integer" })
  position: number;

  @Field({ description: "Intitulé" })
  @Column({ type: "text" })
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => Theme, { description: "Thématique principale" })
  @Column({ type: "enum", enum: Theme, enumName: "theme" })
  theme: Theme;

  @Field(() => ActionStatus, { description: "État d'avancement" })
  @Column({ type: "enum", enum: ActionStatus, enumName: "action_status" })
  status: ActionStatus;

  @Field(() => ActionPriority, { nullable: true, description: "Priorité dans le plan" })
  @Column({ type: "enum", enum: ActionPriority, enumName: "action_priority", nullable: true })
  priority: ActionPriority | null;

  @Field(() => [TargetPublic], { description: "Publics visés" })
  @Column({ type: "enum", enum: TargetPublic, enumName: "target_public", array: true, default: () => "'{}'" })
  targetPublics: TargetPublic[];

  // The parent's convention is the action's own: the write layer checks it (a CHECK cannot read the other row).
  @Field(() => ID, { nullable: true, description: "Action dont celle-ci est une sous-action" })
  @Index()
  @Column({ type: "integer", nullable: true })
  parentActionId: number | null;

  @ManyToOne(() => Action, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "parent_action_id" })
  parentAction?: Action;

  @Field(() => String, { nullable: true, description: "Élu référent de l'action (nom)" })
  @Column({ type: "text", nullable: true })
  electedReferentName: string | null;

  @Field(() => String, { nullable: true, description: "Mandat de l'élu référent (ex. adjointe à la petite enfance)" })
  @Column({ type: "text", nullable: true })
  electedReferentMandate: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Début" })
  @Column({ type: "date", nullable: true })
  startsOn: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin" })
  @Column({ type: "date", nullable: true })
  endsOn: IsoDate | null;

  @Field(() => ID, { nullable: true, description: "Axe du SDSF que l'action décline" })
  @Index()
  @Column({ type: "integer", nullable: true })
  sdsfAxisId: number | null;

  @ManyToOne(() => SdsfAxis, { nullable: true, onDelete: "SET NULL" })
  @JoinColumn({ name: "sdsf_axis_id" })
  sdsfAxis?: SdsfAxis;

  @Field(() => Int, { nullable: true, description: "Avancement en pourcentage (0–100)" })
  @Column({ type: "smallint", nullable: true })
  progress: number | null;

  @Field(() => String, { nullable: true, description: "Point d'avancement" })
  @Column({ type: "text", nullable: true })
  progressNote: string | null;

  /** Budget in euros: restricted to CAF staff and the operating partner. */
  @Restricted()
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  budget: number | null;

  /** Internal to the CAF. */
  @Restricted()
  @Column({ type: "text", nullable: true })
  internalNotes: string | null;
}
