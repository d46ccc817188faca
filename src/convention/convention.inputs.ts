import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { Theme } from "../common/theme";
import { SortDirection } from "../common/ordering";
import { ActionPriority, ActionStatus, ConventionStatus, TargetPublic } from "./convention-enums";
import { FunderKind, PilotKind } from "./followup-enums";
import { SEARCH_HELP } from "../db/text-search";

export enum ConventionOrderField {
  REFERENCE = "REFERENCE",
  TITLE = "TITLE",
  SIGNED_ON = "SIGNED_ON",
  STARTS_ON = "STARTS_ON",
  ENDS_ON = "ENDS_ON",
}
export enum ActionOrderField {
  ID = "ID",
  POSITION = "POSITION",
  TITLE = "TITLE",
  STATUS = "STATUS",
  STARTS_ON = "STARTS_ON",
}

registerEnumType(ConventionOrderField, {
  name: "ConventionOrderField",
  description: "Tri des conventions",
  valuesConfig: {
    REFERENCE: { description: "Référence" },
    TITLE: { description: "Intitulé" },
    SIGNED_ON: { description: "Date de signature" },
    STARTS_ON: { description: "Début" },
    ENDS_ON: { description: "Fin (échéance)" },
  },
});
registerEnumType(ActionOrderField, {
  name: "ActionOrderField",
  description: "Tri des actions",
  valuesConfig: {
    ID: { description: "Ordre d'enregistrement" },
    POSITION: { description: "Rang dans le plan d'actions" },
    TITLE: { description: "Intitulé" },
    STATUS: { description: "État d'avancement" },
    STARTS_ON: { description: "Début" },
  },
});

@InputType({ description: "Filtres sur les CTG" })
export class ConventionFilter {
  @Field(() => String, { nullable: true, description: "Code du département de la CAF signataire" })
  department?: string | null;

  @Field(() => String, { nullable: true, description: "Porteur : code INSEE de la commune ou SIREN de l'EPCI" })
  holder?: string | null;

  @Field(() => String, { nullable: true, description: "Code INSEE d'une commune couverte" })
  coveredCommune?: string | null;

  @Field(() => [ConventionStatus], { nullable: true, description: "Statuts à la date `asOf`" })
  status?: ConventionStatus[] | null;

  @Field(() => DateScalar, { nullable: true, description: "Date d'observation des statuts et des échéances (par défaut aujourd'hui)" })
  asOf?: IsoDate | null;

  @Field(() => [Theme], {
    nullable: true,
    description: "Au moins une des thématiques que la CTG déclare (les thématiques de ses actions n'y jouent pas)",
  })
  themes?: Theme[] | null;

  @Field(() => DateScalar, { nullable: true, description: "Échéance entre `asOf` et cette date (incluses)" })
  expiringBefore?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Signée à partir de cette date (incluse)" })
  signedFrom?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Signée jusqu'à cette date (incluse)" })
  signedTo?: IsoDate | null;

  @Field(() => Boolean, { nullable: true, description: "Avec ou sans bonus territoire" })
  bonusTerritoire?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Déclinant cet axe du SDSF" })
  sdsfAxis?: string | null;

  @Field(() => String, { nullable: true, description: `Recherche dans l'intitulé ou la référence (${SEARCH_HELP})` })
  search?: string | null;
}

@InputType({ description: "Tri des CTG" })
export class ConventionOrder {
  @Field(() => ConventionOrderField, { description: "Champ de tri" })
  field: ConventionOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}

@InputType({ description: "Filtres sur les actions" })
export class ActionFilter {
  @Field(() => String, { nullable: true, description: "Code du département de la convention" })
  department?: string | null;

  @Field(() => String, { nullable: true, description: "Référence de la convention" })
  convention?: string | null;

  @Field(() => [Theme], {
    nullable: true,
    description:
      "Thématiques : l'action est retenue si sa thématique propre est dans la liste, quelles que soient celles de sa CTG " +
      "(même sens que `themes` de `compareTerritories` et `themeMatrix`)",
  })
  themes?: Theme[] | null;

  @Field(() => [ActionStatus], { nullable: true, description: "États d'avancement" })
  status?: ActionStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Axe du SDSF décliné" })
  sdsfAxis?: string | null;

  @Field(() => ID, { nullable: true, description: "Association partenaire de l'action" })
  association?: string | null;

  @Field(() => String, { nullable: true, description: `Recherche dans l'intitulé (${SEARCH_HELP})` })
  search?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date d'observation du retard et des notes récentes (par défaut aujourd'hui)" })
  asOf?: IsoDate | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "En retard à `asOf` (true) ou non (false) : échéance dépassée, ni réalisée ni abandonnée",
  })
  late?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Sans pilote (true) ou avec au moins un (false)" })
  withoutPilot?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Avec un budget (true : une ligne budgétaire ou un budget global) ou sans (false)" })
  withBudget?: boolean | null;

  @Field(() => [FunderKind], { nullable: true, description: "Financée par au moins un de ces financeurs" })
  funders?: FunderKind[] | null;

  @Field(() => [PilotKind], { nullable: true, description: "Pilotée par au moins un pilote de ces natures" })
  pilotKinds?: PilotKind[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Pilotée par un pilote dont le nom (personne, service ou association pilote) contient ces mots (casse, accents, tirets, apostrophes et ponctuation ignorés)",
  })
  pilot?: string | null;

  @Field(() => ID, { nullable: true, description: "Pilotée par cette association partenaire" })
  pilotAssociation?: string | null;

  @Field(() => [TargetPublic], { nullable: true, description: "Visant au moins un de ces publics" })
  targetPublics?: TargetPublic[] | null;

  @Field(() => [ActionPriority], { nullable: true, description: "Priorités" })
  priorities?: ActionPriority[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Avec (true) ou sans (false) une note de suivi datée des douze mois qui précèdent `asOf` (inclus)",
  })
  recentNote?: boolean | null;

  @Field(() => Date, { nullable: true, description: "Modifiée (l'action elle-même) depuis cet instant (ISO 8601)" })
  modifiedSince?: Date | null;
}

@InputType({ description: "Tri des actions" })
export class ActionOrder {
  @Field(() => ActionOrderField, { description: "Champ de tri" })
  field: ActionOrderField;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC, description: "Sens" })
  direction?: SortDirection | null;
}
