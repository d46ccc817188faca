/** Formats of the official identifiers, checked before any query runs. */
const DEPARTMENT_CODE = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8]|98[4-9])$/;
const COMMUNE_CODE = /^([0-9][0-9]|2A|2B)[0-9]{3}$/;
const SIREN = /^[0-9]{9}$/;

export const isDepartmentCode = (value: string): boolean => DEPARTMENT_CODE.test(value);
export const isCommuneCode = (value: string): boolean => COMMUNE_CODE.test(value);
export const isSiren = (value: string): boolean => SIREN.test(value);

export const CODE_FORMATS = {
  department: "un code de département INSEE (01…95, 2A, 2B, 971…978, 984…989)",
  commune: "un code commune INSEE de 5 caractères (ex. 52250, 2A004)",
  siren: "un numéro SIREN de 9 chiffres",
} as const;

/**
 * SQL: the current commune's code for a code as written (the placeholder `code`): the commune a former code leads to,
 * else the code itself. Former codes never hold a current commune's code (the import leaves those out). Typed `bpchar`
 * (unbounded: nothing is cut) so that comparisons with the `char(5)` code columns use their indexes.
 */
export function currentCommuneCodeSql(code: string): string {
  return `coalesce((SELECT f.commune_code FROM commune_former_code f WHERE f.code = (${code})::bpchar), (${code})::bpchar)`;
}
