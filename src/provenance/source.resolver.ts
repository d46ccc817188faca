import { Ctx, Extensions, Query, Resolver } from "type-graphql";
import type { HubContext } from "../graphql/context";
import { Source } from "./source.entity";
import { listBound } from "../graphql/list-bounds";

@Resolver(() => Source)
export class SourceResolver {
  @Extensions(listBound(50))
  @Query(() => [Source], { description: "Sources des données chargées (millésime de la géographie, cas de référence, données synthétiques)" })
  sources(@Ctx() ctx: HubContext) {
    return ctx.manager.find(Source, { order: { code: "ASC" } });
  }
}
