import type { RowOf } from "../graphql/resolver-utils";
import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ActionFilter, ActionOrder, ConventionFilter, ConventionOrder } from "../convention/convention.inputs";
import { conventionLists } from "../convention/convention.service";
import { ActionConnection, ConventionConnection, SdsfSchemeConnection } from "../graphql/connections";
import type { HubContext } from "../graphql/context";
import { PageArgs, pageRequest } from "../graphql/pagination";
import { Department } from "../territory/department.entity";
import { SdsfAxis } from "./sdsf-axis.entity";
import { SdsfScheme } from "./sdsf-scheme.entity";
import { SdsfSchemeFilter } from "./sdsf.inputs";
import { sdsfLists } from "./sdsf.service";
import { AXES_PER_SCHEME_ESTIMATE } from "../common/list-sizes";
import { listBound } from "../graphql/list-bounds";

@Resolver(() => SdsfScheme)
export class SdsfSchemeResolver {
  @Query(() => SdsfSchemeConnection, { description: "Schémas départementaux des services aux familles, par département" })
  sdsfSchemes(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => SdsfSchemeFilter, { nullable: true, description: "Filtres" }) filter?: SdsfSchemeFilter,
  ) {
    return sdsfLists.sdsfSchemes(ctx.manager, filter, pageRequest(page));
  }

  @FieldResolver(() => Department, { description: "Département du schéma" })
  department(@Root() scheme: RowOf<SdsfScheme>, @Ctx() ctx: HubContext) {
    return ctx.loaders.departmentByCode.load(scheme.departmentCode);
  }

  @Extensions(listBound(AXES_PER_SCHEME_ESTIMATE))
  @FieldResolver(() => [SdsfAxis], { description: "Axes du schéma, dans l'ordre" })
  axes(@Root() scheme: RowOf<SdsfScheme>, @Ctx() ctx: HubContext) {
    return ctx.loaders.sdsfAxesBySchemeId.load(scheme.id);
  }
}

@Resolver(() => SdsfAxis)
export class SdsfAxisResolver {
  @FieldResolver(() => SdsfScheme, { description: "Schéma de l'axe" })
  scheme(@Root() axis: RowOf<SdsfAxis>, @Ctx() ctx: HubContext) {
    return ctx.loaders.sdsfSchemeById.load(axis.schemeId);
  }

  @FieldResolver(() => ConventionConnection, { description: "CTG qui déclinent l'axe" })
  conventions(
    @Root() axis: RowOf<SdsfAxis>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ConventionFilter, { nullable: true, description: "Filtres" }) filter?: ConventionFilter,
    @Arg("orderBy", () => ConventionOrder, { nullable: true, description: "Tri" }) orderBy?: ConventionOrder,
  ) {
    return ctx.pages.load("sdsfAxis.conventions", [filter, orderBy, page], axis.id, () =>
      conventionLists.conventionsBy<number>(ctx.manager, "sdsfAxis", filter, orderBy, pageRequest(page), ctx.today));
  }

  @FieldResolver(() => ActionConnection, { description: "Actions qui déclinent l'axe" })
  actions(
    @Root() axis: RowOf<SdsfAxis>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ActionFilter, { nullable: true, description: "Filtres" }) filter?: ActionFilter,
    @Arg("orderBy", () => ActionOrder, { nullable: true, description: "Tri" }) orderBy?: ActionOrder,
  ) {
    return ctx.pages.load("sdsfAxis.actions", [filter, orderBy, page], axis.id, () =>
      conventionLists.actionsBy<number>(ctx.manager, "sdsfAxis", filter, orderBy, pageRequest(page)));
  }
}
