import type { RowOf } from "../graph/resolver-utils";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { HubContext } from "../server/context";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { TerritoryIndicator } from "./territory-indicator.entity";

@Resolver(() => TerritoryIndicator)
export class TerritoryIndicatorResolver {
  @FieldResolver(() => Commune, { nullable: true, description: "Commune mesurée" })
  commune(@Root() indicator: RowOf<TerritoryIndicator>, @Ctx() ctx: HubContext) {
    return indicator.communeCode ? ctx.loaders.communeByCode.load(indicator.communeCode) : null;
  }

  @FieldResolver(() => Intercommunality, { nullable: true, description: "EPCI mesuré" })
  intercommunality(@Root() indicator: RowOf<TerritoryIndicator>, @Ctx() ctx: HubContext) {
    return indicator.intercommunalitySiren ? ctx.loaders.intercommunalityBySiren.load(indicator.intercommunalitySiren) : null;
  }
}
