import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { partnerAssociation } from "../auth/viewer";
import { BadUserInputError } from "../common/errors";
import { LIST_LIMITS } from "../common/field-rules";
import { parseId } from "../common/validate";
import type { RequestScope } from "../db/request-scope";
import { writeTableRows } from "../db/table-writer";
import { deleteVersioned, lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { PilotKind } from "../convention/followup-enums";
import { ACTION_NOTE_TABLE, ACTION_PILOT_TABLE } from "./followup.table";
import { checkListLength, requireActionWrite, required } from "./followup.write-scope";
import type { NoteInput, PilotInput } from "./followup.write-inputs";

/** The fields of a note a partner gives: all of them, on the actions it operates or pilots (adding only). */
const NOTE_FIELDS = ["notedOn", "author", "text", "restricted"] as const;

/** Pilots (one ranked list per action) and the journal of an action. */
export const followUpWrites = {
  /**
   * Replaces the ranked pilots of an action (CAF staff of its département): the first is the main pilot. A person or a
   * service is named; an association pilot is a known association, given once. The action's version moves on.
   */
  setActionPilots(scope: RequestScope, actionId: string, version: number, pilots: PilotInput[]): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(actionId, "actionId", "Action");
      await requireActionWrite(tx, viewer, id);
      checkListLength(pilots, LIST_LIMITS.pilots, "pilots");
      const rows = pilots.map((pilot, i) => pilotRow(id, i, pilot));
      const associations = rows.flatMap((row) => (row.association_id === null ? [] : [row.association_id]));
      const duplicate = associations.findIndex((a, i) => associations.indexOf(a) !== i);
      if (duplicate >= 0)
        throw new BadUserInputError(`Champ "pilots" : l'association ${associations[duplicate]} est donnée deux fois`, "pilots");
      const known: Array<{ id: number }> = await tx.query(`SELECT id FROM partner_association WHERE id = ANY($1::int[])`, [associations]);
      const unknown = rows.findIndex((row) => row.association_id !== null && !known.some((k) => k.id === row.association_id));
      if (unknown >= 0) {
        const field = `pilots.${unknown}.associationId`;
        throw new BadUserInputError(`Champ "${field}" : association inconnue « ${rows[unknown].association_id} »`, field);
      }
      const { before, after } = await updateVersioned(tx, "action", id, version, {});
      const previous: Array<{ row: Row }> = await tx.query(
        `SELECT row_to_json(p.*) AS row FROM action_pilot p WHERE p.action_id = $1 ORDER BY p.position`,
        [id],
      );
      await tx.query(`DELETE FROM action_pilot WHERE action_id = $1`, [id]);
      const written = await writeTableRows(
        tx,
        ACTION_PILOT_TABLE,
        {
          columns: ["action_id", "position", "kind", "name", "role", "organisation", "association_id", "contact"],
          onConflict: { kind: "insert" },
          returning: "rows",
        },
        rows,
      );
      await recordChange(
        tx,
        viewer,
        "action",
        id,
        AuditOperation.UPDATE,
        { version: before.version, pilots: previous.map((p) => p.row) },
        { version: after.version, pilots: written },
      );
      return id;
    });
  },

  /**
   * Adds a dated note to an action's journal: CAF staff of its département, or its partner association (operator or
   * pilot). The author defaults to the partner's association, or « CAF »; the date to today (never a later day).
   */
  addActionNote(scope: RequestScope, actionId: string, input: NoteInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(actionId, "actionId", "Action");
      await requireActionWrite(tx, viewer, id, { partner: { allowed: NOTE_FIELDS, given: input, what: "des notes" } });
      const notedOn = input.notedOn ?? scope.today;
      checkNotLater(notedOn, scope.today);
      const [row] = await writeTableRows<string, Row>(
        tx,
        ACTION_NOTE_TABLE,
        { columns: ["action_id", "noted_on", "author", "text", "restricted"], onConflict: { kind: "insert" }, returning: "rows" },
        [
          {
            action_id: id,
            noted_on: notedOn,
            author: input.author ?? (await defaultAuthor(scope, tx)),
            text: required(input.text, "text", "texte de la note requis"),
            restricted: input.restricted ?? false,
          },
        ],
      );
      await recordChange(tx, viewer, "action_note", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  /** Changes a note (CAF staff of the action's département): only the fields given. */
  updateActionNote(scope: RequestScope, noteId: string, version: number, input: NoteInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const note = await lockRow(tx, "action_note", parseId(noteId, "id", "ActionNote"), "id", false);
      await requireActionWrite(tx, viewer, note.action_id as number, { field: "id" });
      const changes: Record<string, unknown> = {};
      if (input.notedOn != null) {
        checkNotLater(input.notedOn, scope.today);
        changes.noted_on = input.notedOn;
      }
      if (input.author != null) changes.author = input.author;
      if (input.text != null) changes.text = input.text;
      if (input.restricted != null) changes.restricted = input.restricted;
      const { before, after } = await updateVersioned(tx, "action_note", note.id, version, changes);
      await recordChange(tx, viewer, "action_note", note.id, AuditOperation.UPDATE, before, after);
      return note.id;
    });
  },

  /** Removes a note (CAF staff of the action's département); answers its action. */
  removeActionNote(scope: RequestScope, noteId: string, version: number): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const note = await lockRow(tx, "action_note", parseId(noteId, "id", "ActionNote"), "id", false);
      await requireActionWrite(tx, viewer, note.action_id as number, { field: "id" });
      const before = await deleteVersioned(tx, "action_note", note.id, version);
      await recordChange(tx, viewer, "action_note", note.id, AuditOperation.DELETE, before, null);
      return note.action_id as number;
    });
  },
};

/** A pilot's row, or BAD_USER_INPUT naming the field (`pilots.<index>.<field>`) that its kind requires or excludes. */
function pilotRow(actionId: number, index: number, pilot: PilotInput): Record<string, unknown> {
  const field = (name: string) => `pilots.${index}.${name}`;
  const isAssociation = pilot.kind === PilotKind.ASSOCIATION;
  const associationId = pilot.associationId == null ? null : parseId(pilot.associationId, field("associationId"), "PartnerAssociation");
  if (isAssociation) {
    required(associationId, field("associationId"), "association requise pour un pilote ASSOCIATION");
    for (const name of ["name", "role", "contact"] as const) {
      if (pilot[name] != null) {
        throw new BadUserInputError(
          `Champ "${field(name)}" : sans objet pour un pilote ASSOCIATION (ses coordonnées sont celles de l'association)`,
          field(name),
        );
      }
    }
  } else {
    required(pilot.name, field("name"), `nom requis pour un pilote ${pilot.kind === PilotKind.PERSON ? "personne" : "service"}`);
    if (associationId !== null) {
      throw new BadUserInputError(`Champ "${field("associationId")}" : réservé à un pilote ASSOCIATION`, field("associationId"));
    }
  }
  return {
    action_id: actionId,
    position: index + 1,
    kind: pilot.kind,
    name: pilot.name ?? null,
    role: pilot.role ?? null,
    organisation: pilot.organisation ?? null,
    association_id: associationId,
    contact: pilot.contact ?? null,
  };
}

function checkNotLater(notedOn: string, today: string): void {
  if (notedOn > today) throw new BadUserInputError(`Champ "notedOn" : date postérieure à aujourd'hui (${notedOn})`, "notedOn");
}

/** A partner's notes are signed by its association; staff's by the CAF. */
async function defaultAuthor(scope: RequestScope, tx: RequestScope["manager"]): Promise<string> {
  const association = partnerAssociation(scope.viewer);
  if (association === null) return "CAF";
  const rows: Array<{ name: string }> = await tx.query(`SELECT name FROM partner_association WHERE id = $1`, [association]);
  return rows[0]?.name ?? "Partenaire";
}
