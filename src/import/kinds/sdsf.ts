import type { IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import type { RowReader } from "../columns";
import { parseDate, parseDepartmentCode, parseNumber, parseText } from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext, batchOptions } from "../kind";
import type { ProblemList } from "../problems";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { SDSF_AXIS_TABLE, SDSF_SCHEME_TABLE } from "../../sdsf/sdsf.table";
import { yieldToEventLoop } from "../event-loop";
import { checkRowScopes, distinct } from "../vocabulary";

/** One axis of a scheme; the scheme's own columns repeat on each of its rows. */
export interface SdsfRow {
  department: string | null;
  title: string | null;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  axisNumber: number | null;
  axisTitle: string | null;
  axisDescription: string | null;
}

function readSdsf(reader: RowReader): SdsfRow {
  const startsOn = reader.field("starts_on", parseDate);
  const endsOn = reader.field("ends_on", parseDate);
  if (startsOn && endsOn && endsOn < startsOn) reader.report("ends_on", `la fin (${endsOn}) précède le début (${startsOn})`);
  return {
    department: reader.field("department", parseDepartmentCode, { required: true }),
    title: reader.field("title", (raw) => parseText(raw, FIELD_RULES.title), { required: true }),
    startsOn,
    endsOn,
    axisNumber: reader.field("axis_number", (raw) => parseNumber(raw, FIELD_RULES.axisNumber), { required: true }),
    axisTitle: reader.field("axis_title", (raw) => parseText(raw, FIELD_RULES.title), { required: true }),
    axisDescription: reader.field("axis_description", (raw) => parseText(raw, FIELD_RULES.longText)),
  };
}

const schemeKey = (row: SdsfRow) => (row.department && row.title ? `${row.department}\u0000${row.title}` : null);

function checkSdsfRows(rows: ReadonlyArray<Located<SdsfRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    (r) => (schemeKey(r) && r.axisNumber !== null ? `${schemeKey(r)}\u0000${r.axisNumber}` : null),
    problems,
    "axis_number",
    (r) => (r.axisNumber === null ? null : String(r.axisNumber)),
    "axe (même schéma, même numéro)",
  );
  // The scheme's period is repeated on each axis row: the rows of one scheme must agree.
  const first = new Map<string, Located<SdsfRow>>();
  for (const located of rows) {
    const key = schemeKey(located.row);
    if (key === null) continue;
    const reference = first.get(key);
    if (!reference) {
      first.set(key, located);
      continue;
    }
    for (const [column, field] of [
      ["starts_on", "startsOn"],
      ["ends_on", "endsOn"],
    ] as const) {
      if (located.row[field] !== reference.row[field]) {
        problems.add(
          located.line,
          column,
          located.row[field],
          `diffère de la ligne ${reference.line} du même schéma (${reference.row[field] ?? "vide"})`,
        );
      }
    }
  }
}

async function checkSdsfReferences(rows: ReadonlyArray<Located<SdsfRow>>, { tx, viewer, problems }: CheckContext): Promise<void> {
  const codes = distinct(rows.map((r) => r.row.department));
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.department ? { owner: { field: "department", ref: { kind: "department", code: row.department } } } : null,
  );
  const ambiguous: Array<{ department_code: string; title: string }> =
    codes.length === 0
      ? []
      : await tx.query(`SELECT department_code, title FROM sdsf_scheme WHERE department_code = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1`, [
          codes,
        ]);
  const ambiguousKeys = new Set(ambiguous.map((a) => `${a.department_code}\u0000${a.title}`));
  for (const { line, row } of rows) {
    const key = schemeKey(row);
    if (key && ambiguousKeys.has(key)) problems.add(line, "title", row.title, "plusieurs SDSF de ce département portent déjà cet intitulé");
  }
}

type SchemeColumn = keyof typeof SDSF_SCHEME_TABLE.columns;
type AxisColumn = keyof typeof SDSF_AXIS_TABLE.columns;

/** Schemes matched on (département, title), which no constraint makes unique; only their dates change. */
function schemesWrite(keep: readonly SchemeColumn[]): TableWrite<SchemeColumn> & { returning: "ids" } {
  return {
    columns: ["department_code", "title", "starts_on", "ends_on"],
    joins: "LEFT JOIN sdsf_scheme m ON m.department_code = j.department_code AND m.title = j.title",
    onConflict: { kind: "match", target: "m.id", keep: ["department_code", "title", ...keep] },
    audit: "sdsf_scheme",
    returning: "ids",
  };
}

/** Axes have a unique (scheme, number): upserted on it, the scheme found by its département and title. */
function axesWrite(keep: readonly AxisColumn[]): TableWrite<AxisColumn> & { returning: "ids" } {
  return {
    columns: ["scheme_id", "number", "title", "description"],
    computed: { scheme_id: "s.id" },
    inputs: { department_code: "text", scheme_title: "text" },
    joins: "JOIN sdsf_scheme s ON s.department_code = j.department_code AND s.title = j.scheme_title",
    onConflict: { kind: "update", keep: ["scheme_id", "number", ...keep] },
    audit: "sdsf_axis",
    returning: "ids",
  };
}

async function writeSdsf(rows: ReadonlyArray<Located<SdsfRow>>, context: WriteContext) {
  const schemes = new Map<string, SdsfRow>();
  for (const { row } of rows) if (!schemes.has(schemeKey(row) as string)) schemes.set(schemeKey(row) as string, row);
  // Only the columns the file has are updated; the others are set on insert and left alone on update.
  const absentDates = (["starts_on", "ends_on"] as const).filter((column) => !context.present(column));
  const schemeOutcome = await writeTableIds(
    context.tx,
    SDSF_SCHEME_TABLE,
    schemesWrite(absentDates),
    [...schemes.values()].map((s) => ({ department_code: s.department, title: s.title, starts_on: s.startsOn, ends_on: s.endsOn })),
    { actor: context.actor, batchSize: context.batchSize, afterBatch: yieldToEventLoop },
  );
  const axisOutcome = await writeTableIds(
    context.tx,
    SDSF_AXIS_TABLE,
    axesWrite(context.present("axis_description") ? [] : ["description"]),
    rows.map(({ row }) => ({
      department_code: row.department,
      scheme_title: row.title,
      number: row.axisNumber,
      title: row.axisTitle,
      description: row.axisDescription,
    })),
    batchOptions(context),
  );
  return [
    tableCount("sdsf_scheme", "schémas (SDSF)", schemes.size, schemeOutcome.created.length, schemeOutcome.updated.length),
    tableCount("sdsf_axis", "axes", rows.length, axisOutcome.created.length, axisOutcome.updated.length),
  ];
}

export const sdsfKind: ImportKind<SdsfRow> = {
  name: "sdsf",
  label: "axes de SDSF",
  naturalKey: "department + title (schéma), + axis_number (axe)",
  columns: [
    { name: "department", required: true, aliases: ["département", "dep"], description: "Code du département" },
    {
      name: "title",
      required: true,
      aliases: ["titre", "scheme_title", "intitulé"],
      description: "Intitulé du schéma (3 à 300 caractères) ; identifie le schéma dans le département",
    },
    { name: "starts_on", aliases: ["date_debut", "début"], description: "Début du schéma (identique sur toutes ses lignes)" },
    { name: "ends_on", aliases: ["date_fin", "fin"], description: "Fin du schéma (identique sur toutes ses lignes)" },
    { name: "axis_number", required: true, aliases: ["numero_axe", "axe"], description: "Numéro de l'axe (1, 2…)" },
    { name: "axis_title", required: true, aliases: ["titre_axe", "intitule_axe"], description: "Intitulé de l'axe" },
    { name: "axis_description", aliases: ["description_axe", "description"], description: "Description de l'axe" },
  ],
  read: (reader) => readSdsf(reader),
  checkRows: checkSdsfRows,
  checkDatabase: checkSdsfReferences,
  write: writeSdsf,
};
