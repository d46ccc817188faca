import { Length, Min } from "class-validator";
import type { EntityManager } from "typeorm";
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { canWriteDepartment, type Viewer } from "../auth/viewer";
import { DateScalar, type IsoDate } from "../common/date";
import { checkCommuneCode, parseId } from "../common/validate";
import { rowsByKeys } from "../db/list-query";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { BadUserInputError, requireWrite } from "../common/errors";
import { ApprovalKind, FacilityKind, OperatorKind } from "./facility-enums";
import { Facility } from "./facility.entity";

@InputType({ description: "Nouvel équipement" })
export class CreateFacilityInput {
  @Field(() => FacilityKind, { description: "Nature" })
  kind: FacilityKind;

  @Field({ description: "Nom" })
  @Length(2, 300, { message: "name : 2 à 300 caractères" })
  name: string;

  @Field({ description: "Code INSEE de la commune d'implantation" })
  communeCode: string;

  @Field(() => OperatorKind, { nullable: true, description: "Nature du gestionnaire" })
  operatorKind?: OperatorKind | null;

  @Field(() => String, { nullable: true, description: "Code INSEE, SIREN ou identifiant d'association du gestionnaire" })
  operatorCode?: string | null;

  @Field(() => String, { nullable: true, description: "Nom du gestionnaire" })
  operatorName?: string | null;

  @Field(() => Int, { nullable: true, description: "Capacité (places)" })
  @Min(0, { message: "capacity : positive ou nulle" })
  capacity?: number | null;
}

@InputType({ description: "Agrément d'un équipement" })
export class ApprovalInput {
  @Field(() => ApprovalKind, { description: "Nature" })
  kind: ApprovalKind;

  @Field(() => DateScalar, { description: "Début" })
  startsOn: IsoDate;

  @Field(() => DateScalar, { description: "Fin (incluse)" })
  endsOn: IsoDate;

  @Field(() => String, { nullable: true, description: "Organisme qui délivre l'agrément" })
  grantedBy?: string | null;

  @Field(() => String, { nullable: true, description: "Contenu du projet agréé" })
  description?: string | null;
}

async function communeDepartment(tx: EntityManager, code: string, argument: string): Promise<string> {
  checkCommuneCode(code, argument);
  const rows: Array<{ department_code: string }> = await tx.query(`SELECT department_code FROM commune WHERE code = $1`, [code]);
  if (rows.length === 0) throw new BadUserInputError(`Champ "${argument}" : commune inconnue « ${code} »`, argument);
  return rows[0].department_code;
}

export const facilityWrites = {
  createFacility(manager: EntityManager, viewer: Viewer, input: CreateFacilityInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const department = await communeDepartment(tx, input.communeCode, "communeCode");
      requireWrite(canWriteDepartment(viewer, department), `équipement du département ${department}`);
      const operator = { commune: null as string | null, epci: null as string | null, association: null as number | null };
      if (input.operatorKind === OperatorKind.COMMUNE) operator.commune = input.operatorCode ?? input.communeCode;
      if (input.operatorKind === OperatorKind.INTERCOMMUNALITY) operator.epci = input.operatorCode ?? null;
      if (input.operatorKind === OperatorKind.ASSOCIATION) operator.association = parseId(input.operatorCode ?? "", "operatorCode");
      const [row]: Row[] = await tx.query(
        `INSERT INTO facility (kind, name, commune_code, operator_kind, operator_name, operator_commune_code,
           operator_intercommunality_siren, operator_association_id, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [input.kind, input.name, input.communeCode, input.operatorKind ?? null, input.operatorName ?? null,
          operator.commune, operator.epci, operator.association, input.capacity ?? null],
      );
      await recordChange(tx, viewer, "facility", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  addApproval(manager: EntityManager, viewer: Viewer, facilityId: string, input: ApprovalInput): Promise<number> {
    if (input.endsOn < input.startsOn) throw new BadUserInputError(`Champ "endsOn" : la fin précède le début`, "endsOn");
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(facilityId, "facilityId");
      const rows: Array<{ commune_code: string }> = await tx.query(`SELECT commune_code FROM facility WHERE id = $1`, [id]);
      if (rows.length === 0) throw new BadUserInputError(`Argument "facilityId" : équipement inconnu`, "facilityId");
      const department = await communeDepartment(tx, rows[0].commune_code, "facilityId");
      requireWrite(canWriteDepartment(viewer, department), `équipement du département ${department}`);
      const [row]: Row[] = await tx.query(
        `INSERT INTO facility_approval (facility_id, kind, starts_on, starts_on_precision, ends_on, ends_on_precision, granted_by, description)
         VALUES ($1, $2, $3, 'DAY', $4, 'DAY', $5, $6) RETURNING *`,
        [id, input.kind, input.startsOn, input.endsOn, input.grantedBy ?? null, input.description ?? null],
      );
      await recordChange(tx, viewer, "facility_approval", row.id, AuditOperation.CREATE, null, row);
      return id;
    });
  },
};

@Resolver()
export class FacilityMutationResolver {
  private async load(ctx: HubContext, id: number): Promise<Facility | null> {
    const [row] = await rowsByKeys<Facility>(ctx.manager, Facility, "f", "f.id", [id]);
    return row ?? null;
  }

  @Mutation(() => Facility, { description: "Enregistre un équipement (agents CAF du département)" })
  async createFacility(@Arg("input") input: CreateFacilityInput, @Ctx() ctx: HubContext) {
    return this.load(ctx, await facilityWrites.createFacility(ctx.manager, ctx.viewer, input));
  }

  @Mutation(() => Facility, { description: "Ajoute un agrément à un équipement" })
  async addFacilityApproval(@Arg("facilityId", () => ID) facilityId: string, @Arg("input") input: ApprovalInput, @Ctx() ctx: HubContext) {
    return this.load(ctx, await facilityWrites.addApproval(ctx.manager, ctx.viewer, facilityId, input));
  }
}
