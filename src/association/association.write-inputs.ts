import { Field, InputType } from "type-graphql";
import { FIELD_RULES } from "../common/field-rules";
import { Rule } from "../common/rule-validator";
import { Theme } from "../common/theme";

@InputType({ description: "Nouvelle association partenaire (RNA et/ou SIREN)" })
export class CreateAssociationInput {
  @Field({ description: "Nom" })
  @Rule(FIELD_RULES.name)
  name: string;

  @Field(() => String, { nullable: true, description: "Numéro RNA (W + 9 caractères)" })
  @Rule(FIELD_RULES.rna, { optional: true })
  rna?: string | null;

  @Field(() => String, { nullable: true, description: "SIREN (9 chiffres, clé de Luhn)" })
  @Rule(FIELD_RULES.siren, { optional: true })
  siren?: string | null;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune du siège" })
  @Rule(FIELD_RULES.communeCode, { optional: true })
  communeCode?: string | null;

  @Field(() => [Theme], { defaultValue: [], description: "Thématiques" })
  themes: Theme[];

  @Field(() => String, { nullable: true, description: "Courriel de contact" })
  @Rule(FIELD_RULES.email, { optional: true })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: "Téléphone de contact" })
  @Rule(FIELD_RULES.phone, { optional: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "Site web (http:// ou https://)" })
  @Rule(FIELD_RULES.website, { optional: true })
  website?: string | null;
}

@InputType({ description: "Coordonnées d'une association (ce que l'association peut modifier elle-même)" })
export class AssociationContactInput {
  @Field(() => String, { nullable: true, description: "Courriel de contact" })
  @Rule(FIELD_RULES.email, { optional: true })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: "Téléphone de contact" })
  @Rule(FIELD_RULES.phone, { optional: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "Site web (http:// ou https://)" })
  @Rule(FIELD_RULES.website, { optional: true })
  website?: string | null;
}
