import type { IsoDate } from "../common/date";
import { ConventionStage, ConventionStatus } from "./convention-enums";

export interface ConventionDates {
  stage: ConventionStage;
  signedOn: IsoDate | null;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  terminatedOn: IsoDate | null;
}

/**
 * A convention's status on a date. Bounds are inclusive; before its signature a convention is
 * still in preparation (a CTG signed in December covers nothing in June of that year); a
 * terminated convention was in force until its termination date. ISO dates compare as strings.
 */
export function conventionStatus(c: ConventionDates, asOf: IsoDate): ConventionStatus {
  if (c.stage === ConventionStage.IN_PREPARATION) return ConventionStatus.IN_PREPARATION;
  if (c.stage === ConventionStage.TERMINATED && (c.terminatedOn === null || c.terminatedOn <= asOf)) {
    return ConventionStatus.TERMINATED;
  }
  if (c.signedOn !== null && asOf < c.signedOn) return ConventionStatus.IN_PREPARATION;
  if (c.startsOn !== null && asOf < c.startsOn) return ConventionStatus.UPCOMING;
  if (c.endsOn !== null && asOf > c.endsOn) return ConventionStatus.EXPIRED;
  return ConventionStatus.ACTIVE;
}

/**
 * The same rule as SQL, for filters and aggregates: true when the convention aliased `c`
 * is ACTIVE on the date given as parameter `asOf` (e.g. "$1::date").
 */
export function activeOnSql(c: string, asOf: string): string {
  return `(${c}.stage <> 'IN_PREPARATION'
    AND (${c}.stage <> 'TERMINATED' OR coalesce(${c}.terminated_on > ${asOf}, false))
    AND (${c}.signed_on IS NULL OR ${c}.signed_on <= ${asOf})
    AND (${c}.starts_on IS NULL OR ${c}.starts_on <= ${asOf})
    AND (${c}.ends_on IS NULL OR ${c}.ends_on >= ${asOf}))`;
}

/** The status of the convention aliased `c` on the date `asOf`, as SQL text: the same rule as `conventionStatus`. */
export function statusSql(c: string, asOf: string): string {
  return `(CASE
    WHEN ${c}.stage = 'IN_PREPARATION' THEN 'IN_PREPARATION'
    WHEN ${c}.stage = 'TERMINATED' AND (${c}.terminated_on IS NULL OR ${c}.terminated_on <= ${asOf}) THEN 'TERMINATED'
    WHEN ${c}.signed_on IS NOT NULL AND ${asOf} < ${c}.signed_on THEN 'IN_PREPARATION'
    WHEN ${c}.starts_on IS NOT NULL AND ${asOf} < ${c}.starts_on THEN 'UPCOMING'
    WHEN ${c}.ends_on IS NOT NULL AND ${asOf} > ${c}.ends_on THEN 'EXPIRED'
    ELSE 'ACTIVE' END)`;
}
