import { Ctx, Query, Resolver } from "type-graphql";
import type { HubContext } from "../graph/context";
import { Source } from "./source.entity";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: "Sources des données chargées (millésime de la géographie, cas de référence, données synthétiques)" })
  sources(@Ctx() ctx: HubContext) {
    return ctx.manager.find(Source, { order: { code: "ASC" } });
  }
}
