import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { DateScalar, type IsoDate } from "../common/date";
import { SignatoryKind } from "../convention/convention-enums";
import { Convention } from "../convention/convention.entity";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { MeetingKind } from "../convention/followup-enums";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Réunion du comité de pilotage ou du comité technique d'une CTG" })
@Entity({ name: "convention_meeting" })
@ValueChecks("convention_meeting")
@Index("convention_meeting_convention_date", ["conventionId", "heldOn"])
export class ConventionMeeting {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Convention" })
  @Column({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => DateScalar, { description: "Date de la réunion" })
  @Column({ type: "date" })
  heldOn: IsoDate;

  @Field(() => MeetingKind, { description: "Comité de pilotage ou comité technique" })
  @Column({ type: "enum", enum: MeetingKind, enumName: "meeting_kind" })
  kind: MeetingKind;

  @Field(() => String, { nullable: true, description: "Décisions prises" })
  @Column({ type: "text", nullable: true })
  decisions: string | null;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "Participation d'une structure à une réunion de gouvernance" })
@Entity({ name: "meeting_attendance" })
@ValueChecks("meeting_attendance")
@Index("meeting_attendance_unique", ["meetingId", "organisation"], { unique: true })
export class MeetingAttendance {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Réunion" })
  @Column({ type: "integer" })
  meetingId: number;

  @ManyToOne(() => ConventionMeeting, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "meeting_id" })
  meeting?: ConventionMeeting;

  @Field(() => SignatoryKind, { description: "Nature de la structure" })
  @Column({ type: "enum", enum: SignatoryKind, enumName: "signatory_kind" })
  organisationKind: SignatoryKind;

  @Field({ description: "Structure représentée (ex. CAF de la Haute-Marne)" })
  @Column({ type: "text" })
  organisation: string;

  @Field(() => Int, { nullable: true, description: "Nombre de participants de la structure" })
  @Column({ type: "smallint", nullable: true })
  attendees: number | null;
}
