import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Action } from "../convention/action.entity";
import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { BudgetKind, BudgetUnit } from "../convention/followup-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Ligne budgétaire d'une action : une année (ou toute la durée), une nature, une unité, le prévu et le réalisé",
})
@Entity({ name: "action_budget_line" })
@Check("action_budget_line_year", `"year" IS NULL OR "year" BETWEEN 1900 AND 2100`)
@Check("action_budget_line_amounts", `("planned" IS NULL OR "planned" >= 0) AND ("actual" IS NULL OR "actual" >= 0)`)
// The natural key (action, kind, unit, year), the whole period (no year) once per kind and unit.
@Index("action_budget_line_year_unique", ["actionId", "kind", "unit", "year"], { unique: true, where: `"year" IS NOT NULL` })
@Index("action_budget_line_period_unique", ["actionId", "kind", "unit"], { unique: true, where: `"year" IS NULL` })
// The lines of an action, whatever their year: its follow-up reads and the cascade of deleting it (neither partial
// index serves them).
@Index("action_budget_line_action", ["actionId"])
export class ActionBudgetLine {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Action budgétée" })
  @Column({ type: "integer" })
  actionId: number;

  @ManyToOne(() => Action, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  @Field(() => Int, { nullable: true, description: "Année (null : toute la durée de la convention)" })
  @Column({ type: "smallint", nullable: true })
  year: number | null;

  @Field(() => BudgetKind, { description: "Investissement ou fonctionnement" })
  @Column({ type: "enum", enum: BudgetKind, enumName: "budget_kind" })
  kind: BudgetKind;

  @Field(() => BudgetUnit, { description: "Euros ou ETP" })
  @Column({ type: "enum", enum: BudgetUnit, enumName: "budget_unit" })
  unit: BudgetUnit;

  /** Planned amount: restricted like the action's budget. */
  @Restricted()
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  planned: number | null;

  /** Actual amount: restricted like the action's budget. */
  @Restricted()
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  actual: number | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
