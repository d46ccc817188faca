import type { EntityManager } from "typeorm";
import { IndicatorLevel } from "../indicator/indicator-enums";
import { type TableDeclaration, type TableRow, writeTable } from "../db/table-writer";
import {
  ACTION_BUDGET_LINE_TABLE,
  ACTION_FUNDING_TABLE,
  ACTION_NOTE_TABLE,
  ACTION_PILOT_TABLE,
  CONVENTION_EVALUATION_TABLE,
  CONVENTION_MEETING_TABLE,
  MEETING_ATTENDANCE_TABLE,
  OBJECTIVE_ASSESSMENT_TABLE,
} from "../followup/followup.table";
import { INDICATOR_DEFINITION_TABLE, INDICATOR_VALUE_TABLE } from "../indicator/indicator.table";
import type { FollowUpPlan } from "./plan.types";
import { FROM_SOURCE, type Insert, type StepTimes, idOf, inserting, timed } from "./synthetic.write";
import { SYNTHETIC_PLAN_INDICATORS } from "./vocabulary.followup";

/**
 * Writes the follow-up of the synthetic plans through the follow-up tables' declared writers (src/followup/
 * followup.table.ts), in set-based batches. Children find their parents by the parents' keys in SQL (a funding its
 * budget line by action, kind, unit and year; attendance its meeting by convention, date and kind; an assessment its
 * evaluation by convention, kind and year), so no id is read back. Plan indicator values carry the synthetic source.
 */

const BATCH_SIZE = 10_000;

const cols = <T extends TableDeclaration<string>>(_table: T) => inserting<keyof T["columns"] & string>;

const PILOTS = cols(ACTION_PILOT_TABLE)(["action_id", "position", "kind", "name", "role", "organisation", "association_id", "contact"]);
const BUDGET_LINES = cols(ACTION_BUDGET_LINE_TABLE)(["action_id", "year", "kind", "unit", "planned", "actual"]);
/** The funded line, found by its natural key (the whole-period line by the period key). */
const FUNDINGS: Insert<keyof typeof ACTION_FUNDING_TABLE.columns> = {
  ...cols(ACTION_FUNDING_TABLE)(["action_id", "budget_line_id", "year", "funder", "commune_code", "funder_name", "planned", "actual"], {
    budget_line_id: `CASE WHEN j.line_kind IS NULL THEN NULL
      WHEN j.year IS NULL THEN (SELECT l.id FROM action_budget_line l WHERE l.action_id = j.action_id AND l.kind = j.line_kind
        AND l.unit = j.line_unit AND l.year IS NULL)
      ELSE (SELECT l.id FROM action_budget_line l WHERE l.action_id = j.action_id AND l.kind = j.line_kind
        AND l.unit = j.line_unit AND l.year = j.year) END`,
  }),
  inputs: { line_kind: "budget_kind", line_unit: "budget_unit" },
};
const NOTES = cols(ACTION_NOTE_TABLE)(["action_id", "noted_on", "author", "text", "restricted"]);
const MEETINGS = cols(CONVENTION_MEETING_TABLE)(["convention_id", "held_on", "kind", "decisions"]);
const ATTENDANCE: Insert<keyof typeof MEETING_ATTENDANCE_TABLE.columns> = {
  ...cols(MEETING_ATTENDANCE_TABLE)(["meeting_id", "organisation_kind", "organisation", "attendees"], {
    meeting_id: `(SELECT m.id FROM convention_meeting m WHERE m.convention_id = j.convention_id AND m.held_on = j.held_on
      AND m.kind = j.meeting_kind ORDER BY m.id LIMIT 1)`,
  }),
  inputs: { convention_id: "int", held_on: "date", meeting_kind: "meeting_kind" },
};
const EVALUATIONS = cols(CONVENTION_EVALUATION_TABLE)(["convention_id", "kind", "year", "evaluated_on", "summary"]);
const ASSESSMENTS: Insert<keyof typeof OBJECTIVE_ASSESSMENT_TABLE.columns> = {
  ...cols(OBJECTIVE_ASSESSMENT_TABLE)(["evaluation_id", "objective_id", "achievement", "comment"], {
    // Each probe names the kind, so it uses that kind's partial unique index (a kind compared to an input could not).
    evaluation_id: `CASE WHEN j.evaluation_kind = 'FINAL'
      THEN (SELECT e.id FROM convention_evaluation e WHERE e.convention_id = j.convention_id AND e.kind = 'FINAL')
      ELSE (SELECT e.id FROM convention_evaluation e WHERE e.convention_id = j.convention_id AND e.kind = 'YEARLY'
        AND e.year = j.evaluation_year) END`,
  }),
  inputs: { convention_id: "int", evaluation_kind: "evaluation_kind", evaluation_year: "int" },
};
/** The synthetic plan indicators' definitions: added if missing, never changed (one set at a time uses them). */
const DEFINITIONS: Insert<keyof typeof INDICATOR_DEFINITION_TABLE.columns> = {
  ...cols(INDICATOR_DEFINITION_TABLE)(["code", "label", "level"]),
  onConflict: { kind: "skip" },
};
const PLAN_INDICATORS = cols(INDICATOR_VALUE_TABLE)(
  ["indicator", "year", "action_id", "objective_id", "convention_id", "baseline", "target", "value", "note", "source_id"],
  { note: "'Valeur synthétique (générée par programme)'", source_id: FROM_SOURCE },
);

export interface ParentIds {
  conventions: readonly number[];
  objectives: readonly number[];
  actions: readonly number[];
  associations: readonly number[];
}

export async function writeFollowUp(
  manager: EntityManager,
  plan: FollowUpPlan,
  ids: ParentIds,
  sourceId: number,
  steps: StepTimes,
): Promise<void> {
  const insert = <C extends string>(
    label: string,
    table: TableDeclaration<C>,
    write: Insert<C>,
    rows: readonly TableRow[],
    parameters: readonly unknown[] = [],
  ) => timed(steps, label, () => writeTable(manager, table, write, rows, { parameters, batchSize: BATCH_SIZE }));
  const action = (index: number) => ids.actions[index];
  const convention = (index: number) => ids.conventions[index];

  await insert(
    "pilots",
    ACTION_PILOT_TABLE,
    PILOTS,
    plan.pilots.map((p) => ({
      action_id: action(p.action),
      position: p.position,
      kind: p.kind,
      name: p.name,
      role: p.role,
      organisation: p.organisation,
      association_id: idOf(ids.associations, p.association),
      contact: p.contact,
    })),
  );
  await insert(
    "budgetLines",
    ACTION_BUDGET_LINE_TABLE,
    BUDGET_LINES,
    plan.budgetLines.map((l) => ({
      action_id: action(l.action),
      year: l.year,
      kind: l.kind,
      unit: l.unit,
      planned: l.planned,
      actual: l.actual,
    })),
  );
  await insert(
    "fundings",
    ACTION_FUNDING_TABLE,
    FUNDINGS,
    plan.fundings.map((f) => ({
      action_id: action(f.action),
      line_kind: f.line?.kind ?? null,
      line_unit: f.line?.unit ?? null,
      year: f.year,
      funder: f.funder,
      commune_code: f.communeCode,
      funder_name: f.funderName,
      planned: f.planned,
      actual: f.actual,
    })),
  );
  await insert(
    "notes",
    ACTION_NOTE_TABLE,
    NOTES,
    plan.notes.map((n) => ({ action_id: action(n.action), noted_on: n.notedOn, author: n.author, text: n.text, restricted: n.restricted })),
  );
  await insert(
    "meetings",
    CONVENTION_MEETING_TABLE,
    MEETINGS,
    plan.meetings.map((m) => ({ convention_id: convention(m.convention), held_on: m.heldOn, kind: m.kind, decisions: m.decisions })),
  );
  await insert(
    "meetingAttendance",
    MEETING_ATTENDANCE_TABLE,
    ATTENDANCE,
    plan.meetings.flatMap((m) =>
      m.attendance.map((a) => ({
        convention_id: convention(m.convention),
        held_on: m.heldOn,
        meeting_kind: m.kind,
        organisation_kind: a.organisationKind,
        organisation: a.organisation,
        attendees: a.attendees,
      })),
    ),
  );
  await insert(
    "evaluations",
    CONVENTION_EVALUATION_TABLE,
    EVALUATIONS,
    plan.evaluations.map((e) => ({
      convention_id: convention(e.convention),
      kind: e.kind,
      year: e.year,
      evaluated_on: e.evaluatedOn,
      summary: e.summary,
    })),
  );
  await insert(
    "objectiveAssessments",
    OBJECTIVE_ASSESSMENT_TABLE,
    ASSESSMENTS,
    plan.evaluations.flatMap((e) =>
      e.assessments.map((a) => ({
        convention_id: convention(e.convention),
        evaluation_kind: e.kind,
        evaluation_year: e.year,
        objective_id: ids.objectives[a.objective],
        achievement: a.achievement,
        comment: a.comment,
      })),
    ),
  );
  await insert("indicatorDefinitions", INDICATOR_DEFINITION_TABLE, DEFINITIONS, [
    { ...SYNTHETIC_PLAN_INDICATORS.action, level: IndicatorLevel.ACTION },
    { ...SYNTHETIC_PLAN_INDICATORS.objective, level: IndicatorLevel.OBJECTIVE },
    { ...SYNTHETIC_PLAN_INDICATORS.convention, level: IndicatorLevel.CONVENTION },
  ]);
  await insert(
    "planIndicators",
    INDICATOR_VALUE_TABLE,
    PLAN_INDICATORS,
    plan.planIndicators.map((v) => ({
      indicator: v.indicator,
      year: v.year,
      action_id: idOf(ids.actions, v.action),
      objective_id: idOf(ids.objectives, v.objective),
      convention_id: idOf(ids.conventions, v.convention),
      baseline: v.baseline,
      target: v.target,
      value: v.value,
    })),
    [sourceId],
  );
}
