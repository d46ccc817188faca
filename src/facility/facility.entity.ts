import { Node } from "../graph/node";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { PartnerAssociation } from "../association/partner-association.entity";
import { ValueChecks } from "../db/value-checks";
import { Source } from "../provenance/source.entity";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { FacilityKind, OperatorKind } from "./facility-enums";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Équipement (EAJE, LAEP, centre social, espace de vie sociale…)" })
@Entity({ name: "facility" })
@ValueChecks("facility")
@Check("facility_capacity", `"capacity" IS NULL OR "capacity" >= 0`)
@Check(
  "facility_operator",
  `("operator_kind" IS DISTINCT FROM 'COMMUNE' OR "operator_commune_code" IS NOT NULL)
  AND ("operator_kind" IS DISTINCT FROM 'INTERCOMMUNALITY' OR "operator_intercommunality_siren" IS NOT NULL)
  AND ("operator_kind" IS DISTINCT FROM 'ASSOCIATION' OR "operator_association_id" IS NOT NULL)`,
)
export class Facility {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => FacilityKind, { description: "Nature" })
  @Column({ type: "enum", enum: FacilityKind, enumName: "facility_kind" })
  kind: FacilityKind;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;

  @Field({ description: "Code INSEE de la commune d'implantation" })
  @Index()
  @Column({ type: "char", length: 5 })
  communeCode: string;

  @ManyToOne(() => Commune, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => OperatorKind, { nullable: true, description: "Nature du gestionnaire" })
  @Column({ type: "enum", enum: OperatorKind, enumName: "operator_kind", nullable: true })
  operatorKind: OperatorKind | null;

  @Field(() => String, { nullable: true, description: "Nom du gestionnaire (ex. service Vie de quartier)" })
  @Column({ type: "text", nullable: true })
  operatorName: string | null;

  @Column({ type: "char", length: 5, nullable: true })
  operatorCommuneCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "operator_commune_code" })
  operatorCommune?: Commune;

  @Column({ type: "char", length: 9, nullable: true })
  operatorIntercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "operator_intercommunality_siren" })
  operatorIntercommunality?: Intercommunality;

  @Index()
  @Column({ type: "integer", nullable: true })
  operatorAssociationId: number | null;

  @ManyToOne(() => PartnerAssociation, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "operator_association_id" })
  operatorAssociation?: PartnerAssociation;

  @Field(() => Int, { nullable: true, description: "Capacité (places)" })
  @Column({ type: "integer", nullable: true })
  capacity: number | null;

  @Field(() => String, { nullable: true, description: "Description" })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Column({ type: "integer", nullable: true })
  sourceId: number | null;

  @ManyToOne(() => Source, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_id" })
  source?: Source;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
