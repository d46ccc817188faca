import { Arg, Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { Role } from "../auth/viewer";
import { fetchPage } from "../db/list-query";
import { SqlParams } from "../db/sql";
import type { HubContext } from "../graphql/context";
import { PageArgs, connectionType, pageRequest } from "../graphql/pagination";
import { AuditEntry } from "./audit-entry.entity";

export const AuditEntryConnection = connectionType(AuditEntry, "AuditEntry", "entrées du journal d'audit");

const AUDIT_SOURCE = {
  from: "audit_entry e",
  select: `e.id, e.occurred_at AS "occurredAt", e.actor_subject AS "actorSubject", e.actor_role AS "actorRole",
           e.entity, e.entity_id AS "entityId", e.operation, e.before, e.after`,
  key: "e.id",
};

@Resolver()
export class AuditResolver {
  @Authorized(Role.ADMIN, Role.CAF_AGENT)
  @Query(() => AuditEntryConnection, { description: "Journal d'audit d'un enregistrement, le plus récent d'abord (administrateurs et agents CAF)" })
  auditLog(
    @Arg("entity", { description: "Entité (convention, action, partner_association, partnership)" }) entity: string,
    @Arg("id", { description: "Identifiant de l'enregistrement" }) id: string,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
  ) {
    const params = new SqlParams();
    const where = `e.entity = ${params.param(entity)} AND e.entity_id = ${params.param(id)}`;
    return fetchPage(ctx.manager, AUDIT_SOURCE, { where, params }, { expression: "e.id", descending: true }, pageRequest(page));
  }
}
