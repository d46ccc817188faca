import { Arg, Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { Role, inScope } from "../auth/viewer";
import { fetchPage } from "../db/list-query";
import { SqlParams } from "../db/sql";
import type { HubContext } from "../graph/context";
import { BadUserInputError, ForbiddenError } from "../common/errors";
import { decodeGlobalId } from "../common/global-id";
import { PageArgs, connectionType, pageRequest } from "../common/pagination";
import { AuditEntry } from "./audit-entry.entity";

export const AuditEntryConnection = connectionType(AuditEntry, "AuditEntry", "entrées du journal d'audit");

const AUDIT_SOURCE = {
  from: "audit_entry e",
  alias: "e",
  select: `e.id, e.occurred_at AS "occurredAt", e.actor_subject AS "actorSubject", e.actor_role AS "actorRole",
           e.entity, e.entity_id AS "entityId", e.operation, e.before, e.after`,
  key: "e.id",
};

/** The département a record belongs to, for scoping its audit trail (null when unknown or deleted). */
const DEPARTMENT_OF: Record<string, string> = {
  convention: `SELECT department_code AS d FROM convention WHERE id = $1::int`,
  action: `SELECT c.department_code AS d FROM action a JOIN convention c ON c.id = a.convention_id WHERE a.id = $1::int`,
  objective: `SELECT c.department_code AS d FROM objective o JOIN convention c ON c.id = o.convention_id WHERE o.id = $1::int`,
  partner_association: `SELECT m.department_code AS d FROM partner_association p JOIN commune m ON m.code = p.commune_code WHERE p.id = $1::int`,
  sdsf_scheme: `SELECT department_code AS d FROM sdsf_scheme WHERE id = $1::int`,
  facility: `SELECT m.department_code AS d FROM facility f JOIN commune m ON m.code = f.commune_code WHERE f.id = $1::int`,
  action_budget_line: `SELECT c.department_code AS d FROM action_budget_line t JOIN action a ON a.id = t.action_id
    JOIN convention c ON c.id = a.convention_id WHERE t.id = $1::int`,
  action_funding: `SELECT c.department_code AS d FROM action_funding t JOIN action a ON a.id = t.action_id
    JOIN convention c ON c.id = a.convention_id WHERE t.id = $1::int`,
  action_note: `SELECT c.department_code AS d FROM action_note t JOIN action a ON a.id = t.action_id
    JOIN convention c ON c.id = a.convention_id WHERE t.id = $1::int`,
  convention_meeting: `SELECT c.department_code AS d FROM convention_meeting t JOIN convention c ON c.id = t.convention_id WHERE t.id = $1::int`,
  convention_evaluation: `SELECT c.department_code AS d FROM convention_evaluation t JOIN convention c ON c.id = t.convention_id WHERE t.id = $1::int`,
};

async function requireAuditScope(ctx: HubContext, entity: string, id: string): Promise<void> {
  const viewer = ctx.viewer;
  if (viewer.kind !== "user" || viewer.role === Role.ADMIN || viewer.national) return;
  const sql = DEPARTMENT_OF[entity];
  const rows: Array<{ d: string }> = sql && /^[0-9]+$/.test(id) ? await ctx.manager.query(sql, [id]) : [];
  if (!rows[0] || !inScope(viewer, rows[0].d)) {
    throw new ForbiddenError(`Journal d'audit de ${entity} ${id} : hors de vos départements`);
  }
}

/**
 * The key of the audited row: the `databaseId` as given, or the key of a global id of the entity's type
 * (`partner_association` is a PartnerAssociation); a global id of another type names another row and is refused.
 */
function auditedKey(entity: string, givenId: string): string {
  const global = decodeGlobalId(givenId);
  if (!global) return givenId;
  if (global.typeName.replace(/(?<=[a-z0-9])([A-Z])/g, "_$1").toLowerCase() !== entity) {
    throw new BadUserInputError(
      `Argument "id" : attendu l'identifiant d'un enregistrement ${entity}, reçu celui d'un objet ${global.typeName}`,
      "id",
    );
  }
  return global.key;
}

@Resolver()
export class AuditResolver {
  @Authorized(Role.ADMIN, Role.CAF_AGENT)
  @Query(() => AuditEntryConnection, {
    description: "Journal d'audit d'un enregistrement, le plus récent d'abord (administrateurs et agents CAF)",
  })
  async auditLog(
    @Arg("entity", { description: "Entité (convention, action, partner_association, partnership)" }) entity: string,
    @Arg("id", { description: "Identifiant de l'enregistrement (son `databaseId` ou son `id` global)" }) givenId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
  ) {
    const id = auditedKey(entity, givenId);
    // CAF agents see the trail (which may hold contact details) of their départements' records only.
    await requireAuditScope(ctx, entity, id);
    const params = new SqlParams();
    const where = `e.entity = ${params.param(entity)} AND e.entity_id = ${params.param(id)}`;
    return fetchPage(
      ctx.manager,
      { source: AUDIT_SOURCE, filter: { where, params }, ordering: { expression: "e.id", descending: true } },
      pageRequest(page),
    );
  }
}
