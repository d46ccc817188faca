import type { IsoDate } from "../common/date";
import { ActionStatus } from "./convention-enums";

/**
 * When an action is late, written once here in TypeScript and as its SQL twin (the `late` and `daysLate`
 * fields, the `late` filter, the figures): its end date has passed on the observation date and it is
 * neither done nor abandoned (Territoires en Transitions' `isFicheOnTime`, packages/domain/src/plans/
 * fiches/utils/fiche.rules.ts). The end date is inclusive: an action ending on 30 June is on time that
 * day and one day late on 1 July (TeT compares the clock with the end date's midnight, so its fiche is late
 * during its last day). An action without an end date is never late; a paused or blocked one can be.
 */
export interface ActionSchedule {
  status: ActionStatus;
  endsOn: IsoDate | null;
}

/** Statuses that end an action: it can no longer be late. */
export const CLOSED_STATUSES: readonly ActionStatus[] = [ActionStatus.DONE, ActionStatus.ABANDONED];

export function isLate(action: ActionSchedule, asOf: IsoDate): boolean {
  return action.endsOn !== null && !CLOSED_STATUSES.includes(action.status) && asOf > action.endsOn;
}

/** Days since the end date of a late action (1 the day after it), 0 when it is not late. */
export function daysLate(action: ActionSchedule, asOf: IsoDate): number {
  if (!isLate(action, asOf) || action.endsOn === null) return 0;
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${action.endsOn}T00:00:00Z`)) / 86_400_000);
}

const closedSql = CLOSED_STATUSES.map((status) => `'${status}'`).join(", ");

/** `isLate` as SQL for the action aliased `a` on the date `asOf` (an SQL date expression, e.g. "$1::date"). */
export function lateSql(a: string, asOf: string): string {
  return `(${a}.ends_on IS NOT NULL AND ${a}.status NOT IN (${closedSql}) AND ${asOf} > ${a}.ends_on)`;
}

/** `daysLate` as SQL: a date minus a date is a whole number of days in PostgreSQL. */
export function daysLateSql(a: string, asOf: string): string {
  return `(CASE WHEN ${lateSql(a, asOf)} THEN ${asOf} - ${a}.ends_on ELSE 0 END)`;
}
