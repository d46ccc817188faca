import { Node } from "../graph/node";
import { Field, ID, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DatePrecision } from "../common/date-precision";
import { DateScalar, type IsoDate } from "../common/date";
import { ValueChecks } from "../db/value-checks";
import { ApprovalKind } from "./facility-enums";
import { Facility } from "./facility.entity";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Agrément d'un équipement (ex. projet social d'un centre social), pour une période",
})
@Entity({ name: "facility_approval" })
@ValueChecks("facility_approval")
@Check("facility_approval_period", `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"`)
@Check("facility_approval_starts_on_precision", `("starts_on" IS NULL) = ("starts_on_precision" IS NULL)`)
@Check("facility_approval_ends_on_precision", `("ends_on" IS NULL) = ("ends_on_precision" IS NULL)`)
export class FacilityApproval {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { description: "Équipement agréé" })
  @Index()
  @Column({ type: "integer" })
  facilityId: number;

  @ManyToOne(() => Facility, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "facility_id" })
  facility?: Facility;

  @Field(() => ApprovalKind, { description: "Nature de l'agrément" })
  @Column({ type: "enum", enum: ApprovalKind, enumName: "approval_kind" })
  kind: ApprovalKind;

  @Field(() => DateScalar, { nullable: true, description: "Début de validité" })
  @Column({ type: "date", nullable: true })
  startsOn: IsoDate | null;

  @Field(() => DatePrecision, { nullable: true, description: "Précision de la date de début" })
  @Column({ type: "enum", enum: DatePrecision, enumName: "date_precision", nullable: true })
  startsOnPrecision: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin de validité (incluse)" })
  @Column({ type: "date", nullable: true })
  endsOn: IsoDate | null;

  @Field(() => DatePrecision, { nullable: true, description: "Précision de la date de fin" })
  @Column({ type: "enum", enum: DatePrecision, enumName: "date_precision", nullable: true })
  endsOnPrecision: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "Organisme qui délivre l'agrément (ex. CAF des Yvelines)" })
  @Column({ type: "text", nullable: true })
  grantedBy: string | null;

  @Field(() => String, { nullable: true, description: "Contenu du projet agréé" })
  @Column({ type: "text", nullable: true })
  description: string | null;
}
