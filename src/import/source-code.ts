import { FIELD_RULES } from "../common/field-rules";
import type { ColumnSpec, RowReader } from "./columns";
import { parseText } from "./fields";
import type { CheckContext, Located } from "./kind";
import { distinct } from "./vocabulary";

/**
 * Provenance of imported rows: a file may name, on each row, the stored source (`source` table, by code) the row
 * comes from; the row's `source_id` points at it. Declared once here for every kind whose table has a source.
 */
export const SOURCE_CODE_COLUMN: ColumnSpec = {
  name: "source_code",
  aliases: ["code_source"],
  description: "Code d'une source déjà enregistrée (ex. reference:joinville) d'où vient la ligne ; colonne absente : source gardée",
};

export const readSourceCode = (reader: RowReader): string | null => reader.field("source_code", (raw) => parseText(raw, FIELD_RULES.name));

/** The write's pieces: the input field, the join finding the source by code, the computed `source_id`. */
export const SOURCE_INPUT = { source_code: "text" } as const;
export const SOURCE_JOIN = "LEFT JOIN source src ON src.code = j.source_code";
export const SOURCE_ID = { source_id: "src.id" } as const;

/** Every source code of the file names a stored source (one query). */
export async function checkSourceCodes<R>(
  rows: ReadonlyArray<Located<R>>,
  codeOf: (row: R) => string | null,
  { tx, problems }: CheckContext,
): Promise<void> {
  const codes = distinct(rows.map((r) => codeOf(r.row)));
  if (codes.length === 0) return;
  const known = new Set(
    ((await tx.query(`SELECT code FROM source WHERE code = ANY($1)`, [codes])) as Array<{ code: string }>).map((s) => s.code),
  );
  for (const { line, row } of rows) {
    const code = codeOf(row);
    if (code !== null && !known.has(code)) problems.add(line, "source_code", code, "source inconnue (enregistrez-la d'abord)");
  }
}
