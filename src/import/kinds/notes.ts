import { todayInFrance, type IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { ACTION_NOTE_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { parseBoolean, parseDate, parseText } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes } from "../vocabulary";
import {
  ACTION_REF_COLUMNS,
  ACTION_REF_INPUTS,
  ACTION_REF_JOINS,
  actionRefFields,
  actionRefKey,
  actionScope,
  checkActionRefColumns,
  checkActionRefs,
  readActionRef,
  type ActionRef,
} from "./action-ref";

type NoteColumn = keyof typeof ACTION_NOTE_TABLE.columns;

export interface NoteRow {
  action: ActionRef;
  notedOn: IsoDate | null;
  author: string | null;
  text: string | null;
  restricted: boolean;
}

function readNote(reader: RowReader): NoteRow {
  const notedOn = reader.field("noted_on", parseDate, { required: true });
  // As addActionNote: a journal records what happened, never a later day.
  const today = todayInFrance();
  if (notedOn !== null && notedOn > today) reader.report("noted_on", `date postérieure à aujourd'hui (${today})`);
  return {
    action: readActionRef(reader),
    notedOn,
    author: reader.field("author", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    text: reader.field("text", (raw) => parseText(raw, FIELD_RULES.longText), { required: true }),
    restricted: reader.field("restricted", parseBoolean) ?? false,
  };
}

/**
 * A note is identified by its action, date, author and text (the journal has no other key: two notes of one
 * author on one day are two notes). Re-importing a note finds it; only `restricted` can change. A corrected
 * text is a new note (the old one stays until deleted through the API).
 */
const noteKey = (row: NoteRow) => {
  const action = actionRefKey(row.action);
  return action === null || row.notedOn === null || row.author === null || row.text === null
    ? null
    : [action, row.notedOn, row.author, row.text].join("\u0000");
};

function checkNoteRows(rows: ReadonlyArray<Located<NoteRow>>, problems: ProblemList): void {
  reportDuplicates(rows, noteKey, problems, "text", (r) => r.text, "note (même action, même date, même auteur, même texte)");
}

async function checkNoteReferences(rows: ReadonlyArray<Located<NoteRow>>, context: CheckContext): Promise<void> {
  await checkRowScopes(context.tx, context.viewer, context.problems, rows, (row) => actionScope(row.action));
  await checkActionRefs(rows, (row) => row.action, context);
}

function notesWrite(present: (column: string) => boolean): TableWrite<NoteColumn> & { returning: "ids" } {
  return {
    columns: ["action_id", "noted_on", "author", "text", "restricted"],
    computed: { action_id: "a.id" },
    inputs: ACTION_REF_INPUTS,
    joins: ACTION_REF_JOINS,
    onConflict: {
      kind: "match",
      target: `SELECT t.id FROM action_note t WHERE t.action_id = a.id AND t.noted_on = j.noted_on AND t.author = j.author
        AND t.text = j.text ORDER BY t.id LIMIT 1`,
      keep: ["action_id", "noted_on", "author", "text", ...(present("restricted") ? [] : (["restricted"] as const))],
    },
    audit: "action_note",
    returning: "ids",
  };
}

async function writeNotes(rows: ReadonlyArray<Located<NoteRow>>, context: WriteContext) {
  const outcome = await writeTableIds(
    context.tx,
    ACTION_NOTE_TABLE,
    notesWrite(context.present),
    rows.map(({ row }) => ({
      ...actionRefFields(row.action),
      noted_on: row.notedOn,
      author: row.author,
      text: row.text,
      restricted: row.restricted,
    })),
    batchOptions(context),
  );
  return [tableCount("action_note", "notes de suivi", rows.length, outcome.created.length, outcome.updated.length)];
}

export const notesKind: ImportKind<NoteRow> = {
  name: "notes",
  label: "notes de suivi",
  naturalKey: "convention_reference + action (action_position ou action_title) + noted_on + author + text",
  columns: [
    ...ACTION_REF_COLUMNS,
    { name: "noted_on", required: true, aliases: ["date", "date_note"], description: "Date de la note" },
    { name: "author", required: true, aliases: ["auteur"], description: "Auteur (nom ou structure, 2 à 300 caractères)" },
    { name: "text", required: true, aliases: ["texte", "note"], description: "Texte de la note (plusieurs lignes possibles)" },
    {
      name: "restricted",
      aliases: ["reservee", "restreinte"],
      description: "oui : réservée aux agents CAF et à l'association opératrice ; vide : publique",
    },
  ],
  checkColumns: (mapping, _options, problems) => checkActionRefColumns(mapping, problems),
  read: (reader) => readNote(reader),
  checkRows: checkNoteRows,
  checkDatabase: checkNoteReferences,
  write: writeNotes,
};
