import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Theme } from "../common/theme";
import { RecordedEntity } from "../provenance/recorded.entity";
import { Commune } from "../territory/commune.entity";
import { ValueChecks } from "../db/value-checks";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Association partenaire (identifiée par son numéro RNA et/ou son SIREN)",
})
@Entity({ name: "partner_association" })
@ValueChecks("partner_association")
@Check("partner_association_rna_format", `"rna" ~ '^W[0-9][0-9AB][0-9]{7}$'`)
@Check("partner_association_siren_format", `"siren" ~ '^[0-9]{9}$'`)
@Check("partner_association_identified", `"rna" IS NOT NULL OR "siren" IS NOT NULL`)
export class PartnerAssociation extends RecordedEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "Numéro au répertoire national des associations (W + 9 caractères)" })
  @Column({ type: "char", length: 10, nullable: true, unique: true })
  rna: string | null;

  @Field(() => String, { nullable: true, description: "Numéro SIREN" })
  @Column({ type: "char", length: 9, nullable: true, unique: true })
  siren: string | null;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune du siège" })
  @Index()
  @Column({ type: "char", length: 5, nullable: true })
  communeCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => [Theme], { description: "Thématiques d'intervention" })
  @Column({ type: "enum", enum: Theme, enumName: "theme", array: true, default: () => "'{}'" })
  themes: Theme[];

  /** Contact details: visible to CAF staff and to the association itself. */
  @Restricted()
  @Column({ type: "text", nullable: true })
  contactEmail: string | null;

  @Restricted()
  @Column({ type: "text", nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true, description: "Site web" })
  @Column({ type: "text", nullable: true })
  website: string | null;
}
