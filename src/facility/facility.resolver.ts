import type { RowOf } from "../graphql/resolver-utils";
import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root, createUnionType } from "type-graphql";
import { PartnerAssociation } from "../association/partner-association.entity";
import { FacilityConnection } from "../graphql/connections";
import type { HubContext } from "../graphql/context";
import { PageArgs, pageRequest } from "../graphql/pagination";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { FacilityApproval } from "./facility-approval.entity";
import { Facility } from "./facility.entity";
import { FacilityFilter, FacilityOrder } from "./facility.inputs";
import { facilityLists } from "./facility.service";
import { listBound } from "../graphql/list-bounds";

/** The operator's GraphQL type name: synchronous, as graphql-jit needs (see src/graphql/schema.ts). */
export const facilityOperatorTypeName = (value: object): string =>
  "rna" in value ? "PartnerAssociation" : "municipalPopulation" in value ? "Intercommunality" : "Commune";

export const FacilityOperator = createUnionType({
  name: "FacilityOperator",
  description: "Gestionnaire d'un équipement : commune, intercommunalité ou association",
  types: () => [Commune, Intercommunality, PartnerAssociation] as const,
  resolveType: facilityOperatorTypeName,
});

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => FacilityConnection, { description: "Équipements, filtrés, triés et paginés" })
  facilities(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => FacilityFilter, { nullable: true, description: "Filtres" }) filter?: FacilityFilter,
    @Arg("orderBy", () => FacilityOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: FacilityOrder,
  ) {
    return facilityLists.facilities(ctx.manager, filter, orderBy, pageRequest(page));
  }

  @FieldResolver(() => Commune, { description: "Commune d'implantation" })
  commune(@Root() facility: RowOf<Facility>, @Ctx() ctx: HubContext) {
    return ctx.loaders.communeByCode.load(facility.communeCode);
  }

  @FieldResolver(() => FacilityOperator, { nullable: true, description: "Gestionnaire (null s'il n'est pas une commune, un EPCI ou une association enregistrée)" })
  operator(@Root() facility: RowOf<Facility>, @Ctx() ctx: HubContext) {
    if (facility.operatorAssociationId) return ctx.loaders.associationById.load(facility.operatorAssociationId);
    if (facility.operatorIntercommunalitySiren) return ctx.loaders.intercommunalityBySiren.load(facility.operatorIntercommunalitySiren);
    if (facility.operatorCommuneCode) return ctx.loaders.communeByCode.load(facility.operatorCommuneCode);
    return null;
  }

  @Extensions(listBound(20))
  @FieldResolver(() => [FacilityApproval], { description: "Agréments" })
  approvals(@Root() facility: RowOf<Facility>, @Ctx() ctx: HubContext) {
    return ctx.loaders.approvalsByFacilityId.load(facility.id);
  }
}
