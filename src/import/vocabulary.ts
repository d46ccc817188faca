import type { EntityManager } from "typeorm";
import { canWriteDepartment, type Viewer } from "../auth/viewer";
import { Theme, THEME_LABELS } from "../common/theme";
import { ActionStatus, ConventionStage, HolderKind } from "../convention/convention-enums";
import { FacilityKind, OperatorKind } from "../facility/facility-enums";
import { EnumReader, parseList, type Parsed, type RawValue } from "./fields";
import type { ProblemList } from "./problems";

/**
 * The enumerations a file may name: the API's codes in any case (`signed`, `EARLY_CHILDHOOD`) and the
 * French words an analyst would type (`signée`, `Petite enfance`).
 */
const THEMES = Object.values(Theme);

export const themeReader = new EnumReader<Theme>(
  THEMES,
  Object.fromEntries(THEMES.map((theme) => [theme, [THEME_LABELS[theme]]])) as Record<Theme, string[]>,
  "code",
);

/** Themes in the enumeration's order, without repeats: the same set always reads the same, so a re-import compares equal. */
export function parseThemes(raw: RawValue): Parsed<Theme[]> {
  const parsed = parseList(raw, (item) => themeReader.parse(item));
  if (!parsed.ok) return parsed;
  return { ok: true, value: THEMES.filter((theme) => parsed.value.includes(theme)) };
}

export const stageReader = new EnumReader<ConventionStage>(Object.values(ConventionStage), {
  IN_PREPARATION: ["en préparation", "preparation"],
  SIGNED: ["signée", "signee"],
  TERMINATED: ["résiliée", "resiliee"],
});

export const holderKindReader = new EnumReader<HolderKind>(Object.values(HolderKind), {
  COMMUNE: [],
  INTERCOMMUNALITY: ["epci", "intercommunalité"],
});

export const actionStatusReader = new EnumReader<ActionStatus>(Object.values(ActionStatus), {
  PLANNED: ["prévue", "prevue"],
  UNDER_STUDY: ["à l'étude", "a l etude"],
  IN_PROGRESS: ["en cours"],
  DONE: ["réalisée", "terminée"],
  ABANDONED: ["abandonnée"],
});

export const facilityKindReader = new EnumReader<FacilityKind>(Object.values(FacilityKind), {
  SOCIAL_CENTRE: ["centre social", "CS"],
  SOCIAL_LIFE_SPACE: ["espace de vie sociale", "EVS"],
  FIRST_1000_DAYS_HOUSE: ["maison des 1000 premiers jours"],
  OTHER: ["autre"],
}, "code");

export const operatorKindReader = new EnumReader<OperatorKind>(Object.values(OperatorKind), {
  INTERCOMMUNALITY: ["epci", "intercommunalité"],
  OTHER: ["autre"],
});

/** Title lengths the API's inputs enforce (CreateConventionInput, CreateActionInput, SdsfAxisInput…). */
export const TITLE_LENGTH = { min: 3, max: 300 } as const;
/** Name lengths of CreateAssociationInput and CreateFacilityInput. */
export const NAME_LENGTH = { min: 2, max: 300 } as const;
/** Convention references, as the `convention_reference_format` CHECK and CreateConventionInput. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/;
export const REFERENCE_EXPECTED = "3 à 60 caractères : lettres, chiffres, . _ / - (ex. CTG-52-2023-200044253)";
/** Phone numbers, as CreateAssociationInput. */
export const PHONE_PATTERN = /^[+0-9 .()-]{6,20}$/;
/** Indicator codes, as the `territory_indicator_code_format` CHECK. */
export const INDICATOR_PATTERN = /^[a-z][a-z0-9_]{0,49}$/;

/** The write rule of the API (canWriteDepartment), as a problem on the row instead of a refusal of the whole request. */
export function requireWritable(viewer: Viewer, department: string, line: number, column: string, problems: ProblemList, value?: string): void {
  if (!canWriteDepartment(viewer, department)) {
    problems.add(line, column, value ?? department, `écriture refusée : département ${department} hors de vos droits`);
  }
}

/** Distinct non-null values, for one set-based lookup. */
export function distinct(values: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];
}

/** Communes among `codes` that exist, with their département. One query whatever the number of rows. */
export async function knownCommunes(tx: EntityManager, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows: Array<{ code: string; department_code: string }> = await tx.query(
    `SELECT code, department_code FROM commune WHERE code = ANY($1)`, [codes],
  );
  return new Map(rows.map((r) => [r.code, r.department_code]));
}

/** EPCI among `sirens` that exist, with the départements of their member communes. */
export async function knownIntercommunalities(tx: EntityManager, sirens: readonly string[]): Promise<Map<string, string[]>> {
  if (sirens.length === 0) return new Map();
  const rows: Array<{ siren: string; departments: Array<string | null> }> = await tx.query(
    `SELECT i.siren, array_agg(DISTINCT c.department_code) AS departments
     FROM intercommunality i LEFT JOIN commune c ON c.intercommunality_siren = i.siren
     WHERE i.siren = ANY($1) GROUP BY i.siren`,
    [sirens],
  );
  return new Map(rows.map((r) => [r.siren, r.departments.filter((d): d is string => d !== null)]));
}

export async function knownDepartments(tx: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows: Array<{ code: string }> = await tx.query(`SELECT code FROM department WHERE code = ANY($1)`, [codes]);
  return new Set(rows.map((r) => r.code));
}
