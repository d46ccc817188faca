import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { FIELD_RULES, LIST_LIMITS } from "../common/field-rules";
import { Rule, RuleEach } from "../common/rule-validator";
import { Theme } from "../common/theme";
import { ActionPriority, ActionStatus, HolderKind, SignatoryKind, SignatoryRole, TargetPublic } from "./convention-enums";

@InputType({ description: "Nouvelle CTG (en préparation, ou signée si `signedOn` est donnée)" })
export class CreateConventionInput {
  @Field({ description: "Référence unique (ex. CTG-52-2023-200044253)" })
  @Rule(FIELD_RULES.reference)
  reference: string;

  @Field({ description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title: string;

  @Field({ description: "Code du département de la CAF signataire" })
  @Rule(FIELD_RULES.departmentCode)
  department: string;

  @Field(() => HolderKind, { description: "Nature du porteur" })
  holderKind: HolderKind;

  @Field({ description: "Code INSEE de la commune ou SIREN de l'EPCI porteur" })
  @Rule(FIELD_RULES.territoryCode)
  holderCode: string;

  @Field(() => DateScalar, { nullable: true, description: "Date de signature (la CTG est alors signée)" })
  signedOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Début de la période" })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin de la période (incluse)" })
  endsOn?: IsoDate | null;

  @Field(() => [Theme], { defaultValue: [], description: "Thématiques" })
  themes: Theme[];

  @Field({ defaultValue: false, description: "Bonus territoire" })
  bonusTerritoire: boolean;

  @Field(() => [String], { nullable: true, description: "Communes couvertes (par défaut les communes membres du porteur)" })
  @RuleEach(FIELD_RULES.communeCode, LIST_LIMITS.communes)
  coveredCommunes?: string[] | null;

  @Field(() => String, { nullable: true, description: "Présentation publique" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  @Rule(FIELD_RULES.longText, { optional: true })
  internalNotes?: string | null;
}

@InputType({ description: "Modification d'une CTG : seuls les champs donnés changent" })
export class UpdateConventionInput {
  @Field(() => String, { nullable: true, description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Début de la période" })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin de la période (incluse)" })
  endsOn?: IsoDate | null;

  @Field(() => [Theme], { nullable: true, description: "Thématiques (remplace la liste)" })
  themes?: Theme[] | null;

  @Field(() => Boolean, { nullable: true, description: "Bonus territoire" })
  bonusTerritoire?: boolean | null;

  @Field(() => String, { nullable: true, description: "Présentation publique" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  @Rule(FIELD_RULES.longText, { optional: true })
  internalNotes?: string | null;
}

@InputType({ description: "Renouvellement : la nouvelle CTG reprend le territoire, les communes couvertes et les signataires" })
export class RenewConventionInput {
  @Field({ description: "Référence de la nouvelle CTG" })
  @Rule(FIELD_RULES.reference)
  reference: string;

  @Field(() => String, { nullable: true, description: "Intitulé (par défaut celui de la précédente)" })
  @Rule(FIELD_RULES.title)
  title?: string | null;

  @Field(() => DateScalar, { description: "Début de la nouvelle période" })
  startsOn: IsoDate;

  @Field(() => DateScalar, { description: "Fin de la nouvelle période (incluse)" })
  endsOn: IsoDate;
}

@InputType({ description: "Signataire à ajouter" })
export class SignatoryInput {
  @Field(() => SignatoryKind, { description: "Nature" })
  kind: SignatoryKind;

  @Field(() => SignatoryRole, { description: "Rôle" })
  role: SignatoryRole;

  @Field({ description: "Nom" })
  @Rule(FIELD_RULES.name)
  name: string;

  @Field(() => String, { nullable: true, description: "Code INSEE (commune) ou SIREN (EPCI)" })
  @Rule(FIELD_RULES.territoryCode, { optional: true })
  territoryCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date de signature" })
  signedOn?: IsoDate | null;
}

@InputType({ description: "Nouvelle action du plan d'actions" })
export class CreateActionInput {
  @Field(() => ID, { description: "Convention" })
  conventionId: string;

  @Field(() => ID, { nullable: true, description: "Objectif de la même convention" })
  objectiveId?: string | null;

  @Field({ description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;

  @Field(() => Theme, { description: "Thématique" })
  theme: Theme;

  @Field(() => ActionStatus, { defaultValue: ActionStatus.PLANNED, description: "État" })
  status: ActionStatus;

  @Field(() => DateScalar, { nullable: true, description: "Début" })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin" })
  endsOn?: IsoDate | null;

  @Field(() => Float, { nullable: true, description: "Budget en euros" })
  @Rule(FIELD_RULES.budget)
  budget?: number | null;
}

@InputType({ description: "Avancement d'une action (ce qu'un partenaire opérateur ou pilote peut modifier)" })
export class ActionProgressInput {
  @Field(() => ActionStatus, { nullable: true, description: "État" })
  status?: ActionStatus | null;

  @Field(() => Int, { nullable: true, description: "Avancement en pourcentage" })
  @Rule(FIELD_RULES.progress)
  progress?: number | null;

  @Field(() => String, { nullable: true, description: "Point d'avancement" })
  @Rule(FIELD_RULES.note, { optional: true })
  progressNote?: string | null;
}

@InputType({ description: "Modification d'une action par la CAF : seuls les champs donnés changent" })
export class UpdateActionInput {
  @Field(() => String, { nullable: true, description: "Intitulé" })
  @Rule(FIELD_RULES.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: "Description" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;

  @Field(() => Theme, { nullable: true, description: "Thématique" })
  theme?: Theme | null;

  @Field(() => ID, { nullable: true, description: "Objectif de la même convention" })
  objectiveId?: string | null;

  @Field(() => ID, { nullable: true, description: "Axe du SDSF décliné" })
  sdsfAxisId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Début" })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin" })
  endsOn?: IsoDate | null;

  @Field(() => Float, { nullable: true, description: "Budget en euros" })
  @Rule(FIELD_RULES.budget)
  budget?: number | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  @Rule(FIELD_RULES.longText, { optional: true })
  internalNotes?: string | null;

  @Field(() => ActionPriority, { nullable: true, description: "Priorité dans le plan" })
  priority?: ActionPriority | null;

  @Field(() => [TargetPublic], { nullable: true, description: "Publics visés (remplace la liste)" })
  targetPublics?: TargetPublic[] | null;

  @Field(() => ID, { nullable: true, description: "Action parente, de la même convention (null : action de premier niveau)" })
  parentActionId?: string | null;

  @Field(() => String, { nullable: true, description: "Élu référent (nom)" })
  @Rule(FIELD_RULES.name, { optional: true })
  electedReferentName?: string | null;

  @Field(() => String, { nullable: true, description: "Mandat de l'élu référent" })
  @Rule(FIELD_RULES.name, { optional: true })
  electedReferentMandate?: string | null;
}

@InputType({ description: "Objectif d'une CTG" })
export class ObjectiveInput {
  @Field({ description: "Intitulé" })
  @Rule(FIELD_RULES.objectiveTitle)
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  @Rule(FIELD_RULES.longText, { optional: true })
  description?: string | null;
}
