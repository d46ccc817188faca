import type { EntityManager } from "typeorm";
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type Named } from "../auth/write-scope";
import { DateScalar, type IsoDate } from "../common/date";
import { FIELD_RULES } from "../common/field-rules";
import { Rule } from "../common/rule-validator";
import { checkCommuneCode, checkSiren, parseId } from "../common/validate";
import { rowsByKeys } from "../db/list-query";
import { type TableWrite, writeTableRows } from "../db/table-writer";
import type { Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import type { HubContext } from "../graph/context";
import { BadUserInputError } from "../common/errors";
import { ApprovalKind, FacilityKind, OperatorKind } from "./facility-enums";
import { Facility } from "./facility.entity";
import { FACILITY_APPROVAL_TABLE, FACILITY_TABLE, type ApprovalColumn, type FacilityColumn } from "./facility.table";

@InputType({ description: "Nouvel équipement" })
export class CreateFacilityInput {
  @Field(() => FacilityKind, { description: "Nature" })
  kind: FacilityKind;

  @Field({ description: "Nom" })
  @Rule(FIELD_RULES.name)
  name: string;

  @Field({ description: "Code INSEE de la commune d'implantation" })
  @Rule(FIELD_RULES.communeCode)
  communeCode: string;

  @Field(() => OperatorKind, { nullable: true, description: "Nature du gestionnaire" })
  operatorKind?: OperatorKind | null;

  @Field(() => String, { nullable: true, description: "Code INSEE, SIREN ou identifiant d'association du gestionnaire" })
  @Rule(FIELD_RULES.operatorCode, { optional: true })
  operatorCode?: string | null;

  @Field(() => String, { nullable: true, description: "Nom du gestionnaire" })
  @Rule(FIELD_RULES.name, { optional: true })
  operatorName?: string | null;

  @Field(() => Int, { nullable: true, description: "Capacité (places)" })
  @Rule(FIELD_RULES.capacity)
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
  @Rule(FIELD_RULES.name, { optional: true })
  grantedBy?: string | null;

  @Field(() => String, { nullable: true, description: "Contenu du projet agréé" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;
}

/** The operator's code as the facility stores it, and the territory reference it is (a commune or an EPCI). */
function operatorOf(input: CreateFacilityInput) {
  const operator = { commune: null as string | null, epci: null as string | null, association: null as number | null };
  if (input.operatorKind === OperatorKind.COMMUNE) operator.commune = input.operatorCode ?? input.communeCode;
  if (input.operatorKind === OperatorKind.INTERCOMMUNALITY) operator.epci = input.operatorCode ?? "";
  if (input.operatorKind === OperatorKind.ASSOCIATION)
    operator.association = parseId(input.operatorCode ?? "", "operatorCode", "PartnerAssociation");
  checkCommuneCode(operator.commune, "operatorCode");
  checkSiren(operator.epci, "operatorCode");
  // A commune or EPCI operator lies in the facility's département (an EPCI: has communes there).
  const reference: Named[] =
    operator.commune !== null
      ? [{ field: "operatorCode", ref: { kind: "commune", code: operator.commune } }]
      : operator.epci !== null
        ? [{ field: "operatorCode", ref: { kind: "intercommunality", siren: operator.epci } }]
        : [];
  return { operator, reference };
}

const CREATED_FACILITY: TableWrite<FacilityColumn> & { returning: "rows" } = {
  columns: [
    "kind",
    "name",
    "commune_code",
    "operator_kind",
    "operator_name",
    "operator_commune_code",
    "operator_intercommunality_siren",
    "operator_association_id",
    "capacity",
  ],
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** An approval's dates are to the day. */
const ADDED_APPROVAL: TableWrite<ApprovalColumn> & { returning: "rows" } = {
  columns: ["facility_id", "kind", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision", "granted_by", "description"],
  computed: { starts_on_precision: "'DAY'", ends_on_precision: "'DAY'" },
  onConflict: { kind: "insert" },
  returning: "rows",
};

export const facilityWrites = {
  createFacility(manager: EntityManager, viewer: Viewer, input: CreateFacilityInput): Promise<number> {
    checkCommuneCode(input.communeCode, "communeCode");
    const { operator, reference } = operatorOf(input);
    return inWriteTransaction(manager, viewer, async (tx) => {
      await requireWriteScope(tx, viewer, {
        owner: { field: "communeCode", ref: { kind: "commune", code: input.communeCode } },
        references: reference,
      });
      if (operator.association !== null) {
        // An association operator may be of any département (partners work across borders); it must exist.
        const found: unknown[] = await tx.query(`SELECT 1 FROM partner_association WHERE id = $1`, [operator.association]);
        if (found.length === 0)
          throw new BadUserInputError(`Champ "operatorCode" : association inconnue « ${operator.association} »`, "operatorCode");
      }
      const [row] = await writeTableRows<FacilityColumn, Row>(tx, FACILITY_TABLE, CREATED_FACILITY, [
        {
          kind: input.kind,
          name: input.name,
          commune_code: input.communeCode,
          operator_kind: input.operatorKind ?? null,
          operator_name: input.operatorName ?? null,
          operator_commune_code: operator.commune,
          operator_intercommunality_siren: operator.epci,
          operator_association_id: operator.association,
          capacity: input.capacity ?? null,
        },
      ]);
      await recordChange(tx, viewer, "facility", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  addApproval(manager: EntityManager, viewer: Viewer, facilityId: string, input: ApprovalInput): Promise<number> {
    if (input.endsOn < input.startsOn) throw new BadUserInputError(`Champ "endsOn" : la fin précède le début`, "endsOn");
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(facilityId, "facilityId", "Facility");
      await requireWriteScope(tx, viewer, { owner: { field: "facilityId", ref: { kind: "facility", id } } });
      const [row] = await writeTableRows<ApprovalColumn, Row>(tx, FACILITY_APPROVAL_TABLE, ADDED_APPROVAL, [
        {
          facility_id: id,
          kind: input.kind,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          granted_by: input.grantedBy ?? null,
          description: input.description ?? null,
        },
      ]);
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
