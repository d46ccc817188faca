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
  ABANDONED = "ABANDONED",
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
    ABANDONED: { description: "Abandonnée" },
  },
});
