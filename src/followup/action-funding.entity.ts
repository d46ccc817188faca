import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Action } from "../convention/action.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { Commune } from "../territory/commune.entity";
import { ActionBudgetLine } from "./action-budget-line.entity";
import { FunderKind } from "../convention/followup-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Financement d'une action par un financeur, rattaché à une ligne budgétaire ou à l'action entière",
})
@Entity({ name: "action_funding" })
@ValueChecks("action_funding")
@Check("action_funding_year", `"year" IS NULL OR "year" BETWEEN 1900 AND 2100`)
@Check("action_funding_amounts", `("planned" IS NULL OR "planned" >= 0) AND ("actual" IS NULL OR "actual" >= 0)`)
@Check("action_funding_commune", `"funder" = 'COMMUNE' OR "commune_code" IS NULL`)
@Check("action_funding_other", `"funder" = 'OTHER' OR "funder_name" IS NULL`)
export class ActionFunding {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Action financée" })
  @Index()
  @Column({ type: "integer" })
  actionId: number;

  @ManyToOne(() => Action, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  // The line's action is the funding's own: the write layer checks it (a CHECK cannot read the other row).
  @Field(() => ID, { nullable: true, description: "Ligne budgétaire financée (null : l'action entière)" })
  @Index()
  @Column({ type: "integer", nullable: true })
  budgetLineId: number | null;

  @ManyToOne(() => ActionBudgetLine, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "budget_line_id" })
  budgetLine?: ActionBudgetLine;

  @Field(() => Int, { nullable: true, description: "Année (celle de la ligne quand il y en a une ; null : toute la durée)" })
  @Column({ type: "smallint", nullable: true })
  year: number | null;

  @Field(() => FunderKind, { description: "Financeur" })
  @Column({ type: "enum", enum: FunderKind, enumName: "funder_kind" })
  funder: FunderKind;

  @Field(() => String, { nullable: true, description: "Commune financeuse (financeur COMMUNE)" })
  @Index()
  @Column({ type: "char", length: 5, nullable: true })
  communeCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => String, { nullable: true, description: "Nom du financeur (financeur OTHER)" })
  @Column({ type: "text", nullable: true })
  funderName: string | null;

  /** Planned amount in the line's unit (euros for the action as a whole): restricted like budgets. */
  @Restricted()
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  planned: number | null;

  /** Actual amount: restricted like budgets. */
  @Restricted()
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true })
  actual: number | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
