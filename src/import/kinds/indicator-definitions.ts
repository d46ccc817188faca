import { FIELD_RULES } from "../../common/field-rules";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { IndicatorDirection, IndicatorLevel } from "../../indicator/indicator-enums";
import { INDICATOR_DEFINITION_TABLE } from "../../indicator/indicator.table";
import type { RowReader } from "../columns";
import { EnumReader, parseText } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes, distinct } from "../vocabulary";

type DefinitionColumn = keyof typeof INDICATOR_DEFINITION_TABLE.columns;

const levelReader = new EnumReader<IndicatorLevel>(Object.values(IndicatorLevel), {
  ACTION: [],
  OBJECTIVE: ["objectif"],
  CONVENTION: ["ctg"],
  TERRITORY: ["territoire"],
});

const directionReader = new EnumReader<IndicatorDirection>(Object.values(IndicatorDirection), {
  HIGHER_IS_BETTER: ["hausse", "plus haut", "à la hausse"],
  LOWER_IS_BETTER: ["baisse", "plus bas", "à la baisse"],
});

/** A definition of the national catalogue of indicators (what `setIndicatorDefinition` writes, for administrators). */
export interface DefinitionRow {
  code: string | null;
  label: string | null;
  level: IndicatorLevel | null;
  unit: string | null;
  direction: IndicatorDirection | null;
}

function readDefinition(reader: RowReader): DefinitionRow {
  return {
    code: reader.field("code", (raw) => parseText(raw, FIELD_RULES.indicatorCode), { required: true }),
    label: reader.field("label", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    level: reader.field("level", (raw) => levelReader.parse(raw), { required: true }),
    unit: reader.field("unit", (raw) => parseText(raw, FIELD_RULES.unit)),
    direction: reader.field("direction", (raw) => directionReader.parse(raw)),
  };
}

function checkDefinitionRows(rows: ReadonlyArray<Located<DefinitionRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    (r) => r.code,
    problems,
    "code",
    (r) => r.code,
    "indicateur (même code)",
  );
}

/** The catalogue is national (administrators); a definition's level changes only while no value is measured at another. */
async function checkDefinitionReferences(
  rows: ReadonlyArray<Located<DefinitionRow>>,
  { tx, viewer, problems }: CheckContext,
): Promise<void> {
  await checkRowScopes(tx, viewer, problems, rows, (row) => (row.code ? { owner: { field: "code", ref: { kind: "national" } } } : null));
  const codes = distinct(rows.map((r) => r.row.code));
  const measured: Array<{ code: string; level: IndicatorLevel }> =
    codes.length === 0
      ? []
      : await tx.query(
          `SELECT d.code, d.level FROM indicator_definition d WHERE d.code = ANY($1)
           AND EXISTS (SELECT 1 FROM indicator_value v WHERE v.indicator = d.code)`,
          [codes],
        );
  const levelOf = new Map(measured.map((m) => [m.code, m.level]));
  for (const { line, row } of rows) {
    const stored = row.code === null ? undefined : levelOf.get(row.code);
    if (stored !== undefined && row.level !== null && stored !== row.level) {
      problems.add(line, "level", row.level, `des valeurs de « ${row.code} » existent au niveau ${stored} : niveau inchangeable`);
    }
  }
}

/** Definitions upserted on their code; absent unit and direction columns keep what is stored. */
function definitionsWrite(present: (column: string) => boolean): TableWrite<DefinitionColumn> & { returning: "ids" } {
  const absent = (["unit", "direction"] as const).filter((c) => !present(c));
  return {
    columns: ["code", "label", "unit", "direction", "level"],
    onConflict: { kind: "update", keep: ["code", ...absent] },
    audit: "indicator_definition",
    returning: "ids",
  };
}

async function writeDefinitions(rows: ReadonlyArray<Located<DefinitionRow>>, context: WriteContext) {
  const outcome = await writeTableIds(
    context.tx,
    INDICATOR_DEFINITION_TABLE,
    definitionsWrite(context.present),
    rows.map(({ row }) => ({ code: row.code, label: row.label, unit: row.unit, direction: row.direction, level: row.level })),
    batchOptions(context),
  );
  return [tableCount("indicator_definition", "définitions d'indicateurs", rows.length, outcome.created.length, outcome.updated.length)];
}

export const indicatorDefinitionsKind: ImportKind<DefinitionRow> = {
  name: "indicator_definitions",
  label: "définitions d'indicateurs",
  naturalKey: "code",
  columns: [
    {
      name: "code",
      required: true,
      aliases: ["code_indicateur", "indicateur"],
      description: "Code (minuscules, chiffres et _ ; ex. families_reached)",
    },
    { name: "label", required: true, aliases: ["libelle"], description: "Libellé" },
    {
      name: "level",
      required: true,
      aliases: ["niveau"],
      description: "action, objective, convention ou territory (objectif, CTG, territoire)",
    },
    { name: "unit", aliases: ["unite"], description: "Unité (ex. familles, places, %, €)" },
    {
      name: "direction",
      aliases: ["sens"],
      description: "higher_is_better ou lower_is_better (hausse, baisse) ; vide : un chiffre de contexte",
    },
  ],
  read: (reader) => readDefinition(reader),
  checkRows: checkDefinitionRows,
  checkDatabase: checkDefinitionReferences,
  write: writeDefinitions,
};
