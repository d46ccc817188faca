import { IsEmail, IsOptional, Length, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { Theme } from "../common/theme";
import { PartnershipRole } from "../convention/partnership.entity";

@InputType({ description: "Nouvelle association partenaire (RNA et/ou SIREN)" })
export class CreateAssociationInput {
  @Field({ description: "Nom" })
  @Length(2, 300, { message: "name : 2 à 300 caractères" })
  name: string;

  @Field(() => String, { nullable: true, description: "Numéro RNA (W + 9 caractères)" })
  rna?: string | null;

  @Field(() => String, { nullable: true, description: "SIREN (9 chiffres, clé de Luhn)" })
  siren?: string | null;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune du siège" })
  communeCode?: string | null;

  @Field(() => [Theme], { defaultValue: [], description: "Thématiques" })
  themes: Theme[];

  @Field(() => String, { nullable: true, description: "Courriel de contact" })
  @IsOptional()
  @IsEmail({}, { message: "contactEmail : adresse de courriel invalide" })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: "Téléphone de contact" })
  @IsOptional()
  @Matches(/^[+0-9 .()-]{6,20}$/, { message: "contactPhone : numéro de téléphone invalide" })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "Site web" })
  website?: string | null;
}

@InputType({ description: "Coordonnées d'une association (ce que l'association peut modifier elle-même)" })
export class AssociationContactInput {
  @Field(() => String, { nullable: true, description: "Courriel de contact" })
  @IsOptional()
  @IsEmail({}, { message: "contactEmail : adresse de courriel invalide" })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: "Téléphone de contact" })
  @IsOptional()
  @Matches(/^[+0-9 .()-]{6,20}$/, { message: "contactPhone : numéro de téléphone invalide" })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "Site web" })
  website?: string | null;
}

@InputType({ description: "Partenariat d'une association avec une convention ou une action" })
export class PartnershipInput {
  @Field(() => ID, { description: "Association" })
  associationId: string;

  @Field(() => ID, { nullable: true, description: "Convention (ou bien une action)" })
  conventionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Action (ou bien une convention)" })
  actionId?: string | null;

  @Field(() => PartnershipRole, { description: "Rôle" })
  role: PartnershipRole;
}
