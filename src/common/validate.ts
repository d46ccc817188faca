import { BadUserInputError } from "../graphql/errors";
import { CODE_FORMATS, isCommuneCode, isDepartmentCode, isSiren } from "./codes";
import { INT4_MAX } from "./field-rules";

/** Refuses an argument that is not of the expected form, naming the argument and the form. */
export function requireFormat(valid: boolean, argument: string, expected: string, value: unknown): void {
  if (!valid) throw new BadUserInputError(`Argument "${argument}" : attendu ${expected}, reçu ${JSON.stringify(value)}`, argument);
}

export function checkDepartmentCode(value: string | null | undefined, argument: string): void {
  if (value != null) requireFormat(isDepartmentCode(value), argument, CODE_FORMATS.department, value);
}

export function checkCommuneCode(value: string | null | undefined, argument: string): void {
  if (value != null) requireFormat(isCommuneCode(value), argument, CODE_FORMATS.commune, value);
}

export function checkSiren(value: string | null | undefined, argument: string): void {
  if (value != null) requireFormat(isSiren(value), argument, CODE_FORMATS.siren, value);
}

export function checkRange(min: number | null | undefined, max: number | null | undefined, argument: string): void {
  if (min != null && max != null && min > max) {
    throw new BadUserInputError(`Argument "${argument}" : le minimum (${min}) dépasse le maximum (${max})`, argument);
  }
}

/** A GraphQL ID of a row (a positive integer its `integer` column can hold), or BAD_USER_INPUT naming the argument. */
export function parseId(value: string | number, argument: string): number {
  const id = typeof value === "number" || /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
  requireFormat(Number.isSafeInteger(id) && id > 0 && id <= INT4_MAX, argument, "un identifiant numérique", value);
  return id;
}
