import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { HubContext } from "../graph/context";
import { associationWrites } from "./association.write";
import { AssociationContactInput, CreateAssociationInput } from "./association.write-inputs";
import { PartnerAssociation } from "./partner-association.entity";

const versionArg = { description: "Version lue par le client (verrouillage optimiste : CONFLICT si elle a changé)" };

@Resolver()
export class AssociationMutationResolver {
  @Mutation(() => PartnerAssociation, { description: "Enregistre une association partenaire (RNA et SIREN vérifiés)" })
  async createAssociation(@Arg("input") input: CreateAssociationInput, @Ctx() ctx: HubContext) {
    return ctx.loaders
      .one<PartnerAssociation>(PartnerAssociation, "id")
      .load(await associationWrites.createAssociation(ctx.manager, ctx.viewer, input));
  }

  @Mutation(() => PartnerAssociation, {
    description: "Met à jour les coordonnées d'une association (l'association elle-même ou un agent CAF)",
  })
  async updateAssociationContact(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: AssociationContactInput,
    @Ctx() ctx: HubContext,
  ) {
    const associationId = await associationWrites.updateAssociationContact(ctx.manager, ctx.viewer, id, version, input);
    ctx.loaders.one<PartnerAssociation>(PartnerAssociation, "id").clear(associationId);
    return ctx.loaders.one<PartnerAssociation>(PartnerAssociation, "id").load(associationId);
  }
}
