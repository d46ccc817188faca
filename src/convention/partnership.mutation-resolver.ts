import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { HubContext } from "../graph/context";
import { partnershipWrites } from "./partnership.write";
import { PartnershipInput } from "./partnership.write-inputs";

@Resolver()
export class PartnershipMutationResolver {
  @Mutation(() => ID, { description: "Lie une association à une convention ou à une action ; renvoie l'identifiant du partenariat" })
  linkPartner(@Arg("input") input: PartnershipInput, @Ctx() ctx: HubContext) {
    return partnershipWrites.linkPartner(ctx.manager, ctx.viewer, input);
  }

  @Mutation(() => ID, { description: "Supprime un partenariat ; renvoie son identifiant" })
  unlinkPartner(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return partnershipWrites.unlinkPartner(ctx.manager, ctx.viewer, id);
  }
}
