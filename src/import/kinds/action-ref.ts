import { FIELD_RULES } from "../../common/field-rules";
import type { ColumnMapping, ColumnSpec, RowReader } from "../columns";
import { isBlank, parseInteger, parseText } from "../fields";
import type { CheckContext, Located } from "../kind";
import type { ProblemList } from "../problems";

/**
 * How a follow-up file names an action: the convention's reference and the action's rank in the plan
 * (`action_position`, as the actions import writes it), or, without a rank, its title (`action_title`).
 * One helper for every kind that attaches rows to an action (pilots, budget lines, fundings, notes, plan
 * indicators), so they all read, check and find actions the same way.
 */
export interface ActionRef {
  conventionReference: string | null;
  actionPosition: number | null;
  actionTitle: string | null;
}

/** The bounds of a `position` column (a PostgreSQL integer), from 1. */
export const POSITION = { min: 1, max: 2_147_483_647 };

export const CONVENTION_REFERENCE_COLUMN: ColumnSpec = {
  name: "convention_reference",
  required: true,
  aliases: ["convention", "reference_convention", "reference"],
  description: "Référence de la CTG (déjà en base)",
};

export const ACTION_REF_COLUMNS: readonly ColumnSpec[] = [
  CONVENTION_REFERENCE_COLUMN,
  {
    name: "action_position",
    aliases: ["rang_action"],
    description: "Rang de l'action dans le plan de la CTG (1, 2, …) ; sinon action_title",
  },
  {
    name: "action_title",
    aliases: ["action", "intitule_action", "titre_action"],
    description: "Intitulé de l'action (déjà en base), quand la ligne n'a pas de action_position",
  },
];

/** A file names its actions by rank or by title: it needs one of the two columns. */
export function checkActionRefColumns(mapping: ColumnMapping, problems: ProblemList): void {
  if (!mapping.headerOf.has("action_position") && !mapping.headerOf.has("action_title")) {
    problems.add(1, null, null, "colonne obligatoire absente : action_position ou action_title (l'action suivie)");
  }
}

/** The action of a row: its rank when given, else its title (one of them is required). */
export function readActionRef(reader: RowReader): ActionRef {
  const conventionReference = reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true });
  const actionPosition = reader.field("action_position", (raw) => parseInteger(raw, POSITION));
  const actionTitle = actionPosition === null ? reader.field("action_title", (raw) => parseText(raw, FIELD_RULES.title)) : null;
  // Both cells blank (a bad cell is reported by its parser already).
  const blank = isBlank(reader.raw("action_position")) && isBlank(reader.raw("action_title"));
  if (blank && (reader.has("action_position") || reader.has("action_title"))) {
    reader.report(reader.has("action_position") ? "action_position" : "action_title", "action manquante : rang ou intitulé attendu", null);
  }
  if (!reader.has("action_position") && !reader.has("action_title")) reader.reject();
  return { conventionReference, actionPosition, actionTitle };
}

/** A key of the action within the file (rank and title never compare equal). */
export function actionRefKey(ref: ActionRef): string | null {
  if (!ref.conventionReference) return null;
  if (ref.actionPosition !== null) return `${ref.conventionReference}\u0000#${ref.actionPosition}`;
  return ref.actionTitle ? `${ref.conventionReference}\u0000t:${ref.actionTitle}` : null;
}

/** The column that named the action (for a problem about it). */
export const actionRefColumn = (ref: ActionRef) => (ref.actionPosition !== null ? "action_position" : "action_title");
export const actionRefShown = (ref: ActionRef) => (ref.actionPosition !== null ? String(ref.actionPosition) : ref.actionTitle);

/** The write scope of a row attached to an action: where its convention lies (unknown conventions are refused there too). */
export const actionScope = (ref: ActionRef) =>
  ref.conventionReference
    ? { owner: { field: "convention_reference", ref: { kind: "conventionReference" as const, reference: ref.conventionReference } } }
    : null;

/** Input fields of a write whose rows name their action, for `TableWrite.inputs`. */
export const ACTION_REF_INPUTS = { convention_reference: "text", action_position: "int", action_title: "text" } as const;

/**
 * Joins that find the convention `c` and the action `a` (`a.id`) of an input row `j`: by rank (the oldest action at
 * that rank, as the actions import matches), else by title. The checks made sure the action exists, once.
 */
export const ACTION_REF_JOINS = `JOIN convention c ON c.reference = j.convention_reference
  CROSS JOIN LATERAL (SELECT CASE WHEN j.action_position IS NOT NULL
      THEN (SELECT x.id FROM action x WHERE x.convention_id = c.id AND x.position = j.action_position ORDER BY x.id LIMIT 1)
      ELSE (SELECT x.id FROM action x WHERE x.convention_id = c.id AND x.title = j.action_title ORDER BY x.id LIMIT 1) END AS id) a`;

/** The fields of an action reference, as the write's rows carry them. */
export const actionRefFields = (ref: ActionRef) => ({
  convention_reference: ref.conventionReference,
  action_position: ref.actionPosition,
  action_title: ref.actionTitle,
});

/**
 * Every action the file names exists in its (known) convention, and a title names one action only: one
 * statement for the whole file. Unknown conventions are left to the scope check, which reports them.
 */
export async function checkActionRefs<R>(
  rows: ReadonlyArray<Located<R>>,
  refOf: (row: R) => ActionRef | null,
  { tx, problems }: Pick<CheckContext, "tx" | "problems">,
): Promise<void> {
  const named = new Map<string, ActionRef>();
  for (const { row } of rows) {
    const ref = refOf(row);
    const key = ref ? actionRefKey(ref) : null;
    if (ref && key !== null) named.set(key, ref);
  }
  if (named.size === 0) return;
  const keys = [...named.keys()];
  // Keys travel as their index: a JSON text may not hold the NUL that separates their parts.
  const found: Array<{ i: number; convention: boolean; n: number }> = await tx.query(
    `SELECT j.i, c.id IS NOT NULL AS convention,
       (SELECT count(*) FROM action x WHERE x.convention_id = c.id
         AND CASE WHEN j.action_position IS NOT NULL THEN x.position = j.action_position ELSE x.title = j.action_title END)::int AS n
     FROM json_to_recordset($1::json) AS j(i int, convention_reference text, action_position int, action_title text)
     LEFT JOIN convention c ON c.reference = j.convention_reference`,
    [JSON.stringify(keys.map((key, i) => ({ i, ...actionRefFields(named.get(key) as ActionRef) })))],
  );
  const byKey = new Map(found.map((f) => [keys[f.i], f]));
  for (const { line, row } of rows) {
    const ref = refOf(row);
    const key = ref ? actionRefKey(ref) : null;
    const result = key === null ? undefined : byKey.get(key);
    if (!ref || !result?.convention) continue;
    if (result.n === 0) {
      problems.add(line, actionRefColumn(ref), actionRefShown(ref), "action inconnue dans cette CTG (importez d'abord les actions)");
    } else if (result.n > 1 && ref.actionPosition === null) {
      problems.add(
        line,
        "action_title",
        ref.actionTitle,
        "plusieurs actions de cette CTG portent cet intitulé : indiquez l'action par son rang (action_position)",
      );
    }
  }
}

/**
 * Objectives named by rank (`objective_position`) exist in their (known) convention: one statement for the file.
 * Unknown conventions are left to the scope check, which reports them.
 */
export async function checkObjectivePositions<R>(
  rows: ReadonlyArray<Located<R>>,
  refOf: (row: R) => { conventionReference: string; position: number } | null,
  { tx, problems }: Pick<CheckContext, "tx" | "problems">,
): Promise<void> {
  const named = rows.flatMap(({ line, row }) => {
    const ref = refOf(row);
    return ref ? [{ line, ref }] : [];
  });
  const references = [...new Set(named.map((n) => n.ref.conventionReference))];
  if (references.length === 0) return;
  const stored: Array<{ reference: string; position: number | null }> = await tx.query(
    `SELECT c.reference, o.position FROM convention c LEFT JOIN objective o ON o.convention_id = c.id WHERE c.reference = ANY($1)`,
    [references],
  );
  const conventions = new Set(stored.map((o) => o.reference));
  const known = new Set(stored.map((o) => `${o.reference}\u0000${o.position}`));
  for (const { line, ref } of named) {
    if (conventions.has(ref.conventionReference) && !known.has(`${ref.conventionReference}\u0000${ref.position}`)) {
      problems.add(line, "objective_position", String(ref.position), "objectif inconnu pour cette CTG (importez d'abord les objectifs)");
    }
  }
}
