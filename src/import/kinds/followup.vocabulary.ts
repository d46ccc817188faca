import { BudgetKind, BudgetUnit, FunderKind, MeetingKind, PilotKind } from "../../convention/followup-enums";
import { EnumReader } from "../fields";

/** The follow-up enumerations a file may name: the API's codes in any case, or the French words of a comité de pilotage. */

export const budgetKindReader = new EnumReader<BudgetKind>(Object.values(BudgetKind), {
  INVESTMENT: ["investissement", "invest"],
  OPERATING: ["fonctionnement", "fonct"],
});

export const budgetUnitReader = new EnumReader<BudgetUnit>(Object.values(BudgetUnit), {
  EUROS: ["euro", "eur"],
  FTE: ["etp", "équivalent temps plein", "equivalents temps plein"],
});

export const funderKindReader = new EnumReader<FunderKind>(Object.values(FunderKind), {
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

export const meetingKindReader = new EnumReader<MeetingKind>(Object.values(MeetingKind), {
  STEERING_COMMITTEE: ["comité de pilotage", "copil"],
  TECHNICAL_COMMITTEE: ["comité technique", "cotech"],
});

export const pilotKindReader = new EnumReader<PilotKind>(Object.values(PilotKind), {
  PERSON: ["personne"],
  SERVICE: ["service"],
  ASSOCIATION: [],
});
