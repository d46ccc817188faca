import { registerEnumType } from "type-graphql";
import { describedBy } from "../common/labels";

/** The stage and the status of a convention are the coverage rule's (src/coverage/): re-exported for the domain. */
export { ConventionStage, ConventionStatus } from "../coverage/statuses";

export enum HolderKind {
  COMMUNE = "COMMUNE",
  INTERCOMMUNALITY = "INTERCOMMUNALITY",
}

export enum SignatoryKind {
  CAF = "CAF",
  COMMUNE = "COMMUNE",
  INTERCOMMUNALITY = "INTERCOMMUNALITY",
  DEPARTMENT_COUNCIL = "DEPARTMENT_COUNCIL",
  MSA = "MSA",
  STATE = "STATE",
  ASSOCIATION = "ASSOCIATION",
  OTHER = "OTHER",
}

export enum SignatoryRole {
  CAF = "CAF",
  HOLDER = "HOLDER",
  CO_SIGNATORY = "CO_SIGNATORY",
}

export enum ActionStatus {
  PLANNED = "PLANNED",
  UNDER_STUDY = "UNDER_STUDY",
  IN_PROGRESS = "IN_PROGRESS",
  DONE = "DONE",
  PAUSED = "PAUSED",
  BLOCKED = "BLOCKED",
  ABANDONED = "ABANDONED",
}

/** An action's priority in its plan (Territoires en Transitions: élevée, moyenne, basse). */
export enum ActionPriority {
  HIGH = "HIGH",
  MEDIUM = "MEDIUM",
  LOW = "LOW",
}

/** Whom an action is for: the publics of the CNAF's social policy, several per action. */
export enum TargetPublic {
  FAMILIES = "FAMILIES",
  YOUNG_CHILDREN = "YOUNG_CHILDREN",
  CHILDREN = "CHILDREN",
  YOUTH = "YOUTH",
  YOUNG_ADULTS = "YOUNG_ADULTS",
  PARENTS = "PARENTS",
  SENIORS = "SENIORS",
  PEOPLE_WITH_DISABILITIES = "PEOPLE_WITH_DISABILITIES",
  PEOPLE_IN_PRECARITY = "PEOPLE_IN_PRECARITY",
  PROFESSIONALS = "PROFESSIONALS",
  ALL_RESIDENTS = "ALL_RESIDENTS",
}

/** French labels of HolderKind. */
export const HOLDER_KIND_LABELS: Record<HolderKind, string> = {
  COMMUNE: "Commune",
  INTERCOMMUNALITY: "Intercommunalité (EPCI)",
};

/** French labels of SignatoryKind. */
export const SIGNATORY_KIND_LABELS: Record<SignatoryKind, string> = {
  CAF: "Caisse d'allocations familiales",
  COMMUNE: "Commune",
  INTERCOMMUNALITY: "Intercommunalité (EPCI)",
  DEPARTMENT_COUNCIL: "Conseil départemental",
  MSA: "Mutualité sociale agricole",
  STATE: "État (préfecture, services déconcentrés)",
  ASSOCIATION: "Association partenaire",
  OTHER: "Autre",
};

/** French labels of SignatoryRole. */
export const SIGNATORY_ROLE_LABELS: Record<SignatoryRole, string> = {
  CAF: "CAF signataire",
  HOLDER: "Territoire porteur de la convention",
  CO_SIGNATORY: "Cosignataire",
};

/** French labels of ActionStatus. */
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  PLANNED: "Prévue",
  UNDER_STUDY: "À l'étude",
  IN_PROGRESS: "En cours",
  DONE: "Réalisée",
  PAUSED: "En pause",
  BLOCKED: "Bloquée",
  ABANDONED: "Abandonnée",
};

/** French labels of ActionPriority. */
export const ACTION_PRIORITY_LABELS: Record<ActionPriority, string> = {
  HIGH: "Élevée",
  MEDIUM: "Moyenne",
  LOW: "Basse",
};

/** French labels of TargetPublic. */
export const TARGET_PUBLIC_LABELS: Record<TargetPublic, string> = {
  FAMILIES: "Familles",
  YOUNG_CHILDREN: "Jeunes enfants (moins de 6 ans)",
  CHILDREN: "Enfants (6–11 ans)",
  YOUTH: "Jeunes (11–17 ans)",
  YOUNG_ADULTS: "Jeunes adultes (18–25 ans)",
  PARENTS: "Parents",
  SENIORS: "Personnes âgées",
  PEOPLE_WITH_DISABILITIES: "Personnes en situation de handicap",
  PEOPLE_IN_PRECARITY: "Personnes en situation de précarité",
  PROFESSIONALS: "Professionnels (petite enfance, animation, travail social…)",
  ALL_RESIDENTS: "Tous les habitants",
};

registerEnumType(HolderKind, {
  name: "HolderKind",
  description: "Nature du territoire signataire",
  valuesConfig: describedBy(HOLDER_KIND_LABELS),
});

registerEnumType(SignatoryKind, {
  name: "SignatoryKind",
  description: "Nature d'un signataire",
  valuesConfig: describedBy(SIGNATORY_KIND_LABELS),
});

registerEnumType(SignatoryRole, {
  name: "SignatoryRole",
  description: "Rôle d'un signataire dans la convention",
  valuesConfig: describedBy(SIGNATORY_ROLE_LABELS),
});

registerEnumType(ActionStatus, {
  name: "ActionStatus",
  description: "État d'avancement d'une action",
  valuesConfig: describedBy(ACTION_STATUS_LABELS),
});

registerEnumType(ActionPriority, {
  name: "ActionPriority",
  description: "Priorité d'une action dans le plan",
  valuesConfig: describedBy(ACTION_PRIORITY_LABELS),
});

registerEnumType(TargetPublic, {
  name: "TargetPublic",
  description: "Public visé par une action",
  valuesConfig: describedBy(TARGET_PUBLIC_LABELS),
});
