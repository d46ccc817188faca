import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { describeViewer } from "../auth/viewer";
import { requireWriteScope, type ScopedWrite } from "../auth/write-scope";
import { BadUserInputError } from "../common/errors";
import { FIELD_RULES } from "../common/field-rules";
import { Rule, RuleFrom } from "../common/rule-validator";
import { parseId } from "../common/validate";
import { rowsByKeys } from "../db/list-query";
import type { RequestScope } from "../db/request-scope";
import { writeTableRows } from "../db/table-writer";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { indicatorValueRule } from "./indicator-catalogue";
import { IndicatorValue } from "./indicator-value.entity";
import { INDICATOR_VALUE_TABLE, type IndicatorColumn } from "./indicator.table";

@InputType({
  description:
    "Valeur d'un indicateur d'une CTG pour une année : d'une action, d'un objectif ou de la convention (un seul des trois). " +
    "Seuls les champs donnés changent. Un partenaire ne donne que le résultat (`value`) et son commentaire (`note`), sur ses actions",
})
export class PlanIndicatorInput {
  @Field({ description: "Code de l'indicateur (sa définition doit exister, au niveau de ce qu'il mesure)" })
  @Rule(FIELD_RULES.indicatorCode)
  indicator: string;

  @Field(() => Int, { description: "Année" })
  @Rule(FIELD_RULES.year)
  year: number;

  @Field(() => ID, { nullable: true, description: "Action mesurée" })
  actionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Objectif mesuré" })
  objectiveId?: string | null;

  @Field(() => ID, { nullable: true, description: "Convention mesurée" })
  conventionId?: string | null;

  @Field(() => Float, { nullable: true, description: "Situation de départ" })
  @RuleFrom<PlanIndicatorInput>((input) => indicatorValueRule(input.indicator))
  baseline?: number | null;

  @Field(() => Float, { nullable: true, description: "Cible" })
  @RuleFrom<PlanIndicatorInput>((input) => indicatorValueRule(input.indicator))
  target?: number | null;

  @Field(() => Float, { nullable: true, description: "Résultat" })
  @RuleFrom<PlanIndicatorInput>((input) => indicatorValueRule(input.indicator))
  value?: number | null;

  @Field(() => String, { nullable: true, description: "Commentaire (analyse du résultat)" })
  @Rule(FIELD_RULES.note, { optional: true })
  note?: string | null;
}

type Subject = { field: "actionId" | "objectiveId" | "conventionId"; column: IndicatorColumn; level: string; id: number };

const SUBJECTS = [
  { field: "actionId", column: "action_id", level: "ACTION", type: "Action" },
  { field: "objectiveId", column: "objective_id", level: "OBJECTIVE", type: "Objective" },
  { field: "conventionId", column: "convention_id", level: "CONVENTION", type: "Convention" },
] as const;

export const LEVEL_LABELS: Record<string, string> = {
  ACTION: "d'une action",
  OBJECTIVE: "d'un objectif",
  CONVENTION: "d'une convention",
  TERRITORY: "d'un territoire",
};

const VALUE_FIELDS = ["baseline", "target", "value", "note"] as const;

/** The one subject the input names, or BAD_USER_INPUT. */
function subjectOf(input: PlanIndicatorInput): Subject {
  const given = SUBJECTS.filter((s) => input[s.field] != null);
  if (given.length !== 1) {
    throw new BadUserInputError(
      `Champ "actionId" : donnez exactement une action, un objectif ou une convention (actionId, objectiveId, conventionId)`,
      "actionId",
    );
  }
  const [s] = given;
  return { field: s.field, column: s.column, level: s.level, id: parseId(input[s.field] as string, s.field, s.type) };
}

/** Who may write a subject's values: the action's staff and partner (results only), the convention's staff. */
async function scopedWrite(scope: RequestScope, subject: Subject, input: PlanIndicatorInput): Promise<ScopedWrite> {
  if (subject.field === "actionId") {
    const given = ["indicator", "year", "actionId", ...VALUE_FIELDS.filter((f) => input[f] !== undefined)];
    return {
      owner: { field: "actionId", ref: { kind: "action", id: subject.id } },
      partnerMayWrite: true,
      partnerFields: {
        allowed: ["indicator", "year", "actionId", "value", "note"],
        given,
        what: "le résultat (value) et son commentaire (note)",
      },
    };
  }
  if (subject.field === "conventionId") return { owner: { field: "conventionId", ref: { kind: "convention", id: subject.id } } };
  const rows: Array<{ convention_id: number }> = await scope.manager.query(`SELECT convention_id FROM objective WHERE id = $1`, [
    subject.id,
  ]);
  if (rows.length === 0) throw new BadUserInputError(`Champ "objectiveId" : objectif inconnu « ${subject.id} »`, "objectiveId");
  return { owner: { field: "objectiveId", ref: { kind: "convention", id: rows[0].convention_id } } };
}

/** Plan-level indicator values: baselines, targets and results of a CTG's actions, objectives and the convention itself. */
export const planIndicatorWrites = {
  /** Creates or changes the value of (indicator, year, subject); the definition must exist at the subject's level. */
  setPlanIndicatorValue(scope: RequestScope, input: PlanIndicatorInput): Promise<number> {
    const subject = subjectOf(input);
    const values = VALUE_FIELDS.filter((f) => input[f] !== undefined);
    if (values.length === 0) throw new BadUserInputError(`Champ "value" : donnez au moins baseline, target, value ou note`, "value");
    return inWriteTransaction(scope.manager, scope.viewer, async (tx) => {
      await requireWriteScope(tx, scope.viewer, await scopedWrite({ ...scope, manager: tx }, subject, input));
      const definitions: Array<{ level: string }> = await tx.query(`SELECT level FROM indicator_definition WHERE code = $1`, [
        input.indicator,
      ]);
      if (definitions.length === 0)
        throw new BadUserInputError(`Champ "indicator" : indicateur inconnu « ${input.indicator} »`, "indicator");
      if (definitions[0].level !== subject.level) {
        throw new BadUserInputError(
          `Champ "indicator" : l'indicateur « ${input.indicator} » mesure la situation ${LEVEL_LABELS[definitions[0].level]}, pas ${LEVEL_LABELS[subject.level]}`,
          "indicator",
        );
      }
      const row: Record<string, unknown> = { indicator: input.indicator, year: input.year, [subject.column]: subject.id };
      for (const field of values) row[field] = input[field];
      const [written] = await writeTableRows<IndicatorColumn, { id: number }>(
        tx,
        INDICATOR_VALUE_TABLE,
        {
          columns: ["indicator", "year", subject.column, ...values],
          onConflict: {
            kind: "update",
            key: `(${subject.column}, indicator, year) WHERE ${subject.column} IS NOT NULL`,
            keep: ["indicator", "year", subject.column],
            always: true,
          },
          audit: "indicator_value",
          returning: "rows",
        },
        [row],
        { actor: describeViewer(scope.viewer) },
      );
      return written.id;
    });
  },

  /** Removes a plan-level value (CAF staff of the convention's département); answers nothing but its id. */
  removePlanIndicatorValue(scope: RequestScope, valueId: string): Promise<number> {
    return inWriteTransaction(scope.manager, scope.viewer, async (tx) => {
      const id = parseId(valueId, "id", "IndicatorValue");
      const rows: Array<{ row: Row & Record<string, number | null> }> = await tx.query(
        `SELECT row_to_json(v.*) AS row FROM indicator_value v WHERE v.id = $1`,
        [id],
      );
      const before = rows[0]?.row;
      if (!before || (before.action_id === null && before.objective_id === null && before.convention_id === null)) {
        throw new BadUserInputError(`Argument "id" : aucune valeur d'indicateur d'une CTG ${id}`, "id");
      }
      const subject: Subject =
        before.action_id !== null
          ? { field: "actionId", column: "action_id", level: "ACTION", id: before.action_id }
          : before.objective_id !== null
            ? { field: "objectiveId", column: "objective_id", level: "OBJECTIVE", id: before.objective_id }
            : { field: "conventionId", column: "convention_id", level: "CONVENTION", id: before.convention_id as number };
      const write = await scopedWrite({ ...scope, manager: tx }, subject, {} as PlanIndicatorInput);
      await requireWriteScope(tx, scope.viewer, { owner: { ...write.owner, field: "id" } });
      await tx.query(`DELETE FROM indicator_value WHERE id = $1`, [id]);
      await recordChange(tx, scope.viewer, "indicator_value", id, AuditOperation.DELETE, before, null);
      return id;
    });
  },
};

@Resolver()
export class PlanIndicatorMutationResolver {
  @Mutation(() => IndicatorValue, {
    description:
      "Enregistre la situation de départ, la cible ou le résultat d'un indicateur d'une CTG (agents CAF ; partenaire : résultats de ses actions)",
  })
  async setPlanIndicatorValue(@Arg("input") input: PlanIndicatorInput, @Ctx() ctx: HubContext) {
    const id = await planIndicatorWrites.setPlanIndicatorValue(ctx, input);
    const [row] = await rowsByKeys<IndicatorValue>(ctx.manager, IndicatorValue, "t", "t.id", [id]);
    return row;
  }

  @Mutation(() => ID, { description: "Supprime une valeur d'indicateur d'une CTG (agents CAF) ; répond son identifiant" })
  async removePlanIndicatorValue(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return String(await planIndicatorWrites.removePlanIndicatorValue(ctx, id));
  }
}
