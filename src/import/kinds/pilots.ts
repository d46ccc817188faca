import { FIELD_RULES } from "../../common/field-rules";
import { PilotKind } from "../../convention/followup-enums";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { ACTION_PILOT_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { isBlank, parseInteger, parseText } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes, distinct } from "../vocabulary";
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
import { parseRna } from "./actions";
import { pilotKindReader } from "./followup.vocabulary";

type PilotColumn = keyof typeof ACTION_PILOT_TABLE.columns;

export interface PilotRow {
  action: ActionRef;
  /** Rank among the action's pilots (1: the main pilot); with the action, identifies the pilot. */
  position: number | null;
  kind: PilotKind | null;
  name: string | null;
  role: string | null;
  organisation: string | null;
  associationRna: string | null;
  contact: string | null;
}

/** A smallint rank, from 1. */
const PILOT_POSITION = { min: 1, max: 32_767 };

function readPilot(reader: RowReader): PilotRow {
  const kind = reader.field("kind", (raw) => pilotKindReader.parse(raw), { required: true });
  const associationRna = reader.field("association_rna", parseRna);
  const name = reader.field("name", (raw) => parseText(raw, FIELD_RULES.name));
  if (kind === PilotKind.ASSOCIATION && associationRna === null && reader.isValid) {
    reader.report("association_rna", "RNA obligatoire pour une association pilote", null);
  }
  // As setActionPilots: an association pilot is the association (its contact details are the association's).
  if (kind === PilotKind.ASSOCIATION) {
    for (const column of ["name", "role", "contact"]) {
      if (reader.has(column) && reader.raw(column) !== undefined && !isBlank(reader.raw(column))) {
        reader.report(column, "sans objet pour une association pilote (ses coordonnées sont celles de l'association)");
      }
    }
  }
  if (kind !== null && kind !== PilotKind.ASSOCIATION && associationRna !== null) {
    reader.report("association_rna", "un RNA n'est indiqué que pour une association pilote");
  }
  if (kind !== null && kind !== PilotKind.ASSOCIATION && name === null && reader.isValid) {
    reader.report("name", "nom obligatoire pour une personne ou un service", null);
  }
  return {
    action: readActionRef(reader),
    position: reader.field("position", (raw) => parseInteger(raw, PILOT_POSITION), { required: true }),
    kind,
    name,
    role: reader.field("role", (raw) => parseText(raw, FIELD_RULES.name)),
    organisation: reader.field("organisation", (raw) => parseText(raw, FIELD_RULES.name)),
    associationRna,
    contact: reader.field("contact", (raw) => parseText(raw, FIELD_RULES.name)),
  };
}

const pilotKey = (row: PilotRow) => {
  const action = actionRefKey(row.action);
  return action === null || row.position === null ? null : `${action}\u0000${row.position}`;
};

function checkPilotRows(rows: ReadonlyArray<Located<PilotRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    pilotKey,
    problems,
    "position",
    (r) => (r.position === null ? null : String(r.position)),
    "pilote (même action, même rang)",
  );
}

async function checkPilotReferences(rows: ReadonlyArray<Located<PilotRow>>, context: CheckContext): Promise<void> {
  const { tx, problems } = context;
  await checkRowScopes(tx, context.viewer, problems, rows, (row) => actionScope(row.action));
  await checkActionRefs(rows, (row) => row.action, context);
  const rnas = distinct(rows.map((r) => r.row.associationRna));
  const known = new Set(
    rnas.length === 0
      ? []
      : ((await tx.query(`SELECT rna FROM partner_association WHERE rna = ANY($1)`, [rnas])) as Array<{ rna: string }>).map((r) => r.rna),
  );
  for (const { line, row } of rows) {
    if (row.associationRna && !known.has(row.associationRna)) {
      problems.add(line, "association_rna", row.associationRna, "association inconnue (importez d'abord les associations)");
    }
  }
}

/** Pilots upserted on (action, position); absent optional columns keep their stored values. */
function pilotsWrite(present: (column: string) => boolean): TableWrite<PilotColumn> & { returning: "ids" } {
  const absent = (["role", "organisation", "contact"] as const).filter((c) => !present(c));
  return {
    columns: ["action_id", "position", "kind", "name", "role", "organisation", "association_id", "contact"],
    computed: { action_id: "a.id", association_id: "pa.id" },
    inputs: { ...ACTION_REF_INPUTS, association_rna: "text" },
    joins: `${ACTION_REF_JOINS} LEFT JOIN partner_association pa ON pa.rna = j.association_rna`,
    onConflict: { kind: "update", keep: ["action_id", "position", ...absent] },
    audit: "action_pilot",
    returning: "ids",
  };
}

async function writePilots(rows: ReadonlyArray<Located<PilotRow>>, context: WriteContext) {
  const outcome = await writeTableIds(
    context.tx,
    ACTION_PILOT_TABLE,
    pilotsWrite(context.present),
    rows.map(({ row }) => ({
      ...actionRefFields(row.action),
      position: row.position,
      kind: row.kind,
      name: row.name,
      role: row.role,
      organisation: row.organisation,
      association_rna: row.associationRna,
      contact: row.contact,
    })),
    batchOptions(context),
  );
  return [tableCount("action_pilot", "pilotes", rows.length, outcome.created.length, outcome.updated.length)];
}

export const pilotsKind: ImportKind<PilotRow> = {
  name: "pilots",
  label: "pilotes d'actions",
  naturalKey: "convention_reference + action (action_position ou action_title) + position",
  columns: [
    ...ACTION_REF_COLUMNS,
    {
      name: "position",
      required: true,
      aliases: ["rang"],
      description: "Rang du pilote (1 : pilote principal) ; avec l'action, identifie le pilote",
    },
    { name: "kind", required: true, aliases: ["nature"], description: "person, service ou association (personne, service)" },
    { name: "name", aliases: ["nom"], description: "Nom de la personne ou du service (obligatoire sauf pour une association)" },
    { name: "role", aliases: ["fonction"], description: "Fonction de la personne" },
    { name: "organisation", aliases: ["structure"], description: "Structure de la personne" },
    { name: "association_rna", aliases: ["rna"], description: "RNA de l'association pilote (déjà en base), pour une association" },
    { name: "contact", aliases: ["courriel", "telephone"], description: "Courriel ou téléphone (donnée réservée)" },
  ],
  checkColumns: (mapping, _options, problems) => checkActionRefColumns(mapping, problems),
  read: (reader) => readPilot(reader),
  checkRows: checkPilotRows,
  checkDatabase: checkPilotReferences,
  write: writePilots,
};
