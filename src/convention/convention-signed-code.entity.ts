import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Convention } from "./convention.entity";

/**
 * A commune code a convention was signed on that is no longer a current commune's (a merged, delegated or associated
 * commune): kept as written, while `convention_commune` holds the current commune it leads to.
 */
@Entity({ name: "convention_signed_code" })
export class ConventionSignedCode {
  @PrimaryColumn({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  /** No foreign key: the former codes are reloaded with each geography, the code as signed stays. */
  @PrimaryColumn({ type: "char", length: 5 })
  code: string;
}
