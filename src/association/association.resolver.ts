import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, partnerAssociation } from "../auth/viewer";
import type { RowOf } from "../graph/resolver-utils";
import type { HubContext } from "../graph/context";
import { Commune } from "../territory/commune.entity";
import { PartnerAssociation } from "./partner-association.entity";

/** Contact details are restricted: agents and analysts of the seat's département, and the association itself. */
async function requireContactAccess(association: RowOf<PartnerAssociation>, ctx: HubContext, field: string): Promise<void> {
  if (partnerAssociation(ctx.viewer) === association.id) return;
  const seat = association.communeCode ? await ctx.loaders.one<Commune>(Commune, "code").load(association.communeCode) : null;
  requireAllowed(canReadRestricted(ctx.viewer, seat?.departmentCode ?? null), field);
}

/** The restricted fields of partner associations (never compiled reads: their columns are marked @Restricted()). */
@Resolver(() => PartnerAssociation)
export class AssociationContactResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Courriel de contact (agents CAF, analystes du département, l'association elle-même)",
  })
  async contactEmail(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    await requireContactAccess(association, ctx, "contactEmail");
    return association.contactEmail;
  }

  @FieldResolver(() => String, { nullable: true, description: "Téléphone de contact (mêmes droits que le courriel)" })
  async contactPhone(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    await requireContactAccess(association, ctx, "contactPhone");
    return association.contactPhone;
  }
}
