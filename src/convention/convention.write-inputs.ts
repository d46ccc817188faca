import { Length, Matches, Max, Min } from "class-validator";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { ActionStatus, HolderKind, SignatoryKind, SignatoryRole } from "./convention-enums";

@InputType({ description: "Nouvelle CTG (en préparation, ou signée si `signedOn` est donnée)" })
export class CreateConventionInput {
  @Field({ description: "Référence unique (ex. CTG-52-2023-200044253)" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/, { message: "reference : 3 à 60 caractères (lettres, chiffres, . _ / -)" })
  reference: string;

  @Field({ description: "Intitulé" })
  @Length(3, 300, { message: "title : 3 à 300 caractères" })
  title: string;

  @Field({ description: "Code du département de la CAF signataire" })
  department: string;

  @Field(() => HolderKind, { description: "Nature du porteur" })
  holderKind: HolderKind;

  @Field({ description: "Code INSEE de la commune ou SIREN de l'EPCI porteur" })
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
  coveredCommunes?: string[] | null;

  @Field(() => String, { nullable: true, description: "Présentation publique" })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  internalNotes?: string | null;
}

@InputType({ description: "Modification d'une CTG : seuls les champs donnés changent" })
export class UpdateConventionInput {
  @Field(() => String, { nullable: true, description: "Intitulé" })
  @Length(3, 300, { message: "title : 3 à 300 caractères" })
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
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  internalNotes?: string | null;
}

@InputType({ description: "Renouvellement : la nouvelle CTG reprend le territoire, les communes couvertes et les signataires" })
export class RenewConventionInput {
  @Field({ description: "Référence de la nouvelle CTG" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/, { message: "reference : 3 à 60 caractères (lettres, chiffres, . _ / -)" })
  reference: string;

  @Field(() => String, { nullable: true, description: "Intitulé (par défaut celui de la précédente)" })
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
  @Length(2, 200, { message: "name : 2 à 200 caractères" })
  name: string;

  @Field(() => String, { nullable: true, description: "Code INSEE (commune) ou SIREN (EPCI)" })
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
  @Length(3, 300, { message: "title : 3 à 300 caractères" })
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
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
  @Min(0, { message: "budget : positif ou nul" })
  budget?: number | null;
}

@InputType({ description: "Avancement d'une action (ce qu'un partenaire opérateur peut modifier)" })
export class ActionProgressInput {
  @Field(() => ActionStatus, { nullable: true, description: "État" })
  status?: ActionStatus | null;

  @Field(() => Int, { nullable: true, description: "Avancement en pourcentage" })
  @Min(0, { message: "progress : entre 0 et 100" })
  @Max(100, { message: "progress : entre 0 et 100" })
  progress?: number | null;

  @Field(() => String, { nullable: true, description: "Point d'avancement" })
  @Length(0, 2000, { message: "progressNote : 2 000 caractères au plus" })
  progressNote?: string | null;
}

@InputType({ description: "Modification d'une action par la CAF : seuls les champs donnés changent" })
export class UpdateActionInput {
  @Field(() => String, { nullable: true, description: "Intitulé" })
  @Length(3, 300, { message: "title : 3 à 300 caractères" })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "Description" })
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
  @Min(0, { message: "budget : positif ou nul" })
  budget?: number | null;

  @Field(() => String, { nullable: true, description: "Notes internes" })
  internalNotes?: string | null;
}

@InputType({ description: "Objectif d'une CTG" })
export class ObjectiveInput {
  @Field({ description: "Intitulé" })
  @Length(3, 500, { message: "title : 3 à 500 caractères" })
  title: string;

  @Field(() => String, { nullable: true, description: "Description" })
  description?: string | null;
}
