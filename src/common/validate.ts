import { BadUserInputError } from "./errors";
import { decodeGlobalId } from "./global-id";
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

/**
 * A row's number from a GraphQL ID: its `databaseId` ("12", a positive integer its `integer` column can hold) or
 * its global `id`, or BAD_USER_INPUT naming the argument. The type is required: a global id of another type
 * (an Action's for an Objective) is refused, never read as the number of a row it does not name.
 */
export function parseId(value: string | number, argument: string, typeName: string): number {
  const global = typeof value === "string" && !/^[0-9]+$/.test(value) ? decodeGlobalId(value) : null;
  if (global && global.typeName !== typeName) {
    throw new BadUserInputError(
      `Argument "${argument}" : attendu l'identifiant d'un objet ${typeName}, reçu celui d'un objet ${global.typeName}`,
      argument,
    );
  }
  const digits = global ? global.key : value;
  const id = typeof digits === "number" || /^[0-9]{1,10}$/.test(digits) ? Number(digits) : Number.NaN;
  requireFormat(Number.isSafeInteger(id) && id > 0 && id <= INT4_MAX, argument, "un identifiant (databaseId ou id global)", value);
  return id;
}
