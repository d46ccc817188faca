import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

/** A calendar date as the database stores it: `YYYY-MM-DD`, no time, no time zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2023-02-30 is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Built once: constructing an Intl formatter costs more than a whole small request. */
const PARIS_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });

/** The last day computed, and until when (ms) it holds: each request asks, the answer changes once a day. */
let lastDay: { until: number; day: IsoDate } = { until: 0, day: "" };

/** Today in France (Europe/Paris), the day the CAF network reasons in. */
export function todayInFrance(now?: Date): IsoDate {
  if (now !== undefined) return PARIS_DAY.format(now);
  const time = Date.now();
  // Re-formatted at most once a second, so a new day shows within a second of midnight.
  if (time >= lastDay.until) lastDay = { until: time + 1000, day: PARIS_DAY.format(new Date(time)) };
  return lastDay.day;
}

function parseDate(value: unknown): IsoDate {
  if (!isIsoDate(value)) {
    throw new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<IsoDate, IsoDate>({
  name: "Date",
  description: "Date calendaire (YYYY-MM-DD), sans heure ni fuseau.",
  serialize: (value) => parseDate(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
