import { registerEnumType } from "type-graphql";

/** Who pilots an action: a named person, a service of the holder, or a partner association. */
export enum PilotKind {
  PERSON = "PERSON",
  SERVICE = "SERVICE",
  ASSOCIATION = "ASSOCIATION",
}

/** Territoires en Transitions' budget types: investissement, fonctionnement. */
export enum BudgetKind {
  INVESTMENT = "INVESTMENT",
  OPERATING = "OPERATING",
}

/** Territoires en Transitions' units: euros (HT) or full-time equivalents (ETP). */
export enum BudgetUnit {
  EUROS = "EUROS",
  FTE = "FTE",
}

/** Who funds an action: the CAF through one of its three channels, or another partner of the CTG. */
export enum FunderKind {
  CAF_SERVICE_PAYMENT = "CAF_SERVICE_PAYMENT",
  CAF_BONUS_TERRITOIRE = "CAF_BONUS_TERRITOIRE",
  CAF_PUBLIC_AND_TERRITORIES_FUND = "CAF_PUBLIC_AND_TERRITORIES_FUND",
  HOLDER = "HOLDER",
  COMMUNE = "COMMUNE",
  DEPARTMENT_COUNCIL = "DEPARTMENT_COUNCIL",
  STATE = "STATE",
  MSA = "MSA",
  OTHER = "OTHER",
}

/** The two governance bodies of a CTG. */
export enum MeetingKind {
  STEERING_COMMITTEE = "STEERING_COMMITTEE",
  TECHNICAL_COMMITTEE = "TECHNICAL_COMMITTEE",
}

/** A convention's evaluation: yearly (comité de pilotage) or final (before renewal). */
export enum EvaluationKind {
  YEARLY = "YEARLY",
  FINAL = "FINAL",
}

/** How far an objective was reached, as an evaluation assesses it. */
export enum ObjectiveAchievement {
  ACHIEVED = "ACHIEVED",
  PARTLY_ACHIEVED = "PARTLY_ACHIEVED",
  NOT_ACHIEVED = "NOT_ACHIEVED",
}

registerEnumType(PilotKind, {
  name: "PilotKind",
  description: "Nature d'un pilote d'action",
  valuesConfig: {
    PERSON: { description: "Personne (nom, fonction, structure)" },
    SERVICE: { description: "Service ou direction du porteur" },
    ASSOCIATION: { description: "Association partenaire" },
  },
});
registerEnumType(BudgetKind, {
  name: "BudgetKind",
  description: "Nature d'une ligne budgétaire",
  valuesConfig: { INVESTMENT: { description: "Investissement" }, OPERATING: { description: "Fonctionnement" } },
});
registerEnumType(BudgetUnit, {
  name: "BudgetUnit",
  description: "Unité d'une ligne budgétaire",
  valuesConfig: { EUROS: { description: "Euros" }, FTE: { description: "Équivalents temps plein (ETP)" } },
});
registerEnumType(FunderKind, {
  name: "FunderKind",
  description: "Financeur d'une action",
  valuesConfig: {
    CAF_SERVICE_PAYMENT: { description: "CAF : prestation de service" },
    CAF_BONUS_TERRITOIRE: { description: "CAF : bonus territoire" },
    CAF_PUBLIC_AND_TERRITORIES_FUND: { description: "CAF : fonds publics et territoires" },
    HOLDER: { description: "Porteur de la CTG (EPCI ou commune)" },
    COMMUNE: { description: "Commune" },
    DEPARTMENT_COUNCIL: { description: "Conseil départemental" },
    STATE: { description: "État" },
    MSA: { description: "Mutualité sociale agricole" },
    OTHER: { description: "Autre financeur" },
  },
});
registerEnumType(MeetingKind, {
  name: "MeetingKind",
  description: "Instance de gouvernance d'une CTG",
  valuesConfig: {
    STEERING_COMMITTEE: { description: "Comité de pilotage" },
    TECHNICAL_COMMITTEE: { description: "Comité technique" },
  },
});
registerEnumType(EvaluationKind, {
  name: "EvaluationKind",
  description: "Nature d'une évaluation de CTG",
  valuesConfig: {
    YEARLY: { description: "Bilan annuel" },
    FINAL: { description: "Évaluation finale, avant renouvellement" },
  },
});
registerEnumType(ObjectiveAchievement, {
  name: "ObjectiveAchievement",
  description: "Atteinte d'un objectif",
  valuesConfig: {
    ACHIEVED: { description: "Atteint" },
    PARTLY_ACHIEVED: { description: "Partiellement atteint" },
    NOT_ACHIEVED: { description: "Non atteint" },
  },
});
