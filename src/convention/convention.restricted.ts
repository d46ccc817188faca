import { Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, partnerAssociation, readsAllRestricted } from "../auth/viewer";
import type { RowOf } from "../graph/resolver-utils";
import type { HubContext } from "../graph/context";
import { Action } from "./action.entity";
import { Convention } from "./convention.entity";
import { actionPartners } from "./partnership.graph";
import { Partnership, PartnershipRole } from "./partnership.entity";

/**
 * The restricted fields of conventions and actions (internal notes, budgets): each call checks the
 * caller, so they are resolvers and never compiled reads (their columns are marked @Restricted()).
 */

/** True when the caller is the PARTNER association operating this action. */
async function operatesAction(action: Pick<Action, "id">, ctx: HubContext): Promise<boolean> {
  const association = partnerAssociation(ctx.viewer);
  if (association === null) return false;
  const partnerships = await ctx.loaders.many<Partnership>(actionPartners).load(action.id);
  return partnerships.some((p) => p.associationId === association && p.role === PartnershipRole.OPERATOR);
}

/** `operatesAction` in SQL, for statements over many actions: `association` is an SQL integer (null: none). */
export function operatedBySql(action: string, association: string): string {
  return `EXISTS (SELECT 1 FROM partnership op WHERE op.action_id = ${action} AND op.role = '${PartnershipRole.OPERATOR}'
    AND op.association_id = ${association})`;
}

async function departmentOfAction(action: Pick<Action, "conventionId">, ctx: HubContext): Promise<string | null> {
  const convention = await ctx.loaders.one<Convention>(Convention, "id").load(action.conventionId);
  return convention?.departmentCode ?? null;
}

/**
 * May the caller read the restricted fields of this action and of its rows (budget lines, funders, reserved
 * notes, pilots' contacts): CAF staff and analysts of its département, or the association operating it.
 */
export async function canReadActionRestricted(actionId: number, ctx: HubContext): Promise<boolean> {
  if (readsAllRestricted(ctx.viewer)) return true;
  const action = await ctx.loaders.one<Action>(Action, "id").load(actionId);
  if (!action) return false;
  return (await operatesAction(action, ctx)) || canReadRestricted(ctx.viewer, await departmentOfAction(action, ctx));
}

@Resolver(() => Convention)
export class ConventionRestrictedResolver {
  @FieldResolver(() => String, { nullable: true, description: "Notes internes de la CAF (agents et analystes du département)" })
  internalNotes(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadRestricted(ctx.viewer, convention.departmentCode), "internalNotes");
    return convention.internalNotes;
  }
}

@Resolver(() => Action)
export class ActionRestrictedResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description: "Budget en euros (agents et analystes du département, association opératrice)",
  })
  async budget(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    if (!(await operatesAction(action, ctx)))
      requireAllowed(canReadRestricted(ctx.viewer, await departmentOfAction(action, ctx)), "budget");
    return action.budget;
  }

  @FieldResolver(() => String, { nullable: true, description: "Notes internes de la CAF (agents et analystes du département)" })
  async internalNotes(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadRestricted(ctx.viewer, await departmentOfAction(action, ctx)), "internalNotes");
    return action.internalNotes;
  }
}
