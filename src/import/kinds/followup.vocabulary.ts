import {
  BUDGET_KIND_LABELS,
  BUDGET_UNIT_LABELS,
  type BudgetKind,
  type BudgetUnit,
  FUNDER_KIND_LABELS,
  type FunderKind,
  MEETING_KIND_LABELS,
  type MeetingKind,
  PILOT_KIND_LABELS,
  type PilotKind,
} from "../../convention/followup-enums";
import { labelledReader } from "../vocabulary";

/**
 * The follow-up enumerations a file may name: the API's codes in any case, their French labels (as the plan workbook
 * writes them), or the French words of a comité de pilotage.
 */

export const budgetKindReader = labelledReader<BudgetKind>(BUDGET_KIND_LABELS, {
  INVESTMENT: ["investissement", "invest"],
  OPERATING: ["fonctionnement", "fonct"],
});

export const budgetUnitReader = labelledReader<BudgetUnit>(BUDGET_UNIT_LABELS, {
  EUROS: ["euro", "eur"],
  FTE: ["etp", "équivalent temps plein", "equivalents temps plein"],
});

export const funderKindReader = labelledReader<FunderKind>(FUNDER_KIND_LABELS, {
  CAF_SERVICE_PAYMENT: ["prestation de service", "caf ps", "ps"],
  CAF_BONUS_TERRITOIRE: ["bonus territoire", "caf bonus territoire"],
  CAF_PUBLIC_AND_TERRITORIES_FUND: ["fonds publics et territoires", "fpt", "caf fpt"],
  HOLDER: ["porteur"],
  COMMUNE: [],
  DEPARTMENT_COUNCIL: ["conseil départemental", "département"],
  STATE: ["état", "etat"],
  MSA: [],
  OTHER: ["autre"],
});

export const meetingKindReader = labelledReader<MeetingKind>(MEETING_KIND_LABELS, {
  STEERING_COMMITTEE: ["comité de pilotage", "copil"],
  TECHNICAL_COMMITTEE: ["comité technique", "cotech"],
});

export const pilotKindReader = labelledReader<PilotKind>(PILOT_KIND_LABELS, {
  PERSON: ["personne"],
  SERVICE: ["service"],
  ASSOCIATION: [],
});
