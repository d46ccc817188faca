import { Field, ID, Int, ObjectType } from "type-graphql";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";
import { DateScalar, type IsoDate } from "../common/date";
import { Action } from "../convention/action.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Note datée du journal de suivi d'une action" })
@Entity({ name: "action_note" })
@ValueChecks("action_note")
// The journal of an action, latest first; and "a note in the last twelve months" probes the same index.
@Index("action_note_action_date", ["actionId", "notedOn"])
export class ActionNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Action suivie" })
  @Column({ type: "integer" })
  actionId: number;

  @ManyToOne(() => Action, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "action_id" })
  action?: Action;

  @Field(() => DateScalar, { description: "Date de la note" })
  @Column({ type: "date" })
  notedOn: IsoDate;

  @Field({ description: "Auteur (nom ou structure)" })
  @Column({ type: "text" })
  author: string;

  /** The note itself: public, or reserved to the CAF and the operating partner when `restricted`. */
  @Restricted()
  @Column({ type: "text" })
  text: string;

  @Field({ description: "Note réservée (agents CAF du département, association opératrice ou pilote) ou publique" })
  @Column({ type: "boolean", default: false })
  restricted: boolean;

  @Field({ description: "Création de l'enregistrement" })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field({ description: "Dernière modification" })
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
