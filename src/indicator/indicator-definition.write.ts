import { Arg, Ctx, Field, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { requireWriteScope } from "../auth/write-scope";
import { BadUserInputError, ConflictError } from "../common/errors";
import { FIELD_RULES } from "../common/field-rules";
import { Rule } from "../common/rule-validator";
import type { RequestScope } from "../db/request-scope";
import { writeTableRows } from "../db/table-writer";
import { updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { IndicatorDefinition } from "./indicator-definition.entity";
import { IndicatorDirection, IndicatorLevel } from "./indicator-enums";
import { INDICATOR_DEFINITION_TABLE } from "./indicator.table";

@InputType({ description: "Définition d'un indicateur, repérée par son code : sans `version`, elle est créée ; avec, elle est modifiée" })
export class IndicatorDefinitionInput {
  @Field({ description: "Code (minuscules, chiffres et _ ; ex. families_reached)" })
  @Rule(FIELD_RULES.indicatorCode)
  code: string;

  @Field({ description: "Libellé" })
  @Rule(FIELD_RULES.name)
  label: string;

  @Field(() => String, { nullable: true, description: "Unité (ex. familles, places, %, €)" })
  @Rule(FIELD_RULES.unit, { optional: true })
  unit?: string | null;

  @Field(() => IndicatorDirection, { nullable: true, description: "Sens d'amélioration (null : un chiffre de contexte)" })
  direction?: IndicatorDirection | null;

  @Field(() => IndicatorLevel, { description: "Niveau auquel il se mesure" })
  level: IndicatorLevel;
}

/**
 * The catalogue of indicators is national: administrators write it (the write scope's record without territory). A
 * definition's level changes only while no value is measured at another level.
 */
export function setIndicatorDefinition(scope: RequestScope, input: IndicatorDefinitionInput, version?: number | null): Promise<number> {
  return inWriteTransaction(scope.manager, scope.viewer, async (tx) => {
    await requireWriteScope(tx, scope.viewer, { owner: { field: "code", ref: { kind: "national" } } });
    const found: Array<{ row: Row }> = await tx.query(`SELECT row_to_json(d.*) AS row FROM indicator_definition d WHERE d.code = $1`, [
      input.code,
    ]);
    const existing = found[0]?.row;
    const values = { label: input.label, unit: input.unit ?? null, direction: input.direction ?? null, level: input.level };
    if (version == null) {
      if (existing) {
        throw new ConflictError(
          `L'indicateur « ${input.code} » existe déjà (version ${existing.version}) : donnez sa version pour le modifier`,
        );
      }
      const [row] = await writeTableRows<string, Row>(
        tx,
        INDICATOR_DEFINITION_TABLE,
        { columns: ["code", "label", "unit", "direction", "level"], onConflict: { kind: "insert" }, returning: "rows" },
        [{ code: input.code, ...values }],
      );
      await recordChange(tx, scope.viewer, "indicator_definition", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    }
    if (!existing) throw new ConflictError(`L'indicateur « ${input.code} » n'existe pas (ou plus) : relisez puis recommencez`);
    if (existing.level !== input.level) {
      const [{ measured }]: Array<{ measured: boolean }> = await tx.query(
        `SELECT EXISTS (SELECT 1 FROM indicator_value WHERE indicator = $1) AS measured`,
        [input.code],
      );
      if (measured) {
        throw new BadUserInputError(`Champ "level" : des valeurs de « ${input.code} » existent au niveau ${existing.level}`, "level");
      }
    }
    const { before, after } = await updateVersioned(tx, "indicator_definition", existing.id, version, values, { touch: false });
    await recordChange(tx, scope.viewer, "indicator_definition", existing.id, AuditOperation.UPDATE, before, after);
    return existing.id;
  });
}

@Resolver()
export class IndicatorDefinitionMutationResolver {
  @Mutation(() => IndicatorDefinition, {
    description: "Crée ou modifie la définition d'un indicateur (administrateurs : catalogue national)",
  })
  async setIndicatorDefinition(
    @Arg("input") input: IndicatorDefinitionInput,
    @Ctx() ctx: HubContext,
    @Arg("version", () => Int, {
      nullable: true,
      description: "Absente : crée la définition ; sinon la version lue (verrouillage optimiste : CONFLICT si elle a changé)",
    })
    version?: number | null,
  ) {
    const id = await setIndicatorDefinition(ctx, input, version);
    const loader = ctx.loaders.one<IndicatorDefinition>(IndicatorDefinition, "id");
    loader.clear(id);
    return loader.load(id);
  }
}
