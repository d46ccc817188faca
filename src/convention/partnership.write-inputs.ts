import { Field, ID, InputType } from "type-graphql";
import { PartnershipRole } from "./partnership.entity";

@InputType({ description: "Partenariat d'une association avec une convention ou une action" })
export class PartnershipInput {
  @Field(() => ID, { description: "Association" })
  associationId: string;

  @Field(() => ID, { nullable: true, description: "Convention (ou bien une action)" })
  conventionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Action (ou bien une convention)" })
  actionId?: string | null;

  @Field(() => PartnershipRole, { description: "Rôle" })
  role: PartnershipRole;
}
