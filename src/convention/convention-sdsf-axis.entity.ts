import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { Convention } from "./convention.entity";

/** An SDSF axis that a convention declines locally. */
@Entity({ name: "convention_sdsf_axis" })
export class ConventionSdsfAxis {
  @PrimaryColumn({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Index()
  @PrimaryColumn({ type: "integer" })
  sdsfAxisId: number;

  @ManyToOne(() => SdsfAxis, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "sdsf_axis_id" })
  sdsfAxis?: SdsfAxis;
}
