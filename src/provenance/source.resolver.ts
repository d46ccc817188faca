import { Ctx, Extensions, Query, Resolver } from "type-graphql";
import type { HubContext } from "../graph/context";
import { Source } from "./source.entity";
import { listBound } from "../graph/list-bounds";

@Resolver(() => Source)
export class SourceResolver {
  @Extensions(listBound(50))
  @Query(() => [Source], {
    description: "Sources des données chargées (millésime de la géographie, cas de référence, données synthétiques)",
  })
  sources(@Ctx() ctx: HubContext) {
    return ctx.manager.find(Source, { order: { code: "ASC" } });
  }
}
