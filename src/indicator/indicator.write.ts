import { Matches, Max, Min } from "class-validator";
import type { EntityManager } from "typeorm";
import { Arg, Ctx, Field, Float, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { canWriteDepartment, type Viewer } from "../auth/viewer";
import { isCommuneCode, isSiren } from "../common/codes";
import { rowsByKeys } from "../db/list-query";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { BadUserInputError, requireWrite } from "../common/errors";
import { TerritoryIndicator } from "./territory-indicator.entity";

@InputType({ description: "Valeur d'un indicateur pour un territoire et une année (remplace la valeur existante)" })
export class IndicatorInput {
  @Field({ description: "Code de l'indicateur (allocataires, children_under_3…)" })
  @Matches(/^[a-z][a-z0-9_]{0,49}$/, { message: "indicator : lettres minuscules, chiffres et _ (ex. allocataires)" })
  indicator: string;

  @Field(() => Int, { description: "Année" })
  @Min(1900, { message: "year : entre 1900 et 2100" })
  @Max(2100, { message: "year : entre 1900 et 2100" })
  year: number;

  @Field({ description: "Code INSEE de la commune ou SIREN de l'EPCI" })
  territoryCode: string;

  @Field(() => Float, { description: "Valeur" })
  value: number;

  @Field(() => String, { nullable: true, description: "Précision (source, date)" })
  note?: string | null;
}

/** Upserts one indicator value by its natural key (indicator, year, territory). */
export async function setIndicator(manager: EntityManager, viewer: Viewer, input: IndicatorInput): Promise<number> {
  const isCommune = isCommuneCode(input.territoryCode);
  if (!isCommune && !isSiren(input.territoryCode)) {
    throw new BadUserInputError(`Champ "territoryCode" : code INSEE de commune ou SIREN d'EPCI attendu`, "territoryCode");
  }
  return inWriteTransaction(manager, viewer, async (tx) => {
    const departments: Array<{ department_code: string }> = await tx.query(
      isCommune
        ? `SELECT department_code FROM commune WHERE code = $1`
        : `SELECT DISTINCT department_code FROM commune WHERE intercommunality_siren = $1`,
      [input.territoryCode],
    );
    if (departments.length === 0) throw new BadUserInputError(`Champ "territoryCode" : territoire inconnu`, "territoryCode");
    requireWrite(departments.some((d) => canWriteDepartment(viewer, d.department_code)), "indicateur d'un territoire hors de vos départements");
    const column = isCommune ? "commune_code" : "intercommunality_siren";
    const before: Row[] = await tx.query(
      `SELECT * FROM territory_indicator WHERE indicator = $1 AND year = $2 AND ${column} = $3`, [input.indicator, input.year, input.territoryCode],
    );
    const [row]: Row[] = await tx.query(
      `INSERT INTO territory_indicator (indicator, year, ${column}, value, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (indicator, year, ${column}) WHERE ${column} IS NOT NULL DO UPDATE SET value = excluded.value, note = excluded.note
       RETURNING *`,
      [input.indicator, input.year, input.territoryCode, input.value, input.note ?? null],
    );
    await recordChange(tx, viewer, "territory_indicator", row.id, before.length ? AuditOperation.UPDATE : AuditOperation.CREATE, before[0] ?? null, row);
    return row.id;
  });
}

@Resolver()
export class IndicatorMutationResolver {
  @Mutation(() => TerritoryIndicator, { description: "Enregistre la valeur d'un indicateur territorial (agents CAF)" })
  async setIndicator(@Arg("input") input: IndicatorInput, @Ctx() ctx: HubContext) {
    const id = await setIndicator(ctx.manager, ctx.viewer, input);
    const [row] = await rowsByKeys<TerritoryIndicator>(ctx.manager, TerritoryIndicator, "t", "t.id", [id]);
    return row;
  }
}
