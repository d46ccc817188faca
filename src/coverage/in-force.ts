import { DatePrecision } from "../common/date-precision";
import type { IsoDate } from "../common/date";
import { ConventionStage, ConventionStatus } from "./statuses";

export interface ConventionDates {
  stage: ConventionStage;
  signedOn: IsoDate | null;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  endsOnPrecision: DatePrecision | null;
  terminatedOn: IsoDate | null;
}

/** The first day of the year or month a date stands for when only that is known (the day itself otherwise). */
function firstDayOf(date: IsoDate, precision: DatePrecision | null): IsoDate {
  if (precision === DatePrecision.YEAR) return `${date.slice(0, 4)}-01-01`;
  if (precision === DatePrecision.MONTH) return `${date.slice(0, 7)}-01`;
  return date;
}

const latest = (dates: Array<IsoDate | null>): IsoDate | null =>
  dates.reduce<IsoDate | null>((a, b) => (a === null ? b : b === null || b < a ? a : b), null);
const earliest = (dates: Array<IsoDate | null>): IsoDate | null =>
  dates.reduce<IsoDate | null>((a, b) => (a === null ? b : b === null || b > a ? a : b), null);

/**
 * The first day a convention may count as in force: the later of its signature and its start when either is
 * known. When both are unknown (Canet-en-Roussillon: "until 2026"), its first known date: the first day of the
 * year (or month) its end is known to, or its termination, whichever comes first. Null when nothing dates it:
 * such a convention never counts as in force.
 */
export function inForceFrom(c: ConventionDates): IsoDate | null {
  if (c.signedOn !== null || c.startsOn !== null) return latest([c.signedOn, c.startsOn]);
  return earliest([c.endsOn === null ? null : firstDayOf(c.endsOn, c.endsOnPrecision), c.terminatedOn]);
}

/**
 * A convention's status on a date. Bounds are inclusive; before its signature a convention is
 * still in preparation (a CTG signed in December covers nothing in June of that year); a
 * terminated convention was in force until its termination date. A signed convention whose
 * signature and start are both unknown is UNKNOWN before its first known date (`inForceFrom`),
 * never ACTIVE. ISO dates compare as strings.
 */
export function conventionStatus(c: ConventionDates, asOf: IsoDate): ConventionStatus {
  if (c.stage === ConventionStage.IN_PREPARATION) return ConventionStatus.IN_PREPARATION;
  if (c.stage === ConventionStage.TERMINATED && (c.terminatedOn === null || c.terminatedOn <= asOf)) {
    return ConventionStatus.TERMINATED;
  }
  if (c.signedOn !== null && asOf < c.signedOn) return ConventionStatus.IN_PREPARATION;
  if (c.startsOn !== null && asOf < c.startsOn) return ConventionStatus.UPCOMING;
  const from = inForceFrom(c);
  if (from === null || asOf < from) return ConventionStatus.UNKNOWN;
  if (c.endsOn !== null && asOf > c.endsOn) return ConventionStatus.EXPIRED;
  return ConventionStatus.ACTIVE;
}

/** `inForceFrom` as SQL for the convention aliased `c` (NULL when nothing dates it). */
export function inForceFromSql(c: string): string {
  return `coalesce(greatest(${c}.signed_on, ${c}.starts_on), least(
      CASE ${c}.ends_on_precision WHEN 'YEAR' THEN date_trunc('year', ${c}.ends_on)::date
        WHEN 'MONTH' THEN date_trunc('month', ${c}.ends_on)::date ELSE ${c}.ends_on END,
      ${c}.terminated_on))`;
}

/**
 * The same rule as SQL, for filters and aggregates: true when the convention aliased `c`
 * is ACTIVE on the date given as parameter `asOf` (e.g. "$1::date").
 */
export function activeOnSql(c: string, asOf: string): string {
  return `(${c}.stage <> 'IN_PREPARATION'
    AND (${c}.stage <> 'TERMINATED' OR coalesce(${c}.terminated_on > ${asOf}, false))
    AND coalesce(${inForceFromSql(c)} <= ${asOf}, false)
    AND (${c}.ends_on IS NULL OR ${c}.ends_on >= ${asOf}))`;
}

/** The status of the convention aliased `c` on the date `asOf`, as SQL text: the same rule as `conventionStatus`. */
export function statusSql(c: string, asOf: string): string {
  return `(CASE
    WHEN ${c}.stage = 'IN_PREPARATION' THEN 'IN_PREPARATION'
    WHEN ${c}.stage = 'TERMINATED' AND (${c}.terminated_on IS NULL OR ${c}.terminated_on <= ${asOf}) THEN 'TERMINATED'
    WHEN ${c}.signed_on IS NOT NULL AND ${asOf} < ${c}.signed_on THEN 'IN_PREPARATION'
    WHEN ${c}.starts_on IS NOT NULL AND ${asOf} < ${c}.starts_on THEN 'UPCOMING'
    WHEN coalesce(${asOf} < ${inForceFromSql(c)}, true) THEN 'UNKNOWN'
    WHEN ${c}.ends_on IS NOT NULL AND ${asOf} > ${c}.ends_on THEN 'EXPIRED'
    ELSE 'ACTIVE' END)`;
}

/**
 * SQL: the figures about the convention aliased `c` rest on imprecise dates — its signature, start or end is
 * unknown or known only to the month or year, or it was terminated on an unknown date. (A precision is null
 * exactly when its date is.)
 */
export function impreciseDatesSql(c: string): string {
  return `(${c}.signed_on IS NULL OR ${c}.starts_on_precision IS DISTINCT FROM 'DAY' OR ${c}.ends_on_precision IS DISTINCT FROM 'DAY'
    OR (${c}.stage = 'TERMINATED' AND ${c}.terminated_on IS NULL))`;
}
