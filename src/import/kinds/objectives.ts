import { FIELD_RULES } from "../../common/field-rules";
import { OBJECTIVE_TABLE, type ObjectiveColumn } from "../../convention/convention.table";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { type ChildrenReplacement, removeOtherChildren } from "../../db/table-children";
import type { RowReader } from "../columns";
import { parseInteger, parseText } from "../fields";
import {
  batchOptions,
  type CheckContext,
  type ChildrenDeclaration,
  conventionParent,
  type ImportKind,
  type Located,
  reportDuplicates,
  tableCount,
  type WriteContext,
} from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes } from "../vocabulary";

export interface ObjectiveRow {
  conventionReference: string | null;
  /** Rank in the convention's list of objectives (1, 2, …): with the convention, identifies the objective. */
  position: number | null;
  title: string | null;
  description: string | null;
}

/** The bounds of the `position` column (a PostgreSQL integer), from 1. */
const POSITION = { min: 1, max: 2_147_483_647 };

function readObjective(reader: RowReader): ObjectiveRow {
  return {
    conventionReference: reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true }),
    position: reader.field("position", (raw) => parseInteger(raw, POSITION), { required: true }),
    title: reader.field("title", (raw) => parseText(raw, FIELD_RULES.objectiveTitle), { required: true }),
    description: reader.field("description", (raw) => parseText(raw, FIELD_RULES.longText)),
  };
}

const objectiveKey = (row: ObjectiveRow) =>
  row.conventionReference && row.position !== null ? `${row.conventionReference}\u0000${row.position}` : null;

function checkObjectiveRows(rows: ReadonlyArray<Located<ObjectiveRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    objectiveKey,
    problems,
    "position",
    (r) => (r.position === null ? null : String(r.position)),
    "objectif (même convention, même rang)",
  );
}

/** An objective lies where its convention lies (an unknown convention is refused by the same check). */
async function checkObjectiveReferences(rows: ReadonlyArray<Located<ObjectiveRow>>, { tx, viewer, problems }: CheckContext) {
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.conventionReference
      ? { owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: row.conventionReference } } }
      : null,
  );
}

/** Objectives of the file, upserted by (convention, position); an absent description column leaves stored ones alone. */
function objectivesWrite(present: (column: string) => boolean): TableWrite<ObjectiveColumn> & { returning: "ids" } {
  return {
    columns: ["convention_id", "position", "title", "description"],
    computed: { convention_id: "c.id" },
    inputs: { convention_reference: "text" },
    joins: "JOIN convention c ON c.reference = j.convention_reference",
    onConflict: { kind: "update", keep: ["convention_id", "position", ...(present("description") ? [] : ["description" as const])] },
    audit: "objective",
    returning: "ids",
  };
}

async function writeObjectives(rows: ReadonlyArray<Located<ObjectiveRow>>, context: WriteContext) {
  const { tx } = context;
  const outcome = await writeTableIds(
    tx,
    OBJECTIVE_TABLE,
    objectivesWrite(context.present),
    rows.map(({ row }) => ({
      convention_reference: row.conventionReference,
      position: row.position,
      title: row.title,
      description: row.description,
    })),
    batchOptions(context),
  );
  return [tableCount("objective", "objectifs", rows.length, outcome.created.length, outcome.updated.length)];
}

/** Replace mode: the objectives of the file's conventions that no row matches by position are removed. */
const OTHER_OBJECTIVES: ChildrenReplacement<ObjectiveColumn> = {
  parent: "convention_id",
  inputs: { convention_reference: "text", position: "int" },
  joins: "JOIN convention c ON c.reference = j.convention_reference",
  parentId: "c.id",
  kept: "(SELECT t.id FROM objective t WHERE t.convention_id = c.id AND t.position = j.position)",
  audit: "objective",
};

const objectiveChildren: ChildrenDeclaration<ObjectiveRow> = {
  ...conventionParent,
  async removeOthers(rows, parents, context) {
    const keys = rows.map(({ row }) => ({ convention_reference: row.conventionReference, position: row.position }));
    const deleted = await removeOtherChildren(context.tx, OBJECTIVE_TABLE, OTHER_OBJECTIVES, keys, parents, context.actor);
    return { ...tableCount("objective", "objectifs", 0, 0, 0), deleted };
  },
};

export const objectivesKind: ImportKind<ObjectiveRow> = {
  name: "objectives",
  label: "objectifs",
  naturalKey: "convention_reference + position",
  columns: [
    {
      name: "convention_reference",
      required: true,
      aliases: ["convention", "reference_convention", "reference"],
      description: "Référence de la CTG (déjà en base)",
    },
    {
      name: "position",
      required: true,
      aliases: ["rang", "numero"],
      description: "Rang de l'objectif dans la CTG (1, 2, …) ; avec la référence, identifie l'objectif",
    },
    { name: "title", required: true, aliases: ["titre", "intitulé"], description: "Intitulé (3 à 500 caractères)" },
    { name: "description", description: "Description (texte long)" },
  ],
  read: (reader) => readObjective(reader),
  checkRows: checkObjectiveRows,
  checkDatabase: checkObjectiveReferences,
  write: writeObjectives,
  children: objectiveChildren,
};
