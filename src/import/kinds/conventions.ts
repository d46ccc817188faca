import type { Place, ScopedWrite, TerritoryRef } from "../../auth/write-scope";
import type { IsoDate } from "../../common/date";
import type { DatePrecision } from "../../common/date-precision";
import { FIELD_RULES } from "../../common/field-rules";
import type { Theme } from "../../common/theme";
import { ConventionStage, HolderKind } from "../../convention/convention-enums";
import type { RowReader } from "../columns";
import {
  parseBoolean,
  parseCommuneCode,
  parseDate,
  parseDepartmentCode,
  parseList,
  parseSirenFormat,
  parseText,
  type RawValue,
} from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { CONVENTION_TABLE, type ConventionColumn, type ConventionCommuneColumn } from "../../convention/convention.table";
import type { SetReplacement } from "../../db/table-set";
import { replaceCoverage } from "../../convention/covered-communes";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { yieldToEventLoop } from "../event-loop";
import { keepPrecision, readPrecision } from "../precision";
import { checkRowScopes, distinct, holderKindReader, parseThemes, stageReader } from "../vocabulary";
import { CONVENTION_COLUMNS } from "./conventions.columns";

export interface ConventionRow {
  reference: string | null;
  title: string | null;
  department: string | null;
  holderKind: HolderKind | null;
  holderCode: string | null;
  stage: ConventionStage | null;
  signedOn: IsoDate | null;
  startsOn: IsoDate | null;
  /** Null exactly when its date is: a date without a stated precision is known to the day. */
  startsOnPrecision: DatePrecision | null;
  endsOn: IsoDate | null;
  endsOnPrecision: DatePrecision | null;
  terminatedOn: IsoDate | null;
  themes: Theme[];
  bonusTerritoire: boolean;
  /** Empty: the holder's member communes (an EPCI) or the holder itself (a commune). */
  coveredCommunes: string[];
  predecessorReference: string | null;
  description: string | null;
  diagnosticConductedOn: IsoDate | null;
  diagnosticConductedOnPrecision: DatePrecision | null;
  diagnosticConductedBy: string | null;
  diagnosticFundedByCaf: boolean | null;
  diagnosticSummary: string | null;
}

const parseReference = (raw: RawValue) => parseText(raw, FIELD_RULES.reference);

function readConvention(reader: RowReader): ConventionRow {
  const holderKind = reader.field("holder_type", (raw) => holderKindReader.parse(raw), { required: true });
  const holderCode = reader.field(
    "holder_code",
    (raw) =>
      holderKind === HolderKind.COMMUNE
        ? parseCommuneCode(raw)
        : holderKind === HolderKind.INTERCOMMUNALITY
          ? parseSirenFormat(raw)
          : parseText(raw, FIELD_RULES.name),
    { required: true },
  );
  const signedOn = reader.field("signed_on", parseDate);
  const startsOn = reader.field("starts_on", parseDate);
  const endsOn = reader.field("ends_on", parseDate);
  const terminatedOn = reader.field("terminated_on", parseDate);
  const diagnosticConductedOn = reader.field("diagnostic_conducted_on", parseDate);
  // Without a stage, a signature date means signed, as in the createConvention mutation.
  const stage =
    reader.field("stage", (raw) => stageReader.parse(raw)) ?? (signedOn ? ConventionStage.SIGNED : ConventionStage.IN_PREPARATION);
  if (startsOn && endsOn && endsOn < startsOn) reader.report("ends_on", `la fin (${endsOn}) précède le début (${startsOn})`);
  if (stage === ConventionStage.IN_PREPARATION && signedOn) {
    reader.report("signed_on", "une CTG en préparation n'a pas de date de signature (étape signed attendue)");
  }
  if (terminatedOn && stage !== ConventionStage.TERMINATED) {
    reader.report("terminated_on", "une date de résiliation suppose l'étape terminated");
  }
  return {
    reference: reader.field("reference", parseReference, { required: true }),
    title: reader.field("title", (raw) => parseText(raw, FIELD_RULES.title), { required: true }),
    department: reader.field("department", parseDepartmentCode, { required: true }),
    holderKind,
    holderCode,
    stage,
    signedOn,
    startsOn,
    startsOnPrecision: readPrecision(reader, "starts_on_precision", startsOn),
    endsOn,
    endsOnPrecision: readPrecision(reader, "ends_on_precision", endsOn),
    terminatedOn,
    themes: reader.field("themes", parseThemes) ?? [],
    bonusTerritoire: reader.field("bonus_territoire", parseBoolean) ?? false,
    coveredCommunes: [...new Set(reader.field("covered_communes", (raw) => parseList(raw, parseCommuneCode)) ?? [])],
    predecessorReference: reader.field("predecessor_reference", parseReference),
    description: reader.field("description", (raw) => parseText(raw, FIELD_RULES.longText)),
    diagnosticConductedOn,
    diagnosticConductedOnPrecision: readPrecision(reader, "diagnostic_conducted_on_precision", diagnosticConductedOn),
    diagnosticConductedBy: reader.field("diagnostic_conducted_by", (raw) => parseText(raw, FIELD_RULES.name)),
    diagnosticFundedByCaf: reader.field("diagnostic_funded_by_caf", parseBoolean),
    diagnosticSummary: reader.field("diagnostic_summary", (raw) => parseText(raw, FIELD_RULES.longText)),
  };
}

/**
 * Depth of each convention in the renewal chains of the file (0: its predecessor is not in the
 * file). Conventions are written by increasing depth so a predecessor exists before its successor
 * points to it. A cycle gets no depth.
 */
export function renewalDepths(rows: ReadonlyArray<ConventionRow>): Map<string, number> {
  const predecessorOf = new Map<string, string | null>();
  for (const row of rows) if (row.reference) predecessorOf.set(row.reference, row.predecessorReference);
  const depths = new Map<string, number>();
  for (const start of predecessorOf.keys()) {
    const chain: string[] = [];
    let current: string | null | undefined = start;
    while (current && predecessorOf.has(current) && !depths.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = predecessorOf.get(current);
    }
    if (current && chain.includes(current)) continue; // a cycle: reported by checkRows
    let depth = current && depths.has(current) ? (depths.get(current) as number) + 1 : 0;
    for (const reference of chain.reverse()) depths.set(reference, depth++);
  }
  return depths;
}

function checkConventionRows(rows: ReadonlyArray<Located<ConventionRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    (r) => r.reference,
    problems,
    "reference",
    (r) => r.reference,
    "référence",
  );
  reportDuplicates(
    rows,
    (r) => r.predecessorReference,
    problems,
    "predecessor_reference",
    (r) => r.predecessorReference,
    "convention précédente (une CTG n'a qu'un renouvellement)",
  );
  const depths = renewalDepths(rows.map((r) => r.row));
  for (const { line, row } of rows) {
    if (!row.reference || !row.predecessorReference) continue;
    if (row.predecessorReference === row.reference) {
      problems.add(line, "predecessor_reference", row.predecessorReference, "une CTG ne peut pas se succéder à elle-même");
    } else if (!depths.has(row.reference)) {
      problems.add(line, "predecessor_reference", row.predecessorReference, "les conventions précédentes forment une boucle");
    }
  }
}

interface StoredConvention {
  reference: string;
  department_code: string;
  holder_code: string;
  successor: string | null;
  /** Its covered communes, read only when the file leaves them as they are (no covered_communes column). */
  communes: string[] | null;
}

const holderRef = (row: ConventionRow): TerritoryRef | null => {
  if (!row.holderCode) return null;
  if (row.holderKind === HolderKind.COMMUNE) return { kind: "commune", code: row.holderCode };
  return row.holderKind === HolderKind.INTERCOMMUNALITY ? { kind: "intercommunality", siren: row.holderCode } : null;
};

/**
 * Each row's write scope: its département (and the stored one, if the file moves the convention), its
 * holder, its covered communes (or, when the file leaves them, the stored ones if the convention moves
 * or changes holder) and its predecessor must lie in the convention's territory.
 */
function conventionWrite(row: ConventionRow, stored: StoredConvention | undefined, predecessorKnown: boolean): ScopedWrite | null {
  if (!row.department) return null;
  const holder = holderRef(row);
  const moves = stored !== undefined && (stored.department_code !== row.department || stored.holder_code !== row.holderCode);
  const communes = row.coveredCommunes.length > 0 || !moves ? row.coveredCommunes : (stored?.communes ?? []);
  return {
    owner: { field: "department", ref: { kind: "department", code: row.department } },
    previousOwner:
      stored && stored.department_code !== row.department
        ? { field: "reference", ref: { kind: "department", code: stored.department_code } }
        : null,
    holder: holder ? { field: "holder_code", ref: holder } : null,
    references: [
      { field: "covered_communes", refs: communes.map((code): TerritoryRef => ({ kind: "commune", code })) },
      ...(row.predecessorReference && predecessorKnown && row.predecessorReference !== row.reference
        ? [{ field: "predecessor_reference", ref: { kind: "conventionReference", reference: row.predecessorReference } as TerritoryRef }]
        : []),
    ],
  };
}

async function checkConventionReferences(
  rows: ReadonlyArray<Located<ConventionRow>>,
  { tx, viewer, problems, present }: CheckContext,
): Promise<void> {
  const references = distinct(rows.flatMap((r) => [r.row.reference, r.row.predecessorReference]));
  const stored: StoredConvention[] =
    references.length === 0
      ? []
      : await tx.query(
          `SELECT c.reference, c.department_code, coalesce(c.holder_commune_code, c.holder_intercommunality_siren) AS holder_code,
       s.reference AS successor,
       CASE WHEN $2 THEN ARRAY(SELECT cc.commune_code::text FROM convention_commune cc WHERE cc.convention_id = c.id) END AS communes
     FROM convention c LEFT JOIN convention s ON s.predecessor_id = c.id WHERE c.reference = ANY($1)`,
          [references, !present("covered_communes")],
        );
  const storedByReference = new Map(stored.map((s) => [s.reference, s]));
  const inFile = new Map(rows.filter((r) => r.row.reference).map((r) => [r.row.reference as string, r.row]));
  // A predecessor lies where the file puts it when the file writes it too.
  const filePlaces = new Map<string, Place>(
    [...inFile]
      .filter(([, row]) => row.department)
      .map(([reference, row]) => [
        `conventionReference:${reference}`,
        {
          departments: [row.department as string],
          memberOf: null,
          holder: row.holderKind === HolderKind.INTERCOMMUNALITY ? row.holderCode : null,
          partners: [],
        },
      ]),
  );
  const predecessorKnown = (reference: string) => storedByReference.has(reference) || inFile.has(reference);
  await checkRowScopes(
    tx,
    viewer,
    problems,
    rows,
    (row) =>
      conventionWrite(
        row,
        row.reference ? storedByReference.get(row.reference) : undefined,
        row.predecessorReference ? predecessorKnown(row.predecessorReference) : false,
      ),
    filePlaces,
  );

  for (const { line, row } of rows) {
    const predecessor = row.predecessorReference;
    if (predecessor && predecessor !== row.reference) {
      const storedPredecessor = storedByReference.get(predecessor);
      if (!predecessorKnown(predecessor)) {
        problems.add(line, "predecessor_reference", predecessor, "convention précédente inconnue (ni en base ni dans le fichier)");
      }
      const successor = storedPredecessor?.successor;
      // Its stored successor may be re-pointed elsewhere by this same file.
      const successorMovesAway = successor ? inFile.has(successor) && inFile.get(successor)?.predecessorReference !== predecessor : false;
      if (successor && successor !== row.reference && !successorMovesAway) {
        problems.add(line, "predecessor_reference", predecessor, `cette convention est déjà renouvelée par ${successor}`);
      }
    }
  }
}

/**
 * Conventions of a file, upserted by reference through the table's one writer; the predecessor is found by its reference.
 * A precision the file states is written as it is; one the file leaves out (day) does not replace a stored
 * precision while its date is unchanged.
 */
function conventionsWrite(
  keep: readonly ConventionColumn[],
  statedPrecisions: ReadonlySet<ConventionColumn>,
): TableWrite<ConventionColumn> & { returning: "ids" } {
  const precisionMerge = Object.fromEntries(
    PRECISIONS.filter(([precision]) => !statedPrecisions.has(precision)).map(([precision, date]) => [precision, keepPrecision(date)]),
  ) as { [K in ConventionColumn]?: (current: string, incoming: string) => string };
  return {
    columns: [
      "reference",
      "title",
      "stage",
      "signed_on",
      "starts_on",
      "starts_on_precision",
      "ends_on",
      "ends_on_precision",
      "terminated_on",
      "department_code",
      "holder_kind",
      "holder_commune_code",
      "holder_intercommunality_siren",
      "themes",
      "bonus_territoire",
      "predecessor_id",
      "is_renewal",
      "description",
      "diagnostic_conducted_on",
      "diagnostic_conducted_on_precision",
      "diagnostic_conducted_by",
      "diagnostic_funded_by_caf",
      "diagnostic_summary",
    ],
    computed: {
      predecessor_id: "p.id",
      is_renewal: "p.id IS NOT NULL",
    },
    inputs: { predecessor_reference: "text" },
    joins: "LEFT JOIN convention p ON p.reference = j.predecessor_reference",
    onConflict: {
      kind: "update",
      keep: ["reference", ...keep],
      merge: {
        ...precisionMerge,
        // A convention known as a renewal stays one even when the file does not name its predecessor.
        is_renewal: (current, incoming) => `${current}.is_renewal OR ${incoming}.predecessor_id IS NOT NULL`,
      },
    },
    audit: "convention",
    returning: "ids",
  };
}

/** Each precision column with its date column (the file's column of the same names). */
const PRECISIONS: ReadonlyArray<readonly [ConventionColumn, ConventionColumn]> = [
  ["starts_on_precision", "starts_on"],
  ["ends_on_precision", "ends_on"],
  ["diagnostic_conducted_on_precision", "diagnostic_conducted_on"],
];

/** Which file column each written column comes from: an absent optional column is not updated. */
const SOURCE_OF: { readonly [K in ConventionColumn]?: string } = {
  stage: "stage",
  signed_on: "signed_on",
  starts_on: "starts_on",
  starts_on_precision: "starts_on",
  ends_on: "ends_on",
  ends_on_precision: "ends_on",
  terminated_on: "terminated_on",
  themes: "themes",
  bonus_territoire: "bonus_territoire",
  predecessor_id: "predecessor_reference",
  is_renewal: "predecessor_reference",
  description: "description",
  diagnostic_conducted_on: "diagnostic_conducted_on",
  diagnostic_conducted_on_precision: "diagnostic_conducted_on",
  diagnostic_conducted_by: "diagnostic_conducted_by",
  diagnostic_funded_by_caf: "diagnostic_funded_by_caf",
  diagnostic_summary: "diagnostic_summary",
};

/**
 * The covered communes of the given conventions: the file's list, or the holder's members when empty.
 * Replaced as a set, with an audit entry for each convention whose set changed, as setCoveredCommunes does.
 */
const COVERAGE: SetReplacement<ConventionCommuneColumn> = {
  parent: "convention_id",
  members: ["commune_code"],
  parents: `SELECT c.id FROM json_to_recordset($1::json) AS j(reference text) JOIN convention c ON c.reference = j.reference`,
  wanted: `
    WITH j AS (
      SELECT c.id AS convention_id, c.holder_kind, c.holder_commune_code, c.holder_intercommunality_siren, j.communes
      FROM json_to_recordset($1::json) AS j(reference text, communes json) JOIN convention c ON c.reference = j.reference)
    SELECT j.convention_id, e.code AS commune_code FROM j, json_array_elements_text(j.communes) AS e(code)
    UNION ALL
    SELECT j.convention_id, m.code::text FROM j JOIN commune m ON m.intercommunality_siren = j.holder_intercommunality_siren
    WHERE json_array_length(j.communes) = 0 AND j.holder_kind = 'INTERCOMMUNALITY'
    UNION ALL
    SELECT j.convention_id, j.holder_commune_code::text FROM j WHERE json_array_length(j.communes) = 0 AND j.holder_kind = 'COMMUNE'`,
  audit: { entity: "convention", field: "coveredCommunes" },
};

async function writeConventions(rows: ReadonlyArray<Located<ConventionRow>>, context: WriteContext) {
  const { tx, actor, batchSize } = context;
  // Only the columns the file has are updated; the others are set on insert and left alone on update.
  const absent = (Object.entries(SOURCE_OF) as Array<[ConventionColumn, string]>).filter(([, source]) => !context.present(source));
  const stated = new Set(PRECISIONS.filter(([precision]) => context.present(precision)).map(([precision]) => precision));
  const write = conventionsWrite(
    absent.map(([column]) => column),
    stated,
  );
  const depths = renewalDepths(rows.map((r) => r.row));
  // A loop, not Math.max(...values): spreading 100,000 values as arguments overflows the stack.
  let maxDepth = 0;
  for (const depth of depths.values()) maxDepth = Math.max(maxDepth, depth);
  const created = new Set<number>();
  const updated = new Set<number>();
  // Predecessors first: a successor's statement finds the predecessor written by an earlier one.
  for (let depth = 0; depth <= maxDepth; depth++) {
    const wave = rows
      .filter((r) => depths.get(r.row.reference as string) === depth)
      .map(({ row }) => ({
        reference: row.reference,
        title: row.title,
        stage: row.stage,
        signed_on: row.signedOn,
        starts_on: row.startsOn,
        starts_on_precision: row.startsOnPrecision,
        ends_on: row.endsOn,
        ends_on_precision: row.endsOnPrecision,
        terminated_on: row.terminatedOn,
        department_code: row.department,
        holder_kind: row.holderKind,
        holder_commune_code: row.holderKind === HolderKind.COMMUNE ? row.holderCode : null,
        holder_intercommunality_siren: row.holderKind === HolderKind.INTERCOMMUNALITY ? row.holderCode : null,
        themes: row.themes,
        bonus_territoire: row.bonusTerritoire,
        predecessor_reference: row.predecessorReference,
        description: row.description,
        diagnostic_conducted_on: row.diagnosticConductedOn,
        diagnostic_conducted_on_precision: row.diagnosticConductedOnPrecision,
        diagnostic_conducted_by: row.diagnosticConductedBy,
        diagnostic_funded_by_caf: row.diagnosticFundedByCaf,
        diagnostic_summary: row.diagnosticSummary,
      }));
    const outcome = await writeTableIds(tx, CONVENTION_TABLE, write, wave, {
      actor,
      batchSize,
      afterBatch: async (rows) => {
        context.progress(rows);
        await yieldToEventLoop();
      },
    });
    for (const id of outcome.created) created.add(id);
    for (const id of outcome.updated) updated.add(id);
  }

  // Covered communes: every row when the file has the column, otherwise only the new conventions (their default set).
  const createdReferences =
    created.size === 0
      ? new Set<string>()
      : new Set(
          ((await tx.query(`SELECT reference FROM convention WHERE id = ANY($1)`, [[...created]])) as Array<{ reference: string }>).map(
            (r) => r.reference,
          ),
        );
  const coverage = rows
    .filter((r) => context.present("covered_communes") || createdReferences.has(r.row.reference as string))
    .map((r) => ({ reference: r.row.reference, communes: r.row.coveredCommunes }));
  const { changedParents: coverageChanged } = await replaceCoverage(tx, COVERAGE, coverage, { actor, batchSize });
  // A change of covered communes alone is a new version of the convention, as with setCoveredCommunes.
  const coverageOnly = coverageChanged.filter((id) => !created.has(id) && !updated.has(id));
  if (coverageOnly.length > 0) {
    await tx.query(`UPDATE convention SET version = version + 1, updated_at = now() WHERE id = ANY($1)`, [coverageOnly]);
    for (const id of coverageOnly) updated.add(id);
  }
  return [tableCount("convention", "conventions", rows.length, created.size, updated.size)];
}

export const conventionsKind: ImportKind<ConventionRow> = {
  name: "conventions",
  label: "conventions",
  naturalKey: "reference",
  columns: CONVENTION_COLUMNS,
  read: (reader) => readConvention(reader),
  checkRows: checkConventionRows,
  checkDatabase: checkConventionReferences,
  write: writeConventions,
};
