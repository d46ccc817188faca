import type { EntityManager } from "typeorm";
import { Arg, Ctx, Field, Float, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope } from "../auth/write-scope";
import { isCommuneCode, isSiren } from "../common/codes";
import { FIELD_RULES } from "../common/field-rules";
import { Rule, RuleFrom } from "../common/rule-validator";
import { rowsByKeys } from "../db/list-query";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { BadUserInputError } from "../common/errors";
import { ensureDefinitions, indicatorValueRule } from "./indicator-catalogue";
import { IndicatorValue } from "./indicator-value.entity";

@InputType({ description: "Valeur d'un indicateur pour un territoire et une année (remplace la valeur existante)" })
export class IndicatorInput {
  @Field({ description: "Code de l'indicateur (allocataires, children_under_3…)" })
  @Rule(FIELD_RULES.indicatorCode)
  indicator: string;

  @Field(() => Int, { description: "Année" })
  @Rule(FIELD_RULES.year)
  year: number;

  @Field({ description: "Code INSEE de la commune ou SIREN de l'EPCI" })
  @Rule(FIELD_RULES.territoryCode)
  territoryCode: string;

  @Field(() => Float, { description: "Valeur (un effectif — allocataires, population… — est un entier positif ou nul)" })
  @RuleFrom<IndicatorInput>((input) => indicatorValueRule(input.indicator))
  value: number;

  @Field(() => String, { nullable: true, description: "Précision (source, date)" })
  @Rule(FIELD_RULES.note, { optional: true })
  note?: string | null;
}

/** Upserts one indicator value by its natural key (indicator, year, territory). */
export async function setIndicator(manager: EntityManager, viewer: Viewer, input: IndicatorInput): Promise<number> {
  const isCommune = isCommuneCode(input.territoryCode);
  if (!isCommune && !isSiren(input.territoryCode)) {
    throw new BadUserInputError(`Champ "territoryCode" : code INSEE de commune ou SIREN d'EPCI attendu`, "territoryCode");
  }
  return inWriteTransaction(manager, viewer, async (tx) => {
    // A commune's value: its département's CAF staff. An EPCI's value counts in each of its départements: staff of all of them.
    await requireWriteScope(tx, viewer, {
      owner: {
        field: "territoryCode",
        ref: isCommune ? { kind: "commune", code: input.territoryCode } : { kind: "intercommunality", siren: input.territoryCode },
      },
    });
    await ensureDefinitions(tx, [input.indicator]);
    const column = isCommune ? "commune_code" : "intercommunality_siren";
    const before: Row[] = await tx.query(`SELECT * FROM indicator_value WHERE indicator = $1 AND year = $2 AND ${column} = $3`, [
      input.indicator,
      input.year,
      input.territoryCode,
    ]);
    const [row]: Row[] = await tx.query(
      `INSERT INTO indicator_value (indicator, year, ${column}, value, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (indicator, year, ${column}) WHERE ${column} IS NOT NULL DO UPDATE SET value = excluded.value, note = excluded.note
       RETURNING *`,
      [input.indicator, input.year, input.territoryCode, input.value, input.note ?? null],
    );
    await recordChange(
      tx,
      viewer,
      "indicator_value",
      row.id,
      before.length ? AuditOperation.UPDATE : AuditOperation.CREATE,
      before[0] ?? null,
      row,
    );
    return row.id;
  });
}

@Resolver()
export class IndicatorMutationResolver {
  @Mutation(() => IndicatorValue, { description: "Enregistre la valeur d'un indicateur territorial (agents CAF)" })
  async setIndicator(@Arg("input") input: IndicatorInput, @Ctx() ctx: HubContext) {
    const id = await setIndicator(ctx.manager, ctx.viewer, input);
    const [row] = await rowsByKeys<IndicatorValue>(ctx.manager, IndicatorValue, "t", "t.id", [id]);
    return row;
  }
}
