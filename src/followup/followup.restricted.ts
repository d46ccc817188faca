import { Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { readsAllRestricted } from "../auth/viewer";
import { canReadActionRestricted } from "../convention/convention.restricted";
import type { HubContext } from "../graph/context";
import type { RowOf } from "../graph/resolver-utils";
import { ActionBudgetLine } from "./action-budget-line.entity";
import { ActionFunding } from "./action-funding.entity";
import { ActionNote } from "./action-note.entity";
import { ActionPilot } from "./action-pilot.entity";

/**
 * The restricted fields of the follow-up: money (as the action's budget), pilots' contacts and reserved notes.
 * Each checks the caller against the action's département or its partner association (operator or pilot), through loaders (a
 * fixed number of batched statements whatever the rows); their columns are @Restricted(), never compiled.
 */
const MONEY = "(agents et analystes du département, association opératrice ou pilote)";

/**
 * A restricted value of an action's row: at once (no promise, nothing loaded) for a caller who reads every
 * département's, after the action's check otherwise.
 */
function ofAction<T>(ctx: HubContext, actionId: number, field: string, value: T): T | Promise<T> {
  if (readsAllRestricted(ctx.viewer)) return value;
  return canReadActionRestricted(actionId, ctx).then((allowed) => {
    requireAllowed(allowed, field);
    return value;
  });
}

@Resolver(() => ActionBudgetLine)
export class BudgetLineRestrictedResolver {
  @FieldResolver(() => Float, { nullable: true, description: `Montant prévu, dans l'unité de la ligne ${MONEY}` })
  planned(@Root() line: RowOf<ActionBudgetLine>, @Ctx() ctx: HubContext) {
    return ofAction(ctx, line.actionId, "planned", line.planned);
  }

  @FieldResolver(() => Float, { nullable: true, description: `Montant réalisé, dans l'unité de la ligne ${MONEY}` })
  actual(@Root() line: RowOf<ActionBudgetLine>, @Ctx() ctx: HubContext) {
    return ofAction(ctx, line.actionId, "actual", line.actual);
  }
}

@Resolver(() => ActionFunding)
export class FundingRestrictedResolver {
  @FieldResolver(() => Float, { nullable: true, description: `Montant prévu ${MONEY}` })
  planned(@Root() funding: RowOf<ActionFunding>, @Ctx() ctx: HubContext) {
    return ofAction(ctx, funding.actionId, "planned", funding.planned);
  }

  @FieldResolver(() => Float, { nullable: true, description: `Montant versé ${MONEY}` })
  actual(@Root() funding: RowOf<ActionFunding>, @Ctx() ctx: HubContext) {
    return ofAction(ctx, funding.actionId, "actual", funding.actual);
  }
}

@Resolver(() => ActionPilot)
export class PilotRestrictedResolver {
  @FieldResolver(() => String, { nullable: true, description: `Coordonnées de la personne pilote ${MONEY}` })
  contact(@Root() pilot: RowOf<ActionPilot>, @Ctx() ctx: HubContext) {
    return ofAction(ctx, pilot.actionId, "contact", pilot.contact);
  }
}

@Resolver(() => ActionNote)
export class NoteRestrictedResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: `Texte de la note ; celui d'une note réservée ${MONEY}, null pour les autres lecteurs (le journal reste lisible)`,
  })
  text(@Root() note: RowOf<ActionNote>, @Ctx() ctx: HubContext) {
    if (!note.restricted || readsAllRestricted(ctx.viewer)) return note.text;
    return canReadActionRestricted(note.actionId, ctx).then((allowed) => (allowed ? note.text : null));
  }
}
