import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Commune } from "../territory/commune.entity";
import { Convention } from "./convention.entity";

/** A commune covered by a convention: by default the holder's member communes at signature. */
@Entity({ name: "convention_commune" })
export class ConventionCommune {
  @PrimaryColumn({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Index()
  @PrimaryColumn({ type: "char", length: 5 })
  communeCode: string;

  @ManyToOne(() => Commune, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;
}
