import { Node } from "../graph/node";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { DateScalar, type IsoDate } from "../common/date";
import { PartnerAssociation } from "../association/partner-association.entity";
import { ValueChecks } from "../db/value-checks";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { Convention } from "./convention.entity";
import { SignatoryKind, SignatoryRole } from "./convention-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Signataire d'une CTG (CAF, territoire porteur, communes cosignataires, département, MSA…)",
})
@Entity({ name: "convention_signatory" })
@ValueChecks("convention_signatory")
@Unique("convention_signatory_position_unique", ["conventionId", "position"])
@Check(
  "convention_signatory_reference",
  `("kind" <> 'COMMUNE' OR "commune_code" IS NOT NULL)
  AND ("kind" <> 'INTERCOMMUNALITY' OR "intercommunality_siren" IS NOT NULL)
  AND ("kind" <> 'ASSOCIATION' OR "association_id" IS NOT NULL)`,
)
export class ConventionSignatory {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "integer" })
  conventionId: number;

  @ManyToOne(() => Convention, { nullable: false, onDelete: "CASCADE" })
  @JoinColumn({ name: "convention_id" })
  convention?: Convention;

  @Field(() => Int, { description: "Ordre d'affichage" })
  @Column({ type: "integer" })
  position: number;

  @Field(() => SignatoryKind, { description: "Nature du signataire" })
  @Column({ type: "enum", enum: SignatoryKind, enumName: "signatory_kind" })
  kind: SignatoryKind;

  @Field(() => SignatoryRole, { description: "Rôle dans la convention" })
  @Column({ type: "enum", enum: SignatoryRole, enumName: "signatory_role" })
  role: SignatoryRole;

  @Field({ description: "Nom du signataire (ex. CAF de la Haute-Marne)" })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "Code INSEE, si le signataire est une commune" })
  @Column({ type: "char", length: 5, nullable: true })
  communeCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => String, { nullable: true, description: "SIREN, si le signataire est un EPCI" })
  @Column({ type: "char", length: 9, nullable: true })
  intercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "intercommunality_siren" })
  intercommunality?: Intercommunality;

  @Field(() => ID, { nullable: true, description: "Association, si le signataire en est une" })
  @Index()
  @Column({ type: "integer", nullable: true })
  associationId: number | null;

  @ManyToOne(() => PartnerAssociation, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "association_id" })
  association?: PartnerAssociation;

  @Field(() => DateScalar, { nullable: true, description: "Date de signature par ce signataire" })
  @Column({ type: "date", nullable: true })
  signedOn: IsoDate | null;
}
