// By path, not the package's index (see class-validator-parts.d.ts): nested inputs are checked with their own rules.
import { ValidateNested } from "class-validator/cjs/decorator/common/ValidateNested";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { FIELD_RULES } from "../common/field-rules";
import { Rule } from "../common/rule-validator";
import { SignatoryKind } from "../convention/convention-enums";
import {
  BudgetKind,
  BudgetUnit,
  EvaluationKind,
  FunderKind,
  MeetingKind,
  ObjectiveAchievement,
  PilotKind,
} from "../convention/followup-enums";

/** Pilots, money, journal, meetings and evaluations as callers write them (src/followup/followup.write.ts). */

@InputType({ description: "Pilote d'une action : une personne ou un service (nommés), ou une association (par son identifiant)" })
export class PilotInput {
  @Field(() => PilotKind, { description: "Nature du pilote" })
  kind: PilotKind;

  @Field(() => String, { nullable: true, description: "Nom de la personne ou du service (requis sauf pour une association)" })
  @Rule(FIELD_RULES.name, { optional: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "Fonction de la personne" })
  @Rule(FIELD_RULES.name, { optional: true })
  role?: string | null;

  @Field(() => String, { nullable: true, description: "Structure de la personne" })
  @Rule(FIELD_RULES.name, { optional: true })
  organisation?: string | null;

  @Field(() => ID, { nullable: true, description: "Association pilote (pilote ASSOCIATION seulement)" })
  associationId?: string | null;

  @Field(() => String, { nullable: true, description: "Coordonnées de la personne (champ réservé)" })
  @Rule(FIELD_RULES.name, { optional: true })
  contact?: string | null;
}

@InputType({
  description:
    "Ligne budgétaire d'une action, repérée par (nature, unité, année) : sans `version`, elle est créée ; avec, elle est modifiée. " +
    "Un partenaire ne donne que `actual`, sur une ligne existante",
})
export class BudgetLineInput {
  @Field(() => Int, { nullable: true, description: "Année (null : toute la durée de la convention)" })
  @Rule(FIELD_RULES.year)
  year?: number | null;

  @Field(() => BudgetKind, { description: "Investissement ou fonctionnement" })
  kind: BudgetKind;

  @Field(() => BudgetUnit, { description: "Euros ou ETP" })
  unit: BudgetUnit;

  @Field(() => Float, { nullable: true, description: "Montant prévu (absent : inchangé)" })
  @Rule(FIELD_RULES.amount)
  planned?: number | null;

  @Field(() => Float, { nullable: true, description: "Montant réalisé (absent : inchangé)" })
  @Rule(FIELD_RULES.amount)
  actual?: number | null;
}

@InputType({
  description: "Financement d'une action ou d'une de ses lignes budgétaires ; en modification, seuls les champs donnés changent",
})
export class FundingInput {
  @Field(() => ID, { nullable: true, description: "Ligne budgétaire financée, de la même action (null : l'action entière)" })
  budgetLineId?: string | null;

  @Field(() => Int, { nullable: true, description: "Année (celle de la ligne quand il y en a une ; null : toute la durée)" })
  @Rule(FIELD_RULES.year)
  year?: number | null;

  @Field(() => FunderKind, { nullable: true, description: "Financeur (requis à la création)" })
  funder?: FunderKind | null;

  @Field(() => String, { nullable: true, description: "Commune financeuse (financeur COMMUNE : requis)" })
  @Rule(FIELD_RULES.communeCode, { optional: true })
  communeCode?: string | null;

  @Field(() => String, { nullable: true, description: "Nom du financeur (financeur OTHER : requis)" })
  @Rule(FIELD_RULES.name, { optional: true })
  funderName?: string | null;

  @Field(() => Float, { nullable: true, description: "Montant prévu" })
  @Rule(FIELD_RULES.amount)
  planned?: number | null;

  @Field(() => Float, { nullable: true, description: "Montant versé (le seul champ qu'un partenaire renseigne)" })
  @Rule(FIELD_RULES.amount)
  actual?: number | null;
}

@InputType({ description: "Note datée du journal d'une action ; en modification, seuls les champs donnés changent" })
export class NoteInput {
  @Field(() => DateScalar, { nullable: true, description: "Date de la note (par défaut : aujourd'hui)" })
  notedOn?: IsoDate | null;

  @Field(() => String, {
    nullable: true,
    description: "Auteur (par défaut : l'association du partenaire, ou « CAF » pour un agent)",
  })
  @Rule(FIELD_RULES.name, { optional: true })
  author?: string | null;

  @Field(() => String, { nullable: true, description: "Texte (requis à la création)" })
  @Rule(FIELD_RULES.journalText)
  text?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Note réservée (par défaut : publique)" })
  restricted?: boolean | null;
}

@InputType({ description: "Participation d'une structure à une réunion" })
export class AttendanceInput {
  @Field(() => SignatoryKind, { description: "Nature de la structure" })
  organisationKind: SignatoryKind;

  @Field({ description: "Structure représentée (une fois par réunion)" })
  @Rule(FIELD_RULES.name)
  organisation: string;

  @Field(() => Int, { nullable: true, description: "Nombre de participants" })
  @Rule(FIELD_RULES.attendees)
  attendees?: number | null;
}

@InputType({ description: "Réunion de gouvernance d'une CTG ; en modification, seuls les champs donnés changent" })
export class MeetingInput {
  @Field(() => DateScalar, { nullable: true, description: "Date de la réunion (requise à la création)" })
  heldOn?: IsoDate | null;

  @Field(() => MeetingKind, { nullable: true, description: "Comité de pilotage ou comité technique (requis à la création)" })
  kind?: MeetingKind | null;

  @Field(() => String, { nullable: true, description: "Décisions prises" })
  @Rule(FIELD_RULES.longText, { optional: true })
  decisions?: string | null;

  @Field(() => [AttendanceInput], { nullable: true, description: "Participation par structure (remplace la liste)" })
  @ValidateNested({ each: true })
  attendances?: AttendanceInput[] | null;
}

@InputType({ description: "Appréciation d'un objectif de la CTG évaluée" })
export class AssessmentInput {
  @Field(() => ID, { description: "Objectif de la même convention" })
  objectiveId: string;

  @Field(() => ObjectiveAchievement, { description: "Atteint, partiellement ou non" })
  achievement: ObjectiveAchievement;

  @Field(() => String, { nullable: true, description: "Commentaire" })
  @Rule(FIELD_RULES.note, { optional: true })
  comment?: string | null;
}

@InputType({
  description:
    "Évaluation d'une CTG, repérée par sa nature et son année (un bilan par année, une évaluation finale) : sans `version`, " +
    "elle est créée ; avec, elle est modifiée",
})
export class EvaluationInput {
  @Field(() => EvaluationKind, { description: "Bilan annuel ou évaluation finale" })
  kind: EvaluationKind;

  @Field(() => Int, { description: "Année évaluée (l'année de l'évaluation finale)" })
  @Rule(FIELD_RULES.year)
  year: number;

  @Field(() => DateScalar, { nullable: true, description: "Date de l'évaluation" })
  evaluatedOn?: IsoDate | null;

  @Field(() => String, { nullable: true, description: "Synthèse" })
  @Rule(FIELD_RULES.longText, { optional: true })
  summary?: string | null;

  @Field(() => [AssessmentInput], { nullable: true, description: "Appréciation des objectifs (remplace la liste)" })
  @ValidateNested({ each: true })
  assessments?: AssessmentInput[] | null;
}
