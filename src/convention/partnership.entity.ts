import { Node } from "../graph/node";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Action } from "./action.entity";
import { Convention } from "./convention.entity";
import { PartnerAssociation } from "../association/partner-association.entity";

export enum PartnershipRole {
  SIGNATORY = "SIGNATORY",
  OPERATOR = "OPERATOR",
  CONTRIBUTOR = "CONTRIBUTOR",
}

registerEnumType(PartnershipRole, {
  name: "PartnershipRole",
  description: "Rôle d'une association dans une convention ou une action",
  valuesConfig: {
    SIGNATORY: { description: "Signataire" },
    OPERATOR: { description: "Opérateur (porte l'action)" },
    CONTRIBUTOR: { description: "Contributeur" },
  },
});

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Partenariat : une association engagée dans une convention ou une action",
})
@Entity({ name: "partnership" })
@Check("partnership_target", `num_nonnulls("convention_id", "action_id") = 1`)
@Index("partnership_convention_unique", ["associationId", "conventionId", "role"], {
  unique: true,
  where: `"convention_id" IS NOT NULL`,
})
@Index("partnership_action_unique", ["associationId", "actionId", "role"], {
  unique: true,
  where: `"action_id" IS NOT NULL`,
})
export class Partnership {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Association partenaire" })
  @Index()
  @Column({ type: "integer" })
  associationId: number;

  @ManyToOne(() => PartnerAssociation, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "association_id" })
  association?: PartnerAssociation;

  @Field(() => ID, { nullable: true, description: "Convention concernée" })
  @Index()
  @Column({ type: "integer", nullable: true })
  conventionId: number | null;

  @ManyToOne(() => Convention, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => ID, { nullable: true, description: "Action concernée" })
  @Index()
  @Column({ type: "integer", nullable: true })
  actionId: number | null;

  @ManyToOne(() => Action, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  @Field(() => PartnershipRole, { description: "Rôle" })
  @Column({ type: "enum", enum: PartnershipRole, enumName: "partnership_role" })
  role: PartnershipRole;
}
