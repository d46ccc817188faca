import type { EntityManager } from "typeorm";
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope } from "../auth/write-scope";
import { DateScalar, type IsoDate } from "../common/date";
import { FIELD_RULES, LIST_LIMITS } from "../common/field-rules";
import { Rule, RuleEach } from "../common/rule-validator";
import { checkDepartmentCode, parseId } from "../common/validate";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { type TableWrite, writeTableRows } from "../db/table-writer";
import { SDSF_AXIS_TABLE, SDSF_SCHEME_TABLE } from "./sdsf.table";
import type { HubContext } from "../graph/context";
import { BadUserInputError } from "../common/errors";
import { SdsfAxis } from "./sdsf-axis.entity";
import { SdsfScheme } from "./sdsf-scheme.entity";

@InputType({ description: "Nouveau schéma départemental des services aux familles" })
export class CreateSdsfSchemeInput {
  @Field({ description: "Code du département" })
  @Rule(FIELD_RULES.departmentCode)
  department: string;

  @Field({ description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title: string;

  @Field(() => DateScalar, { nullable: true, description: "Début" })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin (incluse)" })
  endsOn?: IsoDate | null;

  @Field(() => [String], { defaultValue: [], description: "Instances signataires" })
  @RuleEach(FIELD_RULES.name, LIST_LIMITS.signatoryBodies)
  signatoryBodies: string[];
}

@InputType({ description: "Axe d'un SDSF" })
export class SdsfAxisInput {
  @Field(() => Int, { description: "Numéro d'ordre" })
  @Rule(FIELD_RULES.axisNumber)
  number: number;

  @Field({ description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;
}

const CREATED_SCHEME: TableWrite<keyof typeof SDSF_SCHEME_TABLE.columns> & { returning: "rows" } = {
  columns: ["department_code", "title", "starts_on", "ends_on", "signatory_bodies"],
  onConflict: { kind: "insert" },
  returning: "rows",
};

const ADDED_AXIS: TableWrite<keyof typeof SDSF_AXIS_TABLE.columns> & { returning: "rows" } = {
  columns: ["scheme_id", "number", "title", "description"],
  onConflict: { kind: "insert" },
  returning: "rows",
};

export const sdsfWrites = {
  createScheme(manager: EntityManager, viewer: Viewer, input: CreateSdsfSchemeInput): Promise<number> {
    checkDepartmentCode(input.department, "department");
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
      throw new BadUserInputError(`Champ "endsOn" : la fin précède le début`, "endsOn");
    }
    return inWriteTransaction(manager, viewer, async (tx) => {
      await requireWriteScope(tx, viewer, { owner: { field: "department", ref: { kind: "department", code: input.department } } });
      const [row] = await writeTableRows<keyof typeof SDSF_SCHEME_TABLE.columns, Row>(tx, SDSF_SCHEME_TABLE, CREATED_SCHEME, [
        {
          department_code: input.department,
          title: input.title,
          starts_on: input.startsOn ?? null,
          ends_on: input.endsOn ?? null,
          signatory_bodies: input.signatoryBodies,
        },
      ]);
      await recordChange(tx, viewer, "sdsf_scheme", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  addAxis(manager: EntityManager, viewer: Viewer, schemeId: string, input: SdsfAxisInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(schemeId, "schemeId", "SdsfScheme");
      await requireWriteScope(tx, viewer, { owner: { field: "schemeId", ref: { kind: "sdsfScheme", id } } });
      const taken: unknown[] = await tx.query(`SELECT 1 FROM sdsf_axis WHERE scheme_id = $1 AND number = $2`, [id, input.number]);
      if (taken.length > 0) throw new BadUserInputError(`Champ "number" : l'axe ${input.number} existe déjà`, "number");
      const [row] = await writeTableRows<keyof typeof SDSF_AXIS_TABLE.columns, Row>(tx, SDSF_AXIS_TABLE, ADDED_AXIS, [
        { scheme_id: id, number: input.number, title: input.title, description: input.description ?? null },
      ]);
      await recordChange(tx, viewer, "sdsf_axis", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },
};

@Resolver()
export class SdsfMutationResolver {
  @Mutation(() => SdsfScheme, { description: "Enregistre un SDSF (agents CAF du département)" })
  async createSdsfScheme(@Arg("input") input: CreateSdsfSchemeInput, @Ctx() ctx: HubContext) {
    return ctx.loaders.one<SdsfScheme>(SdsfScheme, "id").load(await sdsfWrites.createScheme(ctx.manager, ctx.viewer, input));
  }

  @Mutation(() => SdsfAxis, { description: "Ajoute un axe à un SDSF" })
  async addSdsfAxis(@Arg("schemeId", () => ID) schemeId: string, @Arg("input") input: SdsfAxisInput, @Ctx() ctx: HubContext) {
    return ctx.loaders.one<SdsfAxis>(SdsfAxis, "id").load(await sdsfWrites.addAxis(ctx.manager, ctx.viewer, schemeId, input));
  }
}
