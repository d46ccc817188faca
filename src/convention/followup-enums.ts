import { registerEnumType } from "type-graphql";
import { describedBy } from "../common/labels";

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

/** French labels of PilotKind. */
export const PILOT_KIND_LABELS: Record<PilotKind, string> = {
  PERSON: "Personne (nom, fonction, structure)",
  SERVICE: "Service ou direction du porteur",
  ASSOCIATION: "Association partenaire",
};

/** French labels of BudgetKind. */
export const BUDGET_KIND_LABELS: Record<BudgetKind, string> = {
  INVESTMENT: "Investissement",
  OPERATING: "Fonctionnement",
};

/** French labels of BudgetUnit. */
export const BUDGET_UNIT_LABELS: Record<BudgetUnit, string> = {
  EUROS: "Euros",
  FTE: "Équivalents temps plein (ETP)",
};

/** French labels of FunderKind. */
export const FUNDER_KIND_LABELS: Record<FunderKind, string> = {
  CAF_SERVICE_PAYMENT: "CAF : prestation de service",
  CAF_BONUS_TERRITOIRE: "CAF : bonus territoire",
  CAF_PUBLIC_AND_TERRITORIES_FUND: "CAF : fonds publics et territoires",
  HOLDER: "Porteur de la CTG (EPCI ou commune)",
  COMMUNE: "Commune",
  DEPARTMENT_COUNCIL: "Conseil départemental",
  STATE: "État",
  MSA: "Mutualité sociale agricole",
  OTHER: "Autre financeur",
};

/** French labels of MeetingKind. */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  STEERING_COMMITTEE: "Comité de pilotage",
  TECHNICAL_COMMITTEE: "Comité technique",
};

/** French labels of EvaluationKind. */
export const EVALUATION_KIND_LABELS: Record<EvaluationKind, string> = {
  YEARLY: "Bilan annuel",
  FINAL: "Évaluation finale, avant renouvellement",
};

/** French labels of ObjectiveAchievement. */
export const OBJECTIVE_ACHIEVEMENT_LABELS: Record<ObjectiveAchievement, string> = {
  ACHIEVED: "Atteint",
  PARTLY_ACHIEVED: "Partiellement atteint",
  NOT_ACHIEVED: "Non atteint",
};

registerEnumType(PilotKind, {
  name: "PilotKind",
  description: "Nature d'un pilote d'action",
  valuesConfig: describedBy(PILOT_KIND_LABELS),
});
registerEnumType(BudgetKind, {
  name: "BudgetKind",
  description: "Nature d'une ligne budgétaire",
  valuesConfig: describedBy(BUDGET_KIND_LABELS),
});
registerEnumType(BudgetUnit, {
  name: "BudgetUnit",
  description: "Unité d'une ligne budgétaire",
  valuesConfig: describedBy(BUDGET_UNIT_LABELS),
});
registerEnumType(FunderKind, {
  name: "FunderKind",
  description: "Financeur d'une action",
  valuesConfig: describedBy(FUNDER_KIND_LABELS),
});
registerEnumType(MeetingKind, {
  name: "MeetingKind",
  description: "Instance de gouvernance d'une CTG",
  valuesConfig: describedBy(MEETING_KIND_LABELS),
});
registerEnumType(EvaluationKind, {
  name: "EvaluationKind",
  description: "Nature d'une évaluation de CTG",
  valuesConfig: describedBy(EVALUATION_KIND_LABELS),
});
registerEnumType(ObjectiveAchievement, {
  name: "ObjectiveAchievement",
  description: "Atteinte d'un objectif",
  valuesConfig: describedBy(OBJECTIVE_ACHIEVEMENT_LABELS),
});
