import type { DatePrecision } from "../common/date-precision";
import type { IsoDate } from "../common/date";
import type { Theme } from "../common/theme";
import type { ActionStatus, ConventionStage, HolderKind, SignatoryKind, SignatoryRole } from "../convention/convention-enums";
import type { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import type { SourceKind } from "../provenance/source.entity";

/**
 * The shape of the bundled reference cases: real conventions and facilities as published by
 * the local press. The types only admit what the tables accept (a date always comes with its
 * precision, a commune signatory always has its INSEE code), so a mistake in the data is a
 * compile error rather than a constraint violation at load time.
 */

/** A date as far as the source gives it: 2023 alone is stored as 2023-01-01 (or 2023-12-31) with precision YEAR. */
export interface PreciseDate {
  date: IsoDate;
  precision: DatePrecision;
}

/** The published article a case comes from. There is no URL: none is known, and none is made up. */
export interface ReferenceSource {
  /** Stable code, `reference:<territory>`: the loader upserts sources by it. */
  code: string;
  kind: SourceKind.REFERENCE;
  title: string;
  /** "Presse locale (…), <what/when>": an honest description of where the facts were read. */
  citation: string;
}

/** The territory that holds the convention; its communes are the ones the convention covers. */
export type ReferenceHolder =
  | { kind: HolderKind.COMMUNE; communeCode: string }
  | { kind: HolderKind.INTERCOMMUNALITY; intercommunalitySiren: string };

interface SignatoryCommon {
  role: SignatoryRole;
  /** The name as the convention writes it (ex. "CAF de la Haute-Marne"). */
  name: string;
  /** Null when the source does not give the day (or the convention is not signed yet). */
  signedOn: IsoDate | null;
}

/** A signatory, in the convention's order; associations are absent because none is named in the sources. */
export type ReferenceSignatory = SignatoryCommon &
  (
    | { kind: SignatoryKind.COMMUNE; communeCode: string }
    | { kind: SignatoryKind.INTERCOMMUNALITY; intercommunalitySiren: string }
    | {
        kind: SignatoryKind.CAF | SignatoryKind.DEPARTMENT_COUNCIL | SignatoryKind.MSA | SignatoryKind.STATE | SignatoryKind.OTHER;
      }
  );

/** A strategic objective; its position is its rank in the list (1, 2, …). */
export interface ReferenceObjective {
  title: string;
  description: string | null;
}

/** An action of the plan; its position is its rank in the list (1, 2, …). */
export interface ReferenceAction {
  title: string;
  /** Says so when the theme is inferred rather than stated by the source. */
  description: string | null;
  theme: Theme;
  status: ActionStatus;
  /** Rank of the objective the action serves, or null when the source does not link them. */
  objectivePosition: number | null;
}

/** The shared diagnostic; every field the source does not give is null. */
export interface ReferenceDiagnostic {
  conductedOn: PreciseDate | null;
  conductedBy: string | null;
  fundedByCaf: boolean | null;
  summary: string | null;
}

/** A CTG as published. Covered communes are not listed: the loader derives them from the holder. */
export interface ReferenceConvention {
  /** `CTG-<département>-<start year>-<holder code>`; the loader upserts by it. */
  reference: string;
  title: string;
  stage: ConventionStage;
  signedOn: IsoDate | null;
  startsOn: PreciseDate | null;
  endsOn: PreciseDate | null;
  /** Département of the signing CAF. */
  departmentCode: string;
  holder: ReferenceHolder;
  themes: Theme[];
  bonusTerritoire: boolean;
  /** True when the source says it follows an earlier CTG (which is not recorded); false when it says nothing. */
  isRenewal: boolean;
  diagnostic: ReferenceDiagnostic;
  description: string | null;
  signatories: ReferenceSignatory[];
  objectives: ReferenceObjective[];
  actions: ReferenceAction[];
}

/** A territory an indicator is about: one commune or one EPCI, never both (as the table checks). */
export type IndicatorTerritory = { communeCode: string } | { intercommunalitySiren: string };

/** A figure the source quotes, stored as a indicator_value row. */
export interface ReferenceIndicator {
  /** Indicator code (see INDICATORS in src/indicator/indicator-catalogue.ts). */
  indicator: string;
  territory: IndicatorTerritory;
  year: number;
  value: number;
  /** When and how the figure was given. */
  note: string | null;
}

/** An approval of a facility for a period (ex. a social centre's projet social). */
export interface ReferenceApproval {
  kind: ApprovalKind;
  startsOn: PreciseDate | null;
  endsOn: PreciseDate | null;
  grantedBy: string | null;
  description: string | null;
}

/** The operator of a facility, when the source names it. */
export type ReferenceOperator =
  | { kind: OperatorKind.COMMUNE; communeCode: string; name: string | null }
  | { kind: OperatorKind.INTERCOMMUNALITY; intercommunalitySiren: string; name: string | null }
  | { kind: OperatorKind.OTHER; name: string | null };

/** A facility, identified by (kind, name, commune) since the table has no other natural key. */
export interface ReferenceFacility {
  kind: FacilityKind;
  name: string;
  communeCode: string;
  operator: ReferenceOperator | null;
  capacity: number | null;
  description: string | null;
  approvals: ReferenceApproval[];
}

/** One published case: its source and every fact read in it. */
export interface ReferenceCase {
  source: ReferenceSource;
  conventions: ReferenceConvention[];
  indicators: ReferenceIndicator[];
  facilities: ReferenceFacility[];
}
