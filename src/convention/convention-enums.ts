import { registerEnumType } from "type-graphql";

/** Where a convention is in its life, as recorded by the CAF (the status on a date is derived). */
export enum ConventionStage {
  IN_PREPARATION = "IN_PREPARATION",
  SIGNED = "SIGNED",
  TERMINATED = "TERMINATED",
}

/** A convention's status on a given date, derived from its stage and period. */
export enum ConventionStatus {
  IN_PREPARATION = "IN_PREPARATION",
  UPCOMING = "UPCOMING",
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  TERMINATED = "TERMINATED",
  UNKNOWN = "UNKNOWN",
}

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

registerEnumType(ConventionStage, {
  name: "ConventionStage",
  description: "Étape du cycle de vie d'une CTG",
  valuesConfig: {
    IN_PREPARATION: { description: "En préparation (diagnostic, élaboration)" },
    SIGNED: { description: "Signée" },
    TERMINATED: { description: "Résiliée avant son terme" },
  },
});

registerEnumType(ConventionStatus, {
  name: "ConventionStatus",
  description: "Statut d'une CTG à une date donnée",
  valuesConfig: {
    IN_PREPARATION: { description: "En préparation" },
    UPCOMING: { description: "Signée, pas encore commencée" },
    ACTIVE: { description: "En vigueur" },
    EXPIRED: { description: "Échue" },
    TERMINATED: { description: "Résiliée" },
    UNKNOWN: {
      description: "Inconnu à cette date : CTG signée dont la signature et le début sont inconnus, avant sa première date connue "
        + "(premier jour de l'année ou du mois de sa fin, ou sa résiliation) ; jamais comptée en vigueur",
    },
  },
});

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
