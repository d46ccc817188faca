import type { PartnershipRole } from "../convention/partnership.entity";
import type { Theme } from "../common/theme";
import type {
  ActionPriority,
  ActionStatus,
  ConventionStage,
  HolderKind,
  SignatoryKind,
  SignatoryRole,
  TargetPublic,
} from "../convention/convention-enums";
import type { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import type {
  BudgetKind,
  BudgetUnit,
  EvaluationKind,
  FunderKind,
  MeetingKind,
  ObjectiveAchievement,
  PilotKind,
} from "../convention/followup-enums";

/** The synthetic plan's input (the geography) and output (rows pointing to each other by index). */

// ---------------------------------------------------------------------------------------------
// Input: the geography as the database has it
// ---------------------------------------------------------------------------------------------

export interface SyntheticDepartment {
  code: string;
  name: string;
  /** INSEE's type of name (TNCC), for "CAF de la Haute-Marne"; null when unknown. */
  typeLiaison: number | null;
}

export interface SyntheticCommune {
  code: string;
  name: string;
  departmentCode: string;
  population: number | null;
  intercommunalitySiren: string | null;
}

export interface SyntheticIntercommunality {
  siren: string;
  name: string;
}

/** Only the départements the CAF network covers (metropolitan and overseas départements). */
export interface SyntheticGeography {
  departments: readonly SyntheticDepartment[];
  communes: readonly SyntheticCommune[];
  intercommunalities: readonly SyntheticIntercommunality[];
}

export interface SyntheticOptions {
  seed: number;
  /** 1 = the national set; 0.1 = about a tenth of the territories (EPCI), drawn by the seed. */
  scale: number;
}

// ---------------------------------------------------------------------------------------------
// Output: planned rows
// ---------------------------------------------------------------------------------------------

type PartnershipRoleValue = `${PartnershipRole}`;

export interface PlannedScheme {
  departmentCode: string;
  title: string;
  startsOn: string;
  endsOn: string;
  signatoryBodies: string[];
}

export interface PlannedAxis {
  scheme: number;
  number: number;
  title: string;
  description: string;
  theme: Theme;
}

export interface PlannedConvention {
  reference: string;
  title: string;
  stage: ConventionStage;
  signedOn: string | null;
  startsOn: string;
  endsOn: string;
  terminatedOn: string | null;
  departmentCode: string;
  holderKind: HolderKind;
  holderCommuneCode: string | null;
  holderIntercommunalitySiren: string | null;
  themes: Theme[];
  bonusTerritoire: boolean;
  isRenewal: boolean;
  /** Index of the predecessor in `conventions` (always earlier in the array). */
  predecessor: number | null;
  /** True for the expired convention a renewal replaces. */
  isPredecessor: boolean;
  description: string;
  diagnosticConductedOn: string | null;
  diagnosticConductedBy: string | null;
  diagnosticFundedByCaf: boolean | null;
  diagnosticSummary: string | null;
}

export interface PlannedSignatory {
  convention: number;
  position: number;
  kind: SignatoryKind;
  role: SignatoryRole;
  name: string;
  communeCode: string | null;
  intercommunalitySiren: string | null;
  signedOn: string | null;
}

export interface PlannedCoverage {
  convention: number;
  communeCode: string;
}

export interface PlannedConventionAxis {
  convention: number;
  axis: number;
}

export interface PlannedObjective {
  convention: number;
  position: number;
  title: string;
  theme: Theme;
}

export interface PlannedAction {
  convention: number;
  objective: number | null;
  position: number;
  title: string;
  theme: Theme;
  status: ActionStatus;
  startsOn: string | null;
  endsOn: string | null;
  axis: number | null;
  progress: number | null;
  progressNote: string | null;
  budget: number | null;
  /** Drawn once the plan is known (plan.action-details.ts). */
  priority?: ActionPriority | null;
  targetPublics?: TargetPublic[];
}

export interface PlannedAssociation {
  name: string;
  departmentCode: string;
  communeCode: string;
  themes: Theme[];
  rna: string | null;
  siren: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  website: string | null;
}

export interface PlannedPartnership {
  association: number;
  convention: number | null;
  action: number | null;
  role: PartnershipRoleValue;
}

export interface PlannedFacility {
  kind: FacilityKind;
  name: string;
  communeCode: string;
  operatorKind: OperatorKind;
  operatorName: string;
  operatorCommuneCode: string | null;
  operatorIntercommunalitySiren: string | null;
  operatorAssociation: number | null;
  capacity: number | null;
}

export interface PlannedApproval {
  facility: number;
  kind: ApprovalKind;
  startsOn: string;
  endsOn: string;
  grantedBy: string;
}

export interface PlannedIndicator {
  indicator: "allocataires" | "children_under_3";
  year: number;
  communeCode: string;
  value: number;
}

// ---------------------------------------------------------------------------------------------
// Follow-up of the plans (see plan.followup.ts): rows point to actions, conventions and objectives by index
// ---------------------------------------------------------------------------------------------

export interface PlannedPilot {
  action: number;
  position: number;
  kind: PilotKind;
  name: string | null;
  role: string | null;
  organisation: string | null;
  association: number | null;
  contact: string | null;
}

export interface PlannedBudgetLine {
  action: number;
  /** Null: the whole period. */
  year: number | null;
  kind: BudgetKind;
  unit: BudgetUnit;
  planned: number;
  actual: number | null;
}

/** A funding of a budget line (found again by its action, kind, unit and year) or of the action as a whole. */
export interface PlannedFunding {
  action: number;
  line: { kind: BudgetKind; unit: BudgetUnit; year: number | null } | null;
  year: number | null;
  funder: FunderKind;
  communeCode: string | null;
  funderName: string | null;
  planned: number;
  actual: number | null;
}

export interface PlannedNote {
  action: number;
  notedOn: string;
  author: string;
  text: string;
  restricted: boolean;
}

/** One meeting per convention, date and kind (attendance finds it again by them). */
export interface PlannedMeeting {
  convention: number;
  heldOn: string;
  kind: MeetingKind;
  decisions: string | null;
  attendance: Array<{ organisationKind: SignatoryKind; organisation: string; attendees: number }>;
}

/** A yearly evaluation (one per convention and year) or the final one (one per convention), with its assessments. */
export interface PlannedEvaluation {
  convention: number;
  kind: EvaluationKind;
  year: number;
  evaluatedOn: string;
  summary: string;
  assessments: Array<{ objective: number; achievement: ObjectiveAchievement; comment: string | null }>;
}

/** A value of a plan indicator: about exactly one action, objective or convention. */
export interface PlannedPlanIndicator {
  indicator: string;
  year: number;
  action: number | null;
  objective: number | null;
  convention: number | null;
  baseline: number | null;
  target: number | null;
  value: number | null;
}

export interface FollowUpPlan {
  pilots: PlannedPilot[];
  budgetLines: PlannedBudgetLine[];
  fundings: PlannedFunding[];
  notes: PlannedNote[];
  meetings: PlannedMeeting[];
  evaluations: PlannedEvaluation[];
  planIndicators: PlannedPlanIndicator[];
}

export interface SyntheticPlan {
  seed: number;
  scale: number;
  /** Territories (EPCI, or communes outside any EPCI) drawn for this scale, out of how many. */
  territories: { selected: number; total: number };
  /** Holders that would have had a synthetic CTG but already have a real one (left to the real one). */
  skippedHolders: string[];
  schemes: PlannedScheme[];
  axes: PlannedAxis[];
  conventions: PlannedConvention[];
  signatories: PlannedSignatory[];
  coverage: PlannedCoverage[];
  conventionAxes: PlannedConventionAxis[];
  objectives: PlannedObjective[];
  actions: PlannedAction[];
  associations: PlannedAssociation[];
  partnerships: PlannedPartnership[];
  facilities: PlannedFacility[];
  approvals: PlannedApproval[];
  indicators: PlannedIndicator[];
  /** Pilots, money, journal, governance, evaluations and plan indicators of the conventions above. */
  followUp: FollowUpPlan;
}
