import type { RowOf } from "../graphql/resolver-utils";
import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, partnerAssociation } from "../auth/viewer";
import { Action } from "../convention/action.entity";
import { ActionFilter, ActionOrder, ConventionFilter, ConventionOrder } from "../convention/convention.inputs";
import { conventionLists } from "../convention/convention.service";
import { Convention } from "../convention/convention.entity";
import { ActionConnection, ConventionConnection, PartnerAssociationConnection } from "../graphql/connections";
import type { HubContext } from "../graphql/context";
import { PageArgs, pageRequest } from "../graphql/pagination";
import { Commune } from "../territory/commune.entity";
import { AssociationFilter, AssociationOrder } from "./association.inputs";
import { associationLists } from "./association.service";
import { PartnerAssociation } from "./partner-association.entity";
import { Partnership } from "./partnership.entity";
import { PARTNERSHIPS_ESTIMATE } from "../common/list-sizes";
import { listBound } from "../graphql/list-bounds";

async function requireContactAccess(association: PartnerAssociation, ctx: HubContext, field: string): Promise<void> {
  if (partnerAssociation(ctx.viewer) === association.id) return;
  const seat = association.communeCode ? await ctx.loaders.communeByCode.load(association.communeCode) : null;
  requireAllowed(canReadRestricted(ctx.viewer, seat?.departmentCode ?? null), field);
}

@Resolver(() => PartnerAssociation)
export class PartnerAssociationResolver {
  @Query(() => PartnerAssociationConnection, { description: "Associations partenaires, filtrées, triées et paginées" })
  associations(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => AssociationFilter, { nullable: true, description: "Filtres" }) filter?: AssociationFilter,
    @Arg("orderBy", () => AssociationOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: AssociationOrder,
  ) {
    return associationLists.associations(ctx.manager, filter, orderBy, pageRequest(page));
  }

  @FieldResolver(() => Commune, { nullable: true, description: "Commune du siège" })
  commune(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    return association.communeCode ? ctx.loaders.communeByCode.load(association.communeCode) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Courriel de contact (agents CAF, analystes du département, l'association elle-même)" })
  async contactEmail(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    await requireContactAccess(association, ctx, "contactEmail");
    return association.contactEmail;
  }

  @FieldResolver(() => String, { nullable: true, description: "Téléphone de contact (mêmes droits que le courriel)" })
  async contactPhone(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    await requireContactAccess(association, ctx, "contactPhone");
    return association.contactPhone;
  }

  @Extensions(listBound(PARTNERSHIPS_ESTIMATE))
  @FieldResolver(() => [Partnership], { description: "Partenariats de l'association" })
  partnerships(@Root() association: RowOf<PartnerAssociation>, @Ctx() ctx: HubContext) {
    return ctx.loaders.partnershipsByAssociationId.load(association.id);
  }

  @FieldResolver(() => ConventionConnection, { description: "CTG dont l'association est partenaire" })
  conventions(
    @Root() association: RowOf<PartnerAssociation>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ConventionFilter, { nullable: true, description: "Filtres" }) filter?: ConventionFilter,
    @Arg("orderBy", () => ConventionOrder, { nullable: true, description: "Tri (par défaut la référence)" }) orderBy?: ConventionOrder,
  ) {
    return ctx.pages.load("association.conventions", [filter, orderBy, page], association.id, () =>
      conventionLists.conventionsBy<number>(ctx.manager, "association", filter, orderBy, pageRequest(page), ctx.today));
  }

  @FieldResolver(() => ActionConnection, { description: "Actions auxquelles l'association participe" })
  actions(
    @Root() association: RowOf<PartnerAssociation>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ActionFilter, { nullable: true, description: "Filtres" }) filter?: ActionFilter,
    @Arg("orderBy", () => ActionOrder, { nullable: true, description: "Tri" }) orderBy?: ActionOrder,
  ) {
    return ctx.pages.load("association.actions", [filter, orderBy, page], association.id, () =>
      conventionLists.actionsBy<number>(ctx.manager, "association", filter, orderBy, pageRequest(page)));
  }
}

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => PartnerAssociation, { description: "Association partenaire" })
  association(@Root() partnership: RowOf<Partnership>, @Ctx() ctx: HubContext) {
    return ctx.loaders.associationById.load(partnership.associationId);
  }

  @FieldResolver(() => Convention, { nullable: true, description: "Convention concernée" })
  convention(@Root() partnership: RowOf<Partnership>, @Ctx() ctx: HubContext) {
    return partnership.conventionId ? ctx.loaders.conventionById.load(partnership.conventionId) : null;
  }

  @FieldResolver(() => Action, { nullable: true, description: "Action concernée" })
  action(@Root() partnership: RowOf<Partnership>, @Ctx() ctx: HubContext) {
    return partnership.actionId ? ctx.loaders.actionById.load(partnership.actionId) : null;
  }
}
