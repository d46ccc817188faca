import { Node } from "../graph/node";
import { Restricted } from "../graph/restricted";
import { Field, ID, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from "typeorm";
import { DatePrecision } from "../common/date-precision";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { ValueChecks } from "../db/value-checks";
import { RecordedEntity } from "../provenance/recorded.entity";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { ConventionStage, HolderKind } from "./convention-enums";

@ObjectType({ simpleResolvers: true, description: "Diagnostic partagé sur lequel repose la convention" })
export class ConventionDiagnostic {
  @Field(() => DateScalar, { nullable: true, description: "Date (ou période) du diagnostic" })
  @Column({ type: "date", nullable: true })
  conductedOn: IsoDate | null;

  @Field(() => DatePrecision, { nullable: true, description: "Précision de la date du diagnostic" })
  @Column({ type: "enum", enum: DatePrecision, enumName: "date_precision", nullable: true })
  conductedOnPrecision: DatePrecision | null;

  @Field(() => String, { nullable: true, description: "Qui l'a conduit (services, cabinet…)" })
  @Column({ type: "text", nullable: true })
  conductedBy: string | null;

  @Field(() => Boolean, { nullable: true, description: "Financé par la CAF" })
  @Column({ type: "boolean", nullable: true })
  fundedByCaf: boolean | null;

  @Field(() => String, { nullable: true, description: "Résumé : démarche, enjeux retenus" })
  @Column({ type: "text", nullable: true })
  summary: string | null;
}

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Convention territoriale globale (CTG) entre une CAF et une commune ou une intercommunalité",
})
@Entity({ name: "convention" })
@ValueChecks("convention")
@Check("convention_reference_format", `"reference" ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$'`)
@Check("convention_period", `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"`)
@Check("convention_starts_on_precision", `("starts_on" IS NULL) = ("starts_on_precision" IS NULL)`)
@Check("convention_ends_on_precision", `("ends_on" IS NULL) = ("ends_on_precision" IS NULL)`)
@Check("convention_terminated_on", `"terminated_on" IS NULL OR "stage" = 'TERMINATED'`)
@Check(
  "convention_holder",
  `("holder_kind" = 'COMMUNE' AND "holder_commune_code" IS NOT NULL AND "holder_intercommunality_siren" IS NULL)
  OR ("holder_kind" = 'INTERCOMMUNALITY' AND "holder_intercommunality_siren" IS NOT NULL AND "holder_commune_code" IS NULL)`,
)
@Check("convention_predecessor", `"predecessor_id" IS NULL OR ("predecessor_id" <> "id" AND "is_renewal")`)
export class Convention extends RecordedEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Référence stable (ex. CTG-52-2023-200044253)" })
  @Column({ type: "varchar", length: 60, unique: true })
  reference: string;

  @Field({ description: "Intitulé" })
  @Column({ type: "text" })
  title: string;

  @Field(() => ConventionStage, { description: "Étape du cycle de vie" })
  @Column({ type: "enum", enum: ConventionStage, enumName: "convention_stage" })
  stage: ConventionStage;

  @Field(() => DateScalar, { nullable: true, description: "Date de signature" })
  @Column({ type: "date", nullable: true })
  signedOn: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Début de la période couverte" })
  @Column({ type: "date", nullable: true })
  startsOn: IsoDate | null;

  @Field(() => DatePrecision, { nullable: true, description: "Précision de la date de début" })
  @Column({ type: "enum", enum: DatePrecision, enumName: "date_precision", nullable: true })
  startsOnPrecision: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin de la période couverte (incluse)" })
  @Index()
  @Column({ type: "date", nullable: true })
  endsOn: IsoDate | null;

  @Field(() => DatePrecision, { nullable: true, description: "Précision de la date de fin" })
  @Column({ type: "enum", enum: DatePrecision, enumName: "date_precision", nullable: true })
  endsOnPrecision: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: "Date de résiliation anticipée" })
  @Column({ type: "date", nullable: true })
  terminatedOn: IsoDate | null;

  @Field({ description: "Code du département de la CAF signataire" })
  @Index()
  @Column({ type: "varchar", length: 3 })
  departmentCode: string;

  @ManyToOne(() => Department, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "department_code" })
  department?: Department;

  @Field(() => HolderKind, { description: "Nature du territoire porteur" })
  @Column({ type: "enum", enum: HolderKind, enumName: "holder_kind" })
  holderKind: HolderKind;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune porteuse" })
  @Index()
  @Column({ type: "char", length: 5, nullable: true })
  holderCommuneCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "holder_commune_code" })
  holderCommune?: Commune;

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI porteur" })
  @Index()
  @Column({ type: "char", length: 9, nullable: true })
  holderIntercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "holder_intercommunality_siren" })
  holderIntercommunality?: Intercommunality;

  @Field(() => [Theme], { description: "Thématiques couvertes" })
  @Column({ type: "enum", enum: Theme, enumName: "theme", array: true, default: () => "'{}'" })
  themes: Theme[];

  @Field({ description: "Bénéficie du bonus territoire CTG" })
  @Column({ type: "boolean", default: false })
  bonusTerritoire: boolean;

  @Field({ description: "Renouvelle une CTG antérieure (même si celle-ci n'est pas enregistrée)" })
  @Column({ type: "boolean", default: false })
  isRenewal: boolean;

  @Field(() => ID, { nullable: true, description: "Identifiant de la CTG précédente, si elle est enregistrée" })
  @Column({ type: "integer", nullable: true })
  predecessorId: number | null;

  @OneToOne(() => Convention, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "predecessor_id" })
  predecessor?: Convention;

  @Field(() => ConventionDiagnostic, { description: "Diagnostic partagé" })
  @Column(() => ConventionDiagnostic, { prefix: "diagnostic" })
  diagnostic: ConventionDiagnostic;

  @Field(() => String, { nullable: true, description: "Présentation publique" })
  @Column({ type: "text", nullable: true })
  description: string | null;

  /** Internal to the CAF: never shown to anonymous or partner callers. */
  @Restricted()
  @Column({ type: "text", nullable: true })
  internalNotes: string | null;
}
