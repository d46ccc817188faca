import type { IsoDate } from "../common/date";
import type { ActionPriority, ActionStatus, ConventionStatus, SignatoryRole } from "../convention/convention-enums";
import type { FunderKind, MeetingKind } from "../convention/followup-enums";

/**
 * The bilan a comité de pilotage receives for a year: plain data gathered by bilan.service.ts (aggregates computed
 * in the database), then written as PDF, DOCX or XLSX by the renderers. Money is null where the caller may not read it.
 */
export interface Bilan {
  /** "CTG-52-2023-200044253" or "Département 52". */
  subject: string;
  year: number;
  /** Lateness and statuses are observed on this day: 31 December of the year, or today for the current year. */
  asOf: IsoDate;
  generatedOn: IsoDate;
  conventions: ConventionBilan[];
  /** The département's coverage, year by year up to the bilan's year (same figures as `coverageHistory`). */
  coverageHistory: CoveragePoint[];
  departmentCode: string;
}

export interface CoveragePoint {
  date: IsoDate;
  coveredPopulationShare: number;
  coveredPopulation: number;
  population: number;
}

export interface ConventionBilan {
  id: number;
  reference: string;
  title: string;
  status: ConventionStatus;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  signedOn: IsoDate | null;
  holderName: string;
  signatories: Array<{ name: string; role: SignatoryRole }>;
  coveredCommuneCount: number;
  coveredPopulation: number;
  /** Coverage of the holder EPCI (its communes of the département) by every CTG in force on `asOf`; null for a commune holder. */
  territoryCoverage: { name: string; coveredPopulationShare: number; coveredCommuneCount: number; communeCount: number } | null;
  objectives: ProgressGroup[];
  sdsfAxes: ProgressGroup[];
  /** Late ones first (most days late first), then by rank. */
  actions: BilanAction[];
  /** Planned against actual by funder and year (null year: the whole period), then the total (funder and year null). */
  money: MoneyRow[] | null;
  /** Whether `money` holds only the caller's own actions (a partner's pack). */
  moneyPartial: boolean;
  indicators: BilanIndicator[];
  notes: BilanNote[];
  meetings: BilanMeeting[];
}

/** Actions of an objective or an SDSF axis: how many, how many done, late, and their mean progress. */
export interface ProgressGroup {
  label: string;
  actions: number;
  done: number;
  late: number;
  /** Mean of the progress given (0–100), null when none is. */
  progress: number | null;
}

export interface BilanAction {
  position: number;
  title: string;
  status: ActionStatus;
  priority: ActionPriority | null;
  endsOn: IsoDate | null;
  late: boolean;
  daysLate: number;
  progress: number | null;
  pilots: string[];
}

export interface MoneyRow {
  funder: FunderKind | null;
  year: number | null;
  /** Null: nothing recorded (the API's `plannedEuros` and `actualEuros` say the same). */
  planned: number | null;
  actual: number | null;
}

export interface BilanIndicator {
  label: string;
  unit: string;
  /** What the value is attached to: the convention, an objective's or an action's title. */
  scope: string;
  points: Array<{ year: number; baseline: number | null; target: number | null; result: number | null }>;
}

export interface BilanNote {
  notedOn: IsoDate;
  action: string;
  author: string | null;
  text: string;
}

export interface BilanMeeting {
  heldOn: IsoDate;
  kind: MeetingKind;
  attendees: number;
  organisations: string[];
  decisions: string | null;
}
