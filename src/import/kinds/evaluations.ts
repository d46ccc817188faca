import type { IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import { EvaluationKind, ObjectiveAchievement } from "../../convention/followup-enums";
import { type TableWrite, writeTableCounts, writeTableIds } from "../../db/table-writer";
import { CONVENTION_EVALUATION_TABLE, OBJECTIVE_ASSESSMENT_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { EnumReader, parseDate, parseInteger, parseNumber, parseText } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes } from "../vocabulary";
import { CONVENTION_REFERENCE_COLUMN, POSITION, checkObjectivePositions } from "./action-ref";

type EvaluationColumn = keyof typeof CONVENTION_EVALUATION_TABLE.columns;
type AssessmentColumn = keyof typeof OBJECTIVE_ASSESSMENT_TABLE.columns;

const evaluationKindReader = new EnumReader<EvaluationKind>(Object.values(EvaluationKind), {
  YEARLY: ["bilan annuel", "annuelle", "annuel"],
  FINAL: ["évaluation finale", "finale"],
});

const achievementReader = new EnumReader<ObjectiveAchievement>(Object.values(ObjectiveAchievement), {
  ACHIEVED: ["atteint"],
  PARTLY_ACHIEVED: ["partiellement atteint", "partiel", "partiellement"],
  NOT_ACHIEVED: ["non atteint"],
});

/**
 * One line per evaluation and assessed objective: the lines of an evaluation (same convention, kind and year; a
 * convention's final evaluation is one whatever its year) repeat it, each assessing one objective; an evaluation
 * without assessment is one line without objective.
 */
export interface EvaluationRow {
  conventionReference: string | null;
  kind: EvaluationKind;
  year: number | null;
  evaluatedOn: IsoDate | null;
  summary: string | null;
  objectivePosition: number | null;
  achievement: ObjectiveAchievement | null;
  comment: string | null;
}

function readEvaluation(reader: RowReader): EvaluationRow {
  const objectivePosition = reader.field("objective_position", (raw) => parseInteger(raw, POSITION));
  const achievement = reader.field("achievement", (raw) => achievementReader.parse(raw), { required: objectivePosition !== null });
  const comment = reader.field("comment", (raw) => parseText(raw, FIELD_RULES.note));
  if (objectivePosition === null && achievement !== null) reader.report("achievement", "appréciation sans objectif (objective_position)");
  if (objectivePosition === null && comment !== null) reader.report("comment", "commentaire sans objectif (objective_position)");
  return {
    conventionReference: reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true }),
    kind: reader.field("kind", (raw) => evaluationKindReader.parse(raw)) ?? EvaluationKind.YEARLY,
    year: reader.field("year", (raw) => parseNumber(raw, FIELD_RULES.year), { required: true }),
    evaluatedOn: reader.field("evaluated_on", parseDate),
    summary: reader.field("summary", (raw) => parseText(raw, FIELD_RULES.longText)),
    objectivePosition,
    achievement,
    comment,
  };
}

/** The table's keys: (convention, year) for a yearly evaluation, the convention alone for its final one. */
const evaluationKey = (row: EvaluationRow) =>
  row.conventionReference === null || row.year === null
    ? null
    : `${row.conventionReference}\u0000${row.kind}${row.kind === EvaluationKind.YEARLY ? `\u0000${row.year}` : ""}`;
const assessmentKey = (row: EvaluationRow) => {
  const evaluation = evaluationKey(row);
  return evaluation === null || row.objectivePosition === null ? null : `${evaluation}\u0000${row.objectivePosition}`;
};

/** An objective once per evaluation; the lines of one evaluation agree on its year, date and summary (or leave them empty). */
function checkEvaluationRows(rows: ReadonlyArray<Located<EvaluationRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    assessmentKey,
    problems,
    "objective_position",
    (r) => (r.objectivePosition === null ? null : String(r.objectivePosition)),
    "appréciation (même évaluation, même objectif)",
  );
  const first = new Map<string, Located<EvaluationRow>>();
  for (const located of rows) {
    const key = evaluationKey(located.row);
    if (key === null) continue;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, located);
      continue;
    }
    const { line, row } = located;
    const differs = (column: string, a: string | number | null, b: string | number | null) => {
      if (a !== null && b !== null && a !== b)
        problems.add(line, column, String(a), `différent de celui de la même évaluation à la ligne ${seen.line}`);
    };
    differs("year", row.year, seen.row.year);
    differs("evaluated_on", row.evaluatedOn, seen.row.evaluatedOn);
    differs("summary", row.summary, seen.row.summary);
  }
}

async function checkEvaluationReferences(rows: ReadonlyArray<Located<EvaluationRow>>, context: CheckContext): Promise<void> {
  await checkRowScopes(context.tx, context.viewer, context.problems, rows, (row) =>
    row.conventionReference
      ? { owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: row.conventionReference } } }
      : null,
  );
  await checkObjectivePositions(
    rows,
    (row) =>
      row.conventionReference !== null && row.objectivePosition !== null
        ? { conventionReference: row.conventionReference, position: row.objectivePosition }
        : null,
    context,
  );
}

/**
 * The stored evaluation of a row: the convention's final one, or its yearly one of that year (each probe names the
 * kind, so it uses that kind's partial unique index).
 */
const EVALUATION_OF_ROW = `CASE WHEN j.kind = 'FINAL'
  THEN (SELECT t.id FROM convention_evaluation t WHERE t.convention_id = c.id AND t.kind = 'FINAL')
  ELSE (SELECT t.id FROM convention_evaluation t WHERE t.convention_id = c.id AND t.kind = 'YEARLY' AND t.year = j.year) END`;

function evaluationsWrite(present: (column: string) => boolean): TableWrite<EvaluationColumn> & { returning: "ids" } {
  const absent = (["evaluated_on", "summary"] as const).filter((c) => !present(c));
  return {
    columns: ["convention_id", "kind", "year", "evaluated_on", "summary"],
    computed: { convention_id: "c.id" },
    inputs: { convention_reference: "text" },
    joins: "JOIN convention c ON c.reference = j.convention_reference",
    onConflict: { kind: "match", target: EVALUATION_OF_ROW, keep: ["convention_id", "kind", ...absent] },
    audit: "convention_evaluation",
    returning: "ids",
  };
}

function assessmentsWrite(present: (column: string) => boolean): TableWrite<AssessmentColumn> & { returning: "none" } {
  return {
    columns: ["evaluation_id", "objective_id", "achievement", "comment"],
    computed: { evaluation_id: "e.id", objective_id: "o.id" },
    inputs: { convention_reference: "text", kind: "evaluation_kind", year: "int", objective_position: "int" },
    joins: `JOIN convention c ON c.reference = j.convention_reference CROSS JOIN LATERAL (SELECT ${EVALUATION_OF_ROW} AS id) e
      JOIN objective o ON o.convention_id = c.id AND o.position = j.objective_position`,
    onConflict: { kind: "update", keep: ["evaluation_id", "objective_id", ...(present("comment") ? [] : (["comment"] as const))] },
    audit: "objective_assessment",
    returning: "none",
  };
}

async function writeEvaluations(rows: ReadonlyArray<Located<EvaluationRow>>, context: WriteContext) {
  // One row per evaluation, with the date and summary its lines give (the checks made sure they agree).
  const evaluations = new Map<string, EvaluationRow>();
  for (const { row } of rows) {
    const key = evaluationKey(row) as string;
    const seen = evaluations.get(key);
    evaluations.set(key, seen ? { ...seen, evaluatedOn: seen.evaluatedOn ?? row.evaluatedOn, summary: seen.summary ?? row.summary } : row);
  }
  const written = await writeTableIds(
    context.tx,
    CONVENTION_EVALUATION_TABLE,
    evaluationsWrite(context.present),
    [...evaluations.values()].map((row) => ({
      convention_reference: row.conventionReference,
      kind: row.kind,
      year: row.year,
      evaluated_on: row.evaluatedOn,
      summary: row.summary,
    })),
    batchOptions(context),
  );
  const counts = [tableCount("convention_evaluation", "évaluations", evaluations.size, written.created.length, written.updated.length)];
  const assessments = rows.filter((r) => r.row.objectivePosition !== null);
  if (assessments.length > 0 || context.present("objective_position")) {
    const outcome = await writeTableCounts(
      context.tx,
      OBJECTIVE_ASSESSMENT_TABLE,
      assessmentsWrite(context.present),
      assessments.map(({ row }) => ({
        convention_reference: row.conventionReference,
        kind: row.kind,
        year: row.year,
        objective_position: row.objectivePosition,
        achievement: row.achievement,
        comment: row.comment,
      })),
      batchOptions(context),
    );
    counts.push(tableCount("objective_assessment", "appréciations d'objectifs", assessments.length, outcome.created, outcome.updated));
  }
  return counts;
}

export const evaluationsKind: ImportKind<EvaluationRow> = {
  name: "evaluations",
  label: "évaluations",
  naturalKey:
    "convention_reference + kind + year (l'évaluation finale : convention_reference) ; appréciation : évaluation + objective_position",
  columns: [
    CONVENTION_REFERENCE_COLUMN,
    { name: "kind", aliases: ["nature", "type"], description: "yearly ou final (bilan annuel, évaluation finale) ; vide : yearly" },
    { name: "year", required: true, aliases: ["annee"], description: "Année évaluée (l'année de l'évaluation finale)" },
    { name: "evaluated_on", aliases: ["date", "date_evaluation"], description: "Date de l'évaluation (comité qui l'adopte)" },
    { name: "summary", aliases: ["synthese"], description: "Synthèse (la même sur chaque ligne de l'évaluation)" },
    { name: "objective_position", aliases: ["rang_objectif"], description: "Rang de l'objectif apprécié (déjà en base) ; vide : aucun" },
    {
      name: "achievement",
      aliases: ["appreciation", "atteinte"],
      description: "achieved, partly_achieved ou not_achieved (atteint, partiellement atteint, non atteint), obligatoire avec un objectif",
    },
    { name: "comment", aliases: ["commentaire"], description: "Commentaire sur l'objectif" },
  ],
  read: (reader) => readEvaluation(reader),
  checkRows: checkEvaluationRows,
  checkDatabase: checkEvaluationReferences,
  write: writeEvaluations,
};
