import type { IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import type { SignatoryKind } from "../../convention/convention-enums";
import type { MeetingKind } from "../../convention/followup-enums";
import { type TableWrite, writeTableCounts, writeTableIds } from "../../db/table-writer";
import { CONVENTION_MEETING_TABLE, MEETING_ATTENDANCE_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { parseDate, parseNumber, parseText } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes, signatoryKindReader } from "../vocabulary";
import { CONVENTION_REFERENCE_COLUMN } from "./action-ref";
import { meetingKindReader } from "./followup.vocabulary";

type MeetingColumn = keyof typeof CONVENTION_MEETING_TABLE.columns;
type AttendanceColumn = keyof typeof MEETING_ATTENDANCE_TABLE.columns;

/**
 * One line per meeting and attending organisation: the lines of a meeting (same convention, date and kind)
 * repeat it, each adding an organisation; a meeting without attendance is one line without organisation.
 */
export interface MeetingRow {
  conventionReference: string | null;
  heldOn: IsoDate | null;
  kind: MeetingKind | null;
  decisions: string | null;
  organisation: string | null;
  organisationKind: SignatoryKind | null;
  attendees: number | null;
}

function readMeeting(reader: RowReader): MeetingRow {
  const organisation = reader.field("organisation", (raw) => parseText(raw, FIELD_RULES.name));
  const organisationKind = reader.field("organisation_kind", (raw) => signatoryKindReader.parse(raw), { required: organisation !== null });
  const attendees = reader.field("attendees", (raw) => parseNumber(raw, FIELD_RULES.attendees));
  if (organisation === null && organisationKind !== null) reader.report("organisation_kind", "nature sans structure (organisation)");
  if (organisation === null && attendees !== null) reader.report("attendees", "participants sans structure (organisation)");
  return {
    conventionReference: reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true }),
    heldOn: reader.field("held_on", parseDate, { required: true }),
    kind: reader.field("kind", (raw) => meetingKindReader.parse(raw), { required: true }),
    decisions: reader.field("decisions", (raw) => parseText(raw, FIELD_RULES.longText)),
    organisation,
    organisationKind,
    attendees,
  };
}

const meetingKey = (row: MeetingRow) =>
  row.conventionReference && row.heldOn && row.kind ? `${row.conventionReference}\u0000${row.heldOn}\u0000${row.kind}` : null;
const attendanceKey = (row: MeetingRow) => {
  const meeting = meetingKey(row);
  return meeting === null || row.organisation === null ? null : `${meeting}\u0000${row.organisation}`;
};

/** An organisation once per meeting; the lines of one meeting carry the same decisions (or leave them empty). */
function checkMeetingRows(rows: ReadonlyArray<Located<MeetingRow>>, problems: ProblemList): void {
  reportDuplicates(rows, attendanceKey, problems, "organisation", (r) => r.organisation, "participation (même réunion, même structure)");
  const decisions = new Map<string, { line: number; text: string }>();
  for (const { line, row } of rows) {
    const key = meetingKey(row);
    if (key === null || row.decisions === null) continue;
    const seen = decisions.get(key);
    if (seen === undefined) decisions.set(key, { line, text: row.decisions });
    else if (seen.text !== row.decisions) {
      problems.add(line, "decisions", row.decisions, `décisions différentes de celles de la même réunion à la ligne ${seen.line}`);
    }
  }
}

async function checkMeetingReferences(rows: ReadonlyArray<Located<MeetingRow>>, { tx, viewer, problems }: CheckContext): Promise<void> {
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.conventionReference
      ? { owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: row.conventionReference } } }
      : null,
  );
}

/** The stored meeting of a row: the oldest of its convention on that date of that kind (the import's natural key). */
const MEETING_OF_ROW = `SELECT t.id FROM convention_meeting t WHERE t.convention_id = c.id AND t.held_on = j.held_on AND t.kind = j.kind
  ORDER BY t.id LIMIT 1`;

function meetingsWrite(present: (column: string) => boolean): TableWrite<MeetingColumn> & { returning: "ids" } {
  return {
    columns: ["convention_id", "held_on", "kind", "decisions"],
    computed: { convention_id: "c.id" },
    inputs: { convention_reference: "text" },
    joins: "JOIN convention c ON c.reference = j.convention_reference",
    onConflict: {
      kind: "match",
      target: MEETING_OF_ROW,
      keep: ["convention_id", "held_on", "kind", ...(present("decisions") ? [] : (["decisions"] as const))],
    },
    audit: "convention_meeting",
    returning: "ids",
  };
}

/** Attendance upserted on its unique key (meeting, organisation); an absent attendees column keeps stored counts. */
function attendanceWrite(present: (column: string) => boolean): TableWrite<AttendanceColumn> & { returning: "none" } {
  return {
    columns: ["meeting_id", "organisation_kind", "organisation", "attendees"],
    computed: { meeting_id: "m.id" },
    inputs: { convention_reference: "text", held_on: "date", kind: "meeting_kind" },
    joins: `JOIN convention c ON c.reference = j.convention_reference CROSS JOIN LATERAL (${MEETING_OF_ROW}) m`,
    onConflict: { kind: "update", keep: ["meeting_id", "organisation", ...(present("attendees") ? [] : (["attendees"] as const))] },
    audit: "meeting_attendance",
    returning: "none",
  };
}

async function writeMeetings(rows: ReadonlyArray<Located<MeetingRow>>, context: WriteContext) {
  // One row per meeting, with the decisions its lines give (the checks made sure they agree).
  const meetings = new Map<string, MeetingRow>();
  for (const { row } of rows) {
    const key = meetingKey(row) as string;
    const seen = meetings.get(key);
    if (seen === undefined || (seen.decisions === null && row.decisions !== null)) meetings.set(key, row);
  }
  const written = await writeTableIds(
    context.tx,
    CONVENTION_MEETING_TABLE,
    meetingsWrite(context.present),
    [...meetings.values()].map((row) => ({
      convention_reference: row.conventionReference,
      held_on: row.heldOn,
      kind: row.kind,
      decisions: row.decisions,
    })),
    batchOptions(context),
  );
  const counts = [tableCount("convention_meeting", "réunions", meetings.size, written.created.length, written.updated.length)];
  const attendance = rows.filter((r) => r.row.organisation !== null);
  if (attendance.length > 0 || context.present("organisation")) {
    const outcome = await writeTableCounts(
      context.tx,
      MEETING_ATTENDANCE_TABLE,
      attendanceWrite(context.present),
      attendance.map(({ row }) => ({
        convention_reference: row.conventionReference,
        held_on: row.heldOn,
        kind: row.kind,
        organisation_kind: row.organisationKind,
        organisation: row.organisation,
        attendees: row.attendees,
      })),
      batchOptions(context),
    );
    counts.push(tableCount("meeting_attendance", "participations", attendance.length, outcome.created, outcome.updated));
  }
  return counts;
}

export const meetingsKind: ImportKind<MeetingRow> = {
  name: "meetings",
  label: "réunions de gouvernance",
  naturalKey: "convention_reference + held_on + kind ; participation : réunion + organisation",
  columns: [
    CONVENTION_REFERENCE_COLUMN,
    { name: "held_on", required: true, aliases: ["date", "date_reunion"], description: "Date de la réunion" },
    {
      name: "kind",
      required: true,
      aliases: ["instance", "type"],
      description: "steering_committee ou technical_committee (comité de pilotage, copil, comité technique, cotech)",
    },
    {
      name: "decisions",
      aliases: ["décisions", "releve_de_decisions"],
      description: "Décisions prises (les mêmes sur chaque ligne de la réunion)",
    },
    { name: "organisation", aliases: ["structure", "participant"], description: "Structure représentée (une par ligne ; vide : aucune)" },
    {
      name: "organisation_kind",
      aliases: ["nature_structure"],
      description:
        "Nature de la structure (caf, commune, epci, department_council, msa, state, association, other), obligatoire avec organisation",
    },
    {
      name: "attendees",
      aliases: ["participants", "nombre_participants"],
      description: "Nombre de participants de la structure (1 à 1 000)",
    },
  ],
  read: (reader) => readMeeting(reader),
  checkRows: checkMeetingRows,
  checkDatabase: checkMeetingReferences,
  write: writeMeetings,
};
