import { Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
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

@Resolver(() => ActionBudgetLine)
export class BudgetLineRestrictedResolver {
  @FieldResolver(() => Float, { nullable: true, description: `Montant prévu, dans l'unité de la ligne ${MONEY}` })
  async planned(@Root() line: RowOf<ActionBudgetLine>, @Ctx() ctx: HubContext) {
    requireAllowed(await canReadActionRestricted(line.actionId, ctx), "planned");
    return line.planned;
  }

  @FieldResolver(() => Float, { nullable: true, description: `Montant réalisé, dans l'unité de la ligne ${MONEY}` })
  async actual(@Root() line: RowOf<ActionBudgetLine>, @Ctx() ctx: HubContext) {
    requireAllowed(await canReadActionRestricted(line.actionId, ctx), "actual");
    return line.actual;
  }
}

@Resolver(() => ActionFunding)
export class FundingRestrictedResolver {
  @FieldResolver(() => Float, { nullable: true, description: `Montant prévu ${MONEY}` })
  async planned(@Root() funding: RowOf<ActionFunding>, @Ctx() ctx: HubContext) {
    requireAllowed(await canReadActionRestricted(funding.actionId, ctx), "planned");
    return funding.planned;
  }

  @FieldResolver(() => Float, { nullable: true, description: `Montant versé ${MONEY}` })
  async actual(@Root() funding: RowOf<ActionFunding>, @Ctx() ctx: HubContext) {
    requireAllowed(await canReadActionRestricted(funding.actionId, ctx), "actual");
    return funding.actual;
  }
}

@Resolver(() => ActionPilot)
export class PilotRestrictedResolver {
  @FieldResolver(() => String, { nullable: true, description: `Coordonnées de la personne pilote ${MONEY}` })
  async contact(@Root() pilot: RowOf<ActionPilot>, @Ctx() ctx: HubContext) {
    requireAllowed(await canReadActionRestricted(pilot.actionId, ctx), "contact");
    return pilot.contact;
  }
}

@Resolver(() => ActionNote)
export class NoteRestrictedResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: `Texte de la note ; celui d'une note réservée ${MONEY}, null pour les autres lecteurs (le journal reste lisible)`,
  })
  async text(@Root() note: RowOf<ActionNote>, @Ctx() ctx: HubContext) {
    if (!note.restricted) return note.text;
    return (await canReadActionRestricted(note.actionId, ctx)) ? note.text : null;
  }
}
