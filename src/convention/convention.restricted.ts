import { Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, partnerAssociation, readsAllRestricted } from "../auth/viewer";
import { actionPartnersSql } from "../auth/write-scope.places";
import type { RowOf } from "../graph/resolver-utils";
import type { HubContext } from "../graph/context";
import { Action } from "./action.entity";
import { Convention } from "./convention.entity";

/**
 * The restricted fields of conventions and actions (internal notes, budgets): each call checks the
 * caller, so they are resolvers and never compiled reads (their columns are marked @Restricted()).
 */

/** True when the caller is a PARTNER association of this action (operator or pilot: the write scope's rule). */
async function operatesAction(action: Pick<Action, "id">, ctx: HubContext): Promise<boolean> {
  const association = partnerAssociation(ctx.viewer);
  if (association === null) return false;
  const partners = await ctx.loaders
    .batch<number[]>("actionPartnerAssociations", async (keys) => {
      const rows: Array<{ id: number; partners: number[] }> = await ctx.manager.query(
        `SELECT k.id, ${actionPartnersSql("k.id")} AS partners FROM unnest($1::int[]) AS k(id)`,
        [keys],
      );
      const byId = new Map(rows.map((row) => [row.id, row.partners]));
      return keys.map((key) => byId.get(Number(key)) ?? []);
    })
    .load(action.id);
  return partners.includes(association);
}

/** `operatesAction` in SQL, for statements over many actions: `association` is an SQL integer (null: none). */
export function operatedBySql(action: string, association: string): string {
  return `coalesce(${association} = ANY(${actionPartnersSql(action)}), false)`;
}

async function departmentOfAction(action: Pick<Action, "conventionId">, ctx: HubContext): Promise<string | null> {
  const convention = await ctx.loaders.one<Convention>(Convention, "id").load(action.conventionId);
  return convention?.departmentCode ?? null;
}

/**
 * May the caller read the restricted fields of this action and of its rows (budget lines, funders, reserved
 * notes, pilots' contacts): CAF staff and analysts of its département, or an association operating or piloting it.
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
    description: "Budget en euros (agents et analystes du département, association opératrice ou pilote)",
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
