import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import { checkWriteScopes, type Places, type ScopedWrite } from "../auth/write-scope";
import { DatePrecision } from "../common/date-precision";
import { Theme, THEME_LABELS } from "../common/theme";
import {
  ACTION_PRIORITY_LABELS,
  type ActionPriority,
  ActionStatus,
  canonicalTargetPublics,
  ConventionStage,
  HolderKind,
  SignatoryKind,
  SignatoryRole,
  TARGET_PUBLIC_LABELS,
  type TargetPublic,
} from "../convention/convention-enums";
import { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import { EnumReader, parseList, type Parsed, type RawValue } from "./fields";
import type { Located } from "./kind";
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

/** How much of a date the source gives: a year alone is written as its first (or last) day with precision year. */
export const datePrecisionReader = new EnumReader<DatePrecision>(Object.values(DatePrecision), {
  DAY: ["jour"],
  MONTH: ["mois"],
  YEAR: ["année", "annee", "an"],
});

export const signatoryKindReader = new EnumReader<SignatoryKind>(Object.values(SignatoryKind), {
  INTERCOMMUNALITY: ["epci", "intercommunalité"],
  DEPARTMENT_COUNCIL: ["conseil départemental", "département"],
  STATE: ["état", "etat"],
  OTHER: ["autre"],
});

export const signatoryRoleReader = new EnumReader<SignatoryRole>(Object.values(SignatoryRole), {
  HOLDER: ["porteur"],
  CO_SIGNATORY: ["cosignataire", "co-signataire"],
});

export const actionStatusReader = new EnumReader<ActionStatus>(Object.values(ActionStatus), {
  PLANNED: ["prévue", "prevue"],
  UNDER_STUDY: ["à l'étude", "a l etude"],
  IN_PROGRESS: ["en cours"],
  DONE: ["réalisée", "terminée"],
  PAUSED: ["en pause", "suspendue"],
  BLOCKED: ["bloquée", "bloquee"],
  ABANDONED: ["abandonnée"],
});

/** An enumeration read by its codes and by its French labels (those the schema describes it with, and a workbook shows). */
export function labelledReader<E extends string>(labels: Readonly<Record<E, string>>, aliases: Partial<Record<E, readonly string[]>> = {}) {
  const values = Object.keys(labels) as E[];
  return new EnumReader<E>(values, Object.fromEntries(values.map((v) => [v, [labels[v], ...(aliases[v] ?? [])]])) as Record<E, string[]>);
}

export const actionPriorityReader = labelledReader<ActionPriority>(ACTION_PRIORITY_LABELS, { HIGH: ["haute"] });
export const targetPublicReader = labelledReader<TargetPublic>(TARGET_PUBLIC_LABELS);

/** Target publics in the enumeration's order, without repeats (a re-import compares equal). */
export function parseTargetPublics(raw: RawValue): Parsed<TargetPublic[]> {
  const parsed = parseList(raw, (item) => targetPublicReader.parse(item));
  if (!parsed.ok) return parsed;
  return { ok: true, value: canonicalTargetPublics(parsed.value) };
}

export const facilityKindReader = new EnumReader<FacilityKind>(
  Object.values(FacilityKind),
  {
    SOCIAL_CENTRE: ["centre social", "CS"],
    SOCIAL_LIFE_SPACE: ["espace de vie sociale", "EVS"],
    FIRST_1000_DAYS_HOUSE: ["maison des 1000 premiers jours"],
    OTHER: ["autre"],
  },
  "code",
);

export const approvalKindReader = new EnumReader<ApprovalKind>(Object.values(ApprovalKind), {
  SOCIAL_CENTRE_PROJECT: ["projet social"],
  FAMILY_PROJECT: ["projet famille"],
  SOCIAL_LIFE_SPACE_PROJECT: ["projet evs", "projet d'espace de vie sociale"],
  OPERATING_AUTHORISATION: ["autorisation de fonctionnement", "agrément de fonctionnement"],
  OTHER: ["autre"],
});

export const operatorKindReader = new EnumReader<OperatorKind>(Object.values(OperatorKind), {
  INTERCOMMUNALITY: ["epci", "intercommunalité"],
  OTHER: ["autre"],
});

/**
 * The write scope (src/auth/write-scope.ts) of every row, decided in one pass: one statement per kind
 * of reference for the whole file, each refusal reported on its row and column. `writeOf` answers
 * null for a row too broken to judge (its problems are already reported).
 */
export async function checkRowScopes<R>(
  tx: EntityManager,
  viewer: Viewer,
  problems: ProblemList,
  rows: ReadonlyArray<Located<R>>,
  writeOf: (row: R) => ScopedWrite | null,
  overrides?: Places,
): Promise<void> {
  const judged = rows.flatMap(({ line, row }) => {
    const write = writeOf(row);
    return write ? [{ line, write }] : [];
  });
  const refusals = await checkWriteScopes(
    tx,
    viewer,
    judged.map((j) => j.write),
    overrides,
  );
  judged.forEach(({ line }, i) => {
    for (const refusal of refusals[i]) problems.add(line, refusal.field, refusal.value || null, refusal.reason);
  });
}

/** Distinct non-null values, for one set-based lookup. */
export function distinct(values: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];
}
