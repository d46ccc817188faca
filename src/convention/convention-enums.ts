import { registerEnumType } from "type-graphql";

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

registerEnumType(HolderKind, {
  name: "HolderKind",
  description: "Nature du territoire signataire",
  valuesConfig: {
    COMMUNE: { description: "Commune" },
    INTERCOMMUNALITY: { description: "Intercommunalité (EPCI)" },
  },
});

registerEnumType(SignatoryKind, {
  name: "SignatoryKind",
  description: "Nature d'un signataire",
  valuesConfig: {
    CAF: { description: "Caisse d'allocations familiales" },
    COMMUNE: { description: "Commune" },
    INTERCOMMUNALITY: { description: "Intercommunalité (EPCI)" },
    DEPARTMENT_COUNCIL: { description: "Conseil départemental" },
    MSA: { description: "Mutualité sociale agricole" },
    STATE: { description: "État (préfecture, services déconcentrés)" },
    ASSOCIATION: { description: "Association partenaire" },
    OTHER: { description: "Autre" },
  },
});

registerEnumType(SignatoryRole, {
  name: "SignatoryRole",
  description: "Rôle d'un signataire dans la convention",
  valuesConfig: {
    CAF: { description: "CAF signataire" },
    HOLDER: { description: "Territoire porteur de la convention" },
    CO_SIGNATORY: { description: "Cosignataire" },
  },
});

registerEnumType(ActionStatus, {
  name: "ActionStatus",
  description: "État d'avancement d'une action",
  valuesConfig: {
    PLANNED: { description: "Prévue" },
    UNDER_STUDY: { description: "À l'étude" },
    IN_PROGRESS: { description: "En cours" },
    DONE: { description: "Réalisée" },
    PAUSED: { description: "En pause" },
    BLOCKED: { description: "Bloquée" },
    ABANDONED: { description: "Abandonnée" },
  },
});

registerEnumType(ActionPriority, {
  name: "ActionPriority",
  description: "Priorité d'une action dans le plan",
  valuesConfig: {
    HIGH: { description: "Élevée" },
    MEDIUM: { description: "Moyenne" },
    LOW: { description: "Basse" },
  },
});

registerEnumType(TargetPublic, {
  name: "TargetPublic",
  description: "Public visé par une action",
  valuesConfig: {
    FAMILIES: { description: "Familles" },
    YOUNG_CHILDREN: { description: "Jeunes enfants (moins de 6 ans)" },
    CHILDREN: { description: "Enfants (6–11 ans)" },
    YOUTH: { description: "Jeunes (11–17 ans)" },
    YOUNG_ADULTS: { description: "Jeunes adultes (18–25 ans)" },
    PARENTS: { description: "Parents" },
    SENIORS: { description: "Personnes âgées" },
    PEOPLE_WITH_DISABILITIES: { description: "Personnes en situation de handicap" },
    PEOPLE_IN_PRECARITY: { description: "Personnes en situation de précarité" },
    PROFESSIONALS: { description: "Professionnels (petite enfance, animation, travail social…)" },
    ALL_RESIDENTS: { description: "Tous les habitants" },
  },
});
