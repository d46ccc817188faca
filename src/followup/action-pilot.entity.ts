import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { PartnerAssociation } from "../association/partner-association.entity";
import { Action } from "../convention/action.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { PilotKind } from "../convention/followup-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Pilote d'une action : une personne, un service du porteur ou une association",
})
@Entity({ name: "action_pilot" })
@ValueChecks("action_pilot")
// An association pilot is the association; a person or a service is named.
@Check("action_pilot_kind", `("kind" = 'ASSOCIATION') = ("association_id" IS NOT NULL) AND ("kind" = 'ASSOCIATION' OR "name" IS NOT NULL)`)
@Index("action_pilot_position_unique", ["actionId", "position"], { unique: true })
export class ActionPilot {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Action pilotée" })
  @Column({ type: "integer" })
  actionId: number;

  @ManyToOne(() => Action, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  @Field(() => Int, { description: "Rang parmi les pilotes de l'action (1 : pilote principal)" })
  @Column({ type: "smallint" })
  position: number;

  @Field(() => PilotKind, { description: "Nature du pilote" })
  @Column({ type: "enum", enum: PilotKind, enumName: "pilot_kind" })
  kind: PilotKind;

  @Field(() => String, { nullable: true, description: "Nom de la personne ou du service (null pour une association)" })
  @Column({ type: "text", nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: "Fonction de la personne (ex. coordinatrice petite enfance)" })
  @Column({ type: "text", nullable: true })
  role: string | null;

  @Field(() => String, { nullable: true, description: "Structure de la personne (ex. CC du Bassin de Joinville)" })
  @Column({ type: "text", nullable: true })
  organisation: string | null;

  @Field(() => ID, { nullable: true, description: "Association pilote" })
  @Index()
  @Column({ type: "integer", nullable: true })
  associationId: number | null;

  @ManyToOne(() => PartnerAssociation, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "association_id" })
  association?: PartnerAssociation;

  /** Courriel or téléphone of a person: restricted like an association's contact. */
  @Restricted()
  @Column({ type: "text", nullable: true })
  contact: string | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
