import type { IsoDate } from "../common/date";
import { DatePrecision } from "../common/date-precision";
import type { RowReader } from "./columns";
import { datePrecisionReader } from "./vocabulary";

/** A date's precision: day when the file gives the date alone; refused without its date (the tables store both or neither). */
export function readPrecision(reader: RowReader, column: string, date: IsoDate | null): DatePrecision | null {
  const precision = reader.field(column, (raw) => datePrecisionReader.parse(raw));
  if (precision !== null && date === null) reader.report(column, "une précision suppose sa date");
  return date === null ? null : (precision ?? DatePrecision.DAY);
}

/**
 * The SET expression of a precision the file does not state: the stored one stays while its date is unchanged,
 * so a year-precise date ("2023") re-imported as 2023-01-01 keeps YEAR.
 */
export const keepPrecision = (date: string) => (current: string, incoming: string) =>
  `CASE WHEN ${current}.${date} IS NOT DISTINCT FROM ${incoming}.${date} THEN ${current}.${date}_precision ELSE ${incoming}.${date}_precision END`;
