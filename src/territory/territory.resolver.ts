import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { AssociationFilter, AssociationOrder } from "../association/association.inputs";
import { associationLists } from "../association/association.service";
import { CODE_FORMATS, isCommuneCode, isDepartmentCode, isSiren } from "../common/codes";
import { requireFormat } from "../common/validate";
import { ConventionFilter, ConventionOrder } from "../convention/convention.inputs";
import { conventionLists } from "../convention/convention.service";
import { FacilityFilter, FacilityOrder } from "../facility/facility.inputs";
import { facilityLists } from "../facility/facility.service";
import {
  CommuneConnection, ConventionConnection, DepartmentConnection, FacilityConnection, IntercommunalityConnection,
  PartnerAssociationConnection,
} from "../graphql/connections";
import type { HubContext } from "../graphql/context";
import { PageArgs, pageRequest } from "../graphql/pagination";
import { present, type RowOf } from "../graphql/resolver-utils";
import { Convention } from "../convention/convention.entity";
import { TerritoryIndicator } from "../indicator/territory-indicator.entity";
import { SdsfScheme } from "../sdsf/sdsf-scheme.entity";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import { Region } from "./region.entity";
import {
  CommuneFilter, CommuneOrder, DepartmentFilter, DepartmentOrder, IntercommunalityFilter, IntercommunalityOrder,
} from "./territory.inputs";
import { territoryLists } from "./territory.service";
import {
  CONVENTIONS_PER_TERRITORY_ESTIMATE, INDICATORS_PER_TERRITORY_ESTIMATE, MAX_DEPARTMENTS_PER_INTERCOMMUNALITY,
  MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
} from "../common/list-sizes";
import { listBound } from "../graphql/list-bounds";

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => Department, { nullable: true, description: "Un département par son code INSEE (null s'il n'existe pas)" })
  department(@Arg("code", { description: "Code INSEE du département (ex. 52, 2A, 972)" }) code: string, @Ctx() ctx: HubContext) {
    requireFormat(isDepartmentCode(code), "code", CODE_FORMATS.department, code);
    return ctx.loaders.departmentByCode.load(code);
  }

  @Query(() => DepartmentConnection, { description: "Départements, filtrés, triés et paginés" })
  departments(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => DepartmentFilter, { nullable: true, description: "Filtres" }) filter?: DepartmentFilter,
    @Arg("orderBy", () => DepartmentOrder, { nullable: true, description: "Tri (par défaut le code)" }) orderBy?: DepartmentOrder,
  ) {
    return territoryLists.departments(ctx.manager, filter, orderBy, pageRequest(page));
  }

  @FieldResolver(() => Region, { description: "Région" })
  region(@Root() department: RowOf<Department>, @Ctx() ctx: HubContext) {
    return ctx.loaders.regionByCode.load(department.regionCode);
  }

  @FieldResolver(() => CommuneConnection, { description: "Communes du département" })
  communes(
    @Root() department: RowOf<Department>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => CommuneFilter, { nullable: true, description: "Filtres" }) filter?: CommuneFilter,
    @Arg("orderBy", () => CommuneOrder, { nullable: true, description: "Tri (par défaut le code INSEE)" }) orderBy?: CommuneOrder,
  ) {
    return ctx.pages.load("department.communes", [filter, orderBy, page], department.code, () =>
      territoryLists.communesBy(ctx.manager, "m.department_code", filter, orderBy, pageRequest(page), ctx.today));
  }

  @Extensions(listBound(MAX_INTERCOMMUNALITIES_PER_DEPARTMENT))
  @FieldResolver(() => [Intercommunality], { description: "EPCI ayant au moins une commune membre dans le département" })
  async intercommunalities(@Root() department: RowOf<Department>, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.intercommunalitySirensByDepartmentCode.load(department.code);
    return present(await ctx.loaders.intercommunalityBySiren.loadMany(links.map((l) => l.siren)));
  }

  @FieldResolver(() => ConventionConnection, { description: "CTG signées par la CAF du département" })
  conventions(
    @Root() department: RowOf<Department>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ConventionFilter, { nullable: true, description: "Filtres" }) filter?: ConventionFilter,
    @Arg("orderBy", () => ConventionOrder, { nullable: true, description: "Tri (par défaut la référence)" }) orderBy?: ConventionOrder,
  ) {
    return ctx.pages.load("department.conventions", [filter, orderBy, page], department.code, () =>
      conventionLists.conventionsBy<string>(ctx.manager, "department", filter, orderBy, pageRequest(page), ctx.today));
  }

  @Extensions(listBound(10))
  @FieldResolver(() => [SdsfScheme], { description: "Schémas départementaux des services aux familles" })
  sdsfSchemes(@Root() department: RowOf<Department>, @Ctx() ctx: HubContext) {
    return ctx.loaders.sdsfSchemesByDepartmentCode.load(department.code);
  }

  @FieldResolver(() => PartnerAssociationConnection, { description: "Associations dont le siège est dans le département" })
  associations(
    @Root() department: RowOf<Department>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => AssociationFilter, { nullable: true, description: "Filtres" }) filter?: AssociationFilter,
    @Arg("orderBy", () => AssociationOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: AssociationOrder,
  ) {
    return ctx.pages.load("department.associations", [filter, orderBy, page], department.code, () =>
      associationLists.associationsBy(ctx.manager, "department", filter, orderBy, pageRequest(page)));
  }

  @FieldResolver(() => FacilityConnection, { description: "Équipements du département" })
  facilities(
    @Root() department: RowOf<Department>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => FacilityFilter, { nullable: true, description: "Filtres" }) filter?: FacilityFilter,
    @Arg("orderBy", () => FacilityOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: FacilityOrder,
  ) {
    return ctx.pages.load("department.facilities", [filter, orderBy, page], department.code, () =>
      facilityLists.facilitiesBy(ctx.manager, "department", filter, orderBy, pageRequest(page)));
  }
}

@Resolver(() => Commune)
export class CommuneResolver {
  @Query(() => Commune, { nullable: true, description: "Une commune par son code INSEE (null si elle n'existe pas)" })
  commune(@Arg("code", { description: "Code INSEE de la commune (ex. 52250)" }) code: string, @Ctx() ctx: HubContext) {
    requireFormat(isCommuneCode(code), "code", CODE_FORMATS.commune, code);
    return ctx.loaders.communeByCode.load(code);
  }

  @Query(() => CommuneConnection, { description: "Communes, filtrées, triées et paginées" })
  communes(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => CommuneFilter, { nullable: true, description: "Filtres" }) filter?: CommuneFilter,
    @Arg("orderBy", () => CommuneOrder, { nullable: true, description: "Tri (par défaut le code INSEE)" }) orderBy?: CommuneOrder,
  ) {
    return territoryLists.communes(ctx.manager, filter, orderBy, pageRequest(page), ctx.today);
  }

  @FieldResolver(() => Department, { description: "Département" })
  department(@Root() commune: RowOf<Commune>, @Ctx() ctx: HubContext) {
    return ctx.loaders.departmentByCode.load(commune.departmentCode);
  }

  @FieldResolver(() => Intercommunality, { nullable: true, description: "EPCI dont la commune est membre" })
  intercommunality(@Root() commune: RowOf<Commune>, @Ctx() ctx: HubContext) {
    return commune.intercommunalitySiren ? ctx.loaders.intercommunalityBySiren.load(commune.intercommunalitySiren) : null;
  }

  @Extensions(listBound(CONVENTIONS_PER_TERRITORY_ESTIMATE))
  @FieldResolver(() => [Convention], { description: "CTG qui couvrent la commune (quel que soit leur statut ; voir `status`)" })
  async conventions(@Root() commune: RowOf<Commune>, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.coverageByCommuneCode.load(commune.code);
    return present(await ctx.loaders.conventionById.loadMany(links.map((l) => l.conventionId)));
  }

  @FieldResolver(() => FacilityConnection, { description: "Équipements implantés dans la commune" })
  facilities(
    @Root() commune: RowOf<Commune>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => FacilityFilter, { nullable: true, description: "Filtres" }) filter?: FacilityFilter,
    @Arg("orderBy", () => FacilityOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: FacilityOrder,
  ) {
    return ctx.pages.load("commune.facilities", [filter, orderBy, page], commune.code, () =>
      facilityLists.facilitiesBy(ctx.manager, "commune", filter, orderBy, pageRequest(page)));
  }

  @FieldResolver(() => PartnerAssociationConnection, { description: "Associations dont le siège est dans la commune" })
  associations(
    @Root() commune: RowOf<Commune>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => AssociationFilter, { nullable: true, description: "Filtres" }) filter?: AssociationFilter,
    @Arg("orderBy", () => AssociationOrder, { nullable: true, description: "Tri (par défaut le nom)" }) orderBy?: AssociationOrder,
  ) {
    return ctx.pages.load("commune.associations", [filter, orderBy, page], commune.code, () =>
      associationLists.associationsBy(ctx.manager, "commune", filter, orderBy, pageRequest(page)));
  }

  @Extensions(listBound(INDICATORS_PER_TERRITORY_ESTIMATE))
  @FieldResolver(() => [TerritoryIndicator], { description: "Indicateurs de la commune (allocataires, enfants de moins de 3 ans…)" })
  indicators(@Root() commune: RowOf<Commune>, @Ctx() ctx: HubContext) {
    return ctx.loaders.indicatorsByCommuneCode.load(commune.code);
  }
}

@Resolver(() => Intercommunality)
export class IntercommunalityResolver {
  @Query(() => Intercommunality, { nullable: true, description: "Un EPCI par son SIREN (null s'il n'existe pas)" })
  intercommunality(@Arg("siren", { description: "SIREN de l'EPCI (ex. 200044253)" }) siren: string, @Ctx() ctx: HubContext) {
    requireFormat(isSiren(siren), "siren", CODE_FORMATS.siren, siren);
    return ctx.loaders.intercommunalityBySiren.load(siren);
  }

  @Query(() => IntercommunalityConnection, { description: "Intercommunalités, filtrées, triées et paginées" })
  intercommunalities(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => IntercommunalityFilter, { nullable: true, description: "Filtres" }) filter?: IntercommunalityFilter,
    @Arg("orderBy", () => IntercommunalityOrder, { nullable: true, description: "Tri (par défaut le SIREN)" }) orderBy?: IntercommunalityOrder,
  ) {
    return territoryLists.intercommunalities(ctx.manager, filter, orderBy, pageRequest(page));
  }

  @FieldResolver(() => CommuneConnection, { description: "Communes membres" })
  communes(
    @Root() epci: RowOf<Intercommunality>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => CommuneFilter, { nullable: true, description: "Filtres" }) filter?: CommuneFilter,
    @Arg("orderBy", () => CommuneOrder, { nullable: true, description: "Tri (par défaut le code INSEE)" }) orderBy?: CommuneOrder,
  ) {
    return ctx.pages.load("intercommunality.communes", [filter, orderBy, page], epci.siren, () =>
      territoryLists.communesBy(ctx.manager, "m.intercommunality_siren", filter, orderBy, pageRequest(page), ctx.today));
  }

  @Extensions(listBound(MAX_DEPARTMENTS_PER_INTERCOMMUNALITY))
  @FieldResolver(() => [Department], { description: "Départements des communes membres (plusieurs pour 89 EPCI)" })
  async departments(@Root() epci: RowOf<Intercommunality>, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.departmentCodesByIntercommunalitySiren.load(epci.siren);
    return present(await ctx.loaders.departmentByCode.loadMany(links.map((l) => l.departmentCode)));
  }

  @FieldResolver(() => ConventionConnection, { description: "CTG portées par l'EPCI" })
  conventions(
    @Root() epci: RowOf<Intercommunality>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ConventionFilter, { nullable: true, description: "Filtres" }) filter?: ConventionFilter,
    @Arg("orderBy", () => ConventionOrder, { nullable: true, description: "Tri (par défaut la référence)" }) orderBy?: ConventionOrder,
  ) {
    return ctx.pages.load("intercommunality.conventions", [filter, orderBy, page], epci.siren, () =>
      conventionLists.conventionsBy<string>(ctx.manager, "holderIntercommunality", filter, orderBy, pageRequest(page), ctx.today));
  }

  @Extensions(listBound(INDICATORS_PER_TERRITORY_ESTIMATE))
  @FieldResolver(() => [TerritoryIndicator], { description: "Indicateurs de l'EPCI" })
  indicators(@Root() epci: RowOf<Intercommunality>, @Ctx() ctx: HubContext) {
    return ctx.loaders.indicatorsByIntercommunalitySiren.load(epci.siren);
  }
}
