import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { BadUserInputError, ConflictError } from "../common/errors";
import { LIST_LIMITS } from "../common/field-rules";
import { parseId } from "../common/validate";
import { EvaluationKind } from "../convention/followup-enums";
import type { RequestScope } from "../db/request-scope";
import { writeTableRows } from "../db/table-writer";
import { deleteVersioned, lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import {
  CONVENTION_EVALUATION_TABLE,
  CONVENTION_MEETING_TABLE,
  FINAL_EVALUATION_KEY,
  MEETING_ATTENDANCE_TABLE,
  OBJECTIVE_ASSESSMENT_TABLE,
} from "./followup.table";
import { checkListLength, requireConventionWrite, required } from "./followup.write-scope";
import type { AssessmentInput, AttendanceInput, EvaluationInput, MeetingInput } from "./followup.write-inputs";

/** Comités de pilotage and techniques, yearly and final evaluations of a convention: CAF staff of its département. */
export const governanceWrites = {
  createConventionMeeting(scope: RequestScope, conventionId: string, input: MeetingInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      await requireConventionWrite(tx, viewer, id);
      const [row] = await writeTableRows<string, Row>(
        tx,
        CONVENTION_MEETING_TABLE,
        { columns: ["convention_id", "held_on", "kind", "decisions"], onConflict: { kind: "insert" }, returning: "rows" },
        [
          {
            convention_id: id,
            held_on: required(input.heldOn, "heldOn", "date de la réunion requise"),
            kind: required(input.kind, "kind", "instance requise (STEERING_COMMITTEE ou TECHNICAL_COMMITTEE)"),
            decisions: input.decisions ?? null,
          },
        ],
      );
      const attendances = await replaceAttendances(tx, row.id, input.attendances ?? []);
      await recordChange(tx, viewer, "convention_meeting", row.id, AuditOperation.CREATE, null, { ...row, attendances });
      return row.id;
    });
  },

  /** Changes a meeting: only the fields given; `attendances`, when given, replaces the list. */
  updateConventionMeeting(scope: RequestScope, meetingId: string, version: number, input: MeetingInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const meeting = await lockRow(tx, "convention_meeting", parseId(meetingId, "id", "ConventionMeeting"), "id", false);
      await requireConventionWrite(tx, viewer, meeting.convention_id as number, "id");
      const changes: Record<string, unknown> = {};
      if (input.heldOn != null) changes.held_on = input.heldOn;
      if (input.kind != null) changes.kind = input.kind;
      if (input.decisions !== undefined) changes.decisions = input.decisions;
      const { before, after } = await updateVersioned(tx, "convention_meeting", meeting.id, version, changes, { touch: false });
      let attendance: { before: Row[]; after: Row[] } | null = null;
      if (input.attendances != null) {
        const previous = await attendancesOf(tx, meeting.id);
        attendance = { before: previous, after: await replaceAttendances(tx, meeting.id, input.attendances) };
      }
      await recordChange(
        tx,
        viewer,
        "convention_meeting",
        meeting.id,
        AuditOperation.UPDATE,
        attendance ? { ...before, attendances: attendance.before } : before,
        attendance ? { ...after, attendances: attendance.after } : after,
      );
      return meeting.id;
    });
  },

  /** Removes a meeting and its attendance; answers its convention. */
  removeConventionMeeting(scope: RequestScope, meetingId: string, version: number): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const meeting = await lockRow(tx, "convention_meeting", parseId(meetingId, "id", "ConventionMeeting"), "id", false);
      await requireConventionWrite(tx, viewer, meeting.convention_id as number, "id");
      const attendances = await attendancesOf(tx, meeting.id);
      const before = await deleteVersioned(tx, "convention_meeting", meeting.id, version);
      await recordChange(tx, viewer, "convention_meeting", meeting.id, AuditOperation.DELETE, { ...before, attendances }, null);
      return meeting.convention_id as number;
    });
  },

  /**
   * Creates (no `version`) or changes (the version read) a convention's yearly evaluation of `year`, or its final
   * evaluation. `assessments`, when given, replaces the objectives' assessments (objectives of this convention, once each).
   */
  setConventionEvaluation(scope: RequestScope, conventionId: string, input: EvaluationInput, version?: number | null): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      await requireConventionWrite(tx, viewer, id);
      const yearly = input.kind === EvaluationKind.YEARLY;
      const found: Array<{ row: Row }> = await tx.query(
        `SELECT row_to_json(e.*) AS row FROM convention_evaluation e
         WHERE e.convention_id = $1 AND e.kind = $2 AND ($3 OR e.year = $4)`,
        [id, input.kind, !yearly, input.year],
      );
      const existing = found[0]?.row;
      const label = yearly ? `Le bilan ${input.year} de la convention ${id}` : `L'évaluation finale de la convention ${id}`;
      const assessments = input.assessments == null ? null : await checkedAssessments(tx, id, input.assessments);
      let before: Row | null = null;
      let after: Row;
      if (version == null) {
        if (existing) throw new ConflictError(`${label} existe déjà (version ${existing.version}) : donnez sa version pour la modifier`);
        // A concurrent creation of the same evaluation wins: this one then writes nothing and says so.
        const [created] = await writeTableRows<string, Row>(
          tx,
          CONVENTION_EVALUATION_TABLE,
          {
            columns: ["convention_id", "kind", "year", "evaluated_on", "summary"],
            onConflict: { kind: "skip", key: yearly ? undefined : FINAL_EVALUATION_KEY },
            returning: "rows",
          },
          [
            {
              convention_id: id,
              kind: input.kind,
              year: input.year,
              evaluated_on: input.evaluatedOn ?? null,
              summary: input.summary ?? null,
            },
          ],
        );
        if (!created) throw new ConflictError(`${label} vient d'être créé(e) par ailleurs : relisez puis recommencez`);
        after = created;
      } else {
        if (!existing) throw new ConflictError(`${label} n'existe pas (ou plus) : relisez puis recommencez`);
        const changes: Record<string, unknown> = { year: input.year };
        if (input.evaluatedOn !== undefined) changes.evaluated_on = input.evaluatedOn;
        if (input.summary !== undefined) changes.summary = input.summary;
        ({ before, after } = await updateVersioned(tx, "convention_evaluation", existing.id, version, changes, { touch: false }));
      }
      if (assessments !== null) {
        const previous = await assessmentsOf(tx, after.id);
        await tx.query(`DELETE FROM objective_assessment WHERE evaluation_id = $1`, [after.id]);
        const written = await writeTableRows<string, Row>(
          tx,
          OBJECTIVE_ASSESSMENT_TABLE,
          { columns: ["evaluation_id", "objective_id", "achievement", "comment"], onConflict: { kind: "insert" }, returning: "rows" },
          assessments.map((a) => ({ evaluation_id: after.id, ...a })),
        );
        if (before) before = { ...before, assessments: previous };
        after = { ...after, assessments: written };
      }
      await recordChange(
        tx,
        viewer,
        "convention_evaluation",
        after.id,
        before ? AuditOperation.UPDATE : AuditOperation.CREATE,
        before,
        after,
      );
      return after.id;
    });
  },

  /** Removes an evaluation and its assessments; answers its convention. */
  removeConventionEvaluation(scope: RequestScope, evaluationId: string, version: number): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const evaluation = await lockRow(tx, "convention_evaluation", parseId(evaluationId, "id", "ConventionEvaluation"), "id", false);
      await requireConventionWrite(tx, viewer, evaluation.convention_id as number, "id");
      const assessments = await assessmentsOf(tx, evaluation.id);
      const before = await deleteVersioned(tx, "convention_evaluation", evaluation.id, version);
      await recordChange(tx, viewer, "convention_evaluation", evaluation.id, AuditOperation.DELETE, { ...before, assessments }, null);
      return evaluation.convention_id as number;
    });
  },
};

async function attendancesOf(tx: EntityManager, meetingId: number): Promise<Row[]> {
  const rows: Array<{ row: Row }> = await tx.query(
    `SELECT row_to_json(a.*) AS row FROM meeting_attendance a WHERE a.meeting_id = $1 ORDER BY a.id`,
    [meetingId],
  );
  return rows.map((r) => r.row);
}

async function assessmentsOf(tx: EntityManager, evaluationId: number): Promise<Row[]> {
  const rows: Array<{ row: Row }> = await tx.query(
    `SELECT row_to_json(a.*) AS row FROM objective_assessment a WHERE a.evaluation_id = $1 ORDER BY a.id`,
    [evaluationId],
  );
  return rows.map((r) => r.row);
}

/** Replaces a meeting's attendance: one row per organisation. */
async function replaceAttendances(tx: EntityManager, meetingId: number, attendances: AttendanceInput[]): Promise<Row[]> {
  checkListLength(attendances, LIST_LIMITS.attendances, "attendances");
  const seen = new Map<string, number>();
  attendances.forEach((attendance, i) => {
    const key = attendance.organisation.toLocaleLowerCase("fr");
    if (seen.has(key)) {
      const field = `attendances.${i}.organisation`;
      throw new BadUserInputError(`Champ "${field}" : « ${attendance.organisation} » est déjà donnée (une ligne par structure)`, field);
    }
    seen.set(key, i);
  });
  await tx.query(`DELETE FROM meeting_attendance WHERE meeting_id = $1`, [meetingId]);
  if (attendances.length === 0) return [];
  return writeTableRows<string, Row>(
    tx,
    MEETING_ATTENDANCE_TABLE,
    { columns: ["meeting_id", "organisation_kind", "organisation", "attendees"], onConflict: { kind: "insert" }, returning: "rows" },
    attendances.map((a) => ({
      meeting_id: meetingId,
      organisation_kind: a.organisationKind,
      organisation: a.organisation,
      attendees: a.attendees ?? null,
    })),
  );
}

/** The assessments' rows: each of an objective of the convention, once. */
async function checkedAssessments(tx: EntityManager, conventionId: number, assessments: AssessmentInput[]) {
  checkListLength(assessments, LIST_LIMITS.assessments, "assessments");
  const ids = assessments.map((a, i) => parseId(a.objectiveId, `assessments.${i}.objectiveId`, "Objective"));
  const known: Array<{ id: number }> = await tx.query(`SELECT id FROM objective WHERE convention_id = $1 AND id = ANY($2::int[])`, [
    conventionId,
    ids,
  ]);
  const knownIds = new Set(known.map((k) => k.id));
  ids.forEach((objectiveId, i) => {
    const field = `assessments.${i}.objectiveId`;
    if (!knownIds.has(objectiveId)) {
      throw new BadUserInputError(`Champ "${field}" : objectif inconnu pour cette convention « ${objectiveId} »`, field);
    }
    if (ids.indexOf(objectiveId) !== i) throw new BadUserInputError(`Champ "${field}" : objectif ${objectiveId} déjà apprécié`, field);
  });
  return assessments.map((a, i) => ({ objective_id: ids[i], achievement: a.achievement, comment: a.comment ?? null }));
}
