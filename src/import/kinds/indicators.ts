import { FIELD_RULES } from "../../common/field-rules";
import { ensureDefinitions, indicatorValueRule } from "../../indicator/indicator-catalogue";
import type { ColumnMapping, RowReader } from "../columns";
import { normalizeKey, parseCommuneCode, parseDate, parseNumber, parseText, type Parsed, type RawValue } from "../fields";
import {
  reportDuplicates,
  tableCount,
  type CheckContext,
  type ImportKind,
  type KindOptions,
  type Located,
  type WriteContext,
  batchOptions,
} from "../kind";
import type { ProblemList } from "../problems";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { type IndicatorColumn, INDICATOR_VALUE_TABLE } from "../../indicator/indicator.table";
import { checkRowScopes } from "../vocabulary";
import { checkSourceCodes, readSourceCode, SOURCE_CODE_COLUMN, SOURCE_ID, SOURCE_INPUT, SOURCE_JOIN } from "../source-code";

export interface Territory {
  kind: "commune" | "epci";
  code: string;
}

export interface IndicatorRow {
  indicator: string | null;
  year: number | null;
  territory: Territory | null;
  value: number | null;
  note: string | null;
  sourceCode: string | null;
}

/**
 * Value headers of open-data files that say which indicator they hold: a CAF file with `NB_ALLOCATAIRES`
 * needs no `--indicator`.
 */
const IMPLIED_INDICATOR: Record<string, string> = {
  nb_allocataires: "allocataires",
  nb_alloc: "allocataires",
  allocataires: "allocataires",
};

export function impliedIndicator(valueHeader: string | undefined): string | null {
  return valueHeader === undefined ? null : (IMPLIED_INDICATOR[normalizeKey(valueHeader)] ?? null);
}

/** A commune (INSEE code, its lost leading zero restored) or an EPCI (9-digit SIREN). */
export function parseTerritory(raw: RawValue): Parsed<Territory> {
  const text = String(raw).replace(/[\s\u00a0]/g, "");
  if (/^\d{9}$/.test(text)) return { ok: true, value: { kind: "epci", code: text } };
  const commune = parseCommuneCode(text);
  return commune.ok
    ? { ok: true, value: { kind: "commune", code: commune.value } }
    : { ok: false, reason: "code commune INSEE (5 caractères) ou SIREN d'EPCI (9 chiffres) attendu" };
}

/** A year, or a reference date from which the year is taken (open data often dates its figures: 31/12/2023). */
export function parseYear(raw: RawValue): Parsed<number> {
  const year = parseNumber(raw, FIELD_RULES.year);
  if (year.ok) return year;
  const date = parseDate(raw);
  return date.ok
    ? { ok: true, value: Number(date.value.slice(0, 4)) }
    : { ok: false, reason: "année attendue (ex. 2024) entre 1900 et 2100" };
}

const parseIndicator = (raw: RawValue) => parseText(raw, FIELD_RULES.indicatorCode);

function readIndicator(reader: RowReader, options: KindOptions): IndicatorRow {
  const indicator = reader.field("indicator", parseIndicator) ?? options.indicator ?? impliedIndicator(reader.headerOf("value"));
  // No indicator anywhere: reported once on the header by checkColumns.
  if (indicator === null) reader.reject();
  return {
    indicator,
    year: reader.field("year", parseYear, { required: true }),
    territory: reader.field("territory_code", parseTerritory, { required: true }),
    // Validated by its indicator: counts (allocataires…) are whole and never negative.
    value: reader.field("value", (raw) => parseNumber(raw, indicatorValueRule(indicator)), { required: true }),
    note: reader.field("note", (raw) => parseText(raw, FIELD_RULES.note)),
    sourceCode: readSourceCode(reader),
  };
}

function checkIndicatorColumns(mapping: ColumnMapping, options: KindOptions, problems: ProblemList): void {
  if (options.indicator !== null) {
    const check = parseIndicator(options.indicator);
    if (!check.ok) problems.add(1, null, options.indicator, `--indicator : ${check.reason}`);
    return;
  }
  if (!mapping.headerOf.has("indicator") && impliedIndicator(mapping.headerOf.get("value")) === null) {
    problems.add(
      1,
      null,
      null,
      "indicateur inconnu : ajoutez une colonne indicator ou donnez --indicator <code> (ex. --indicator allocataires)",
    );
  }
}

const territoryKey = (t: Territory | null) => (t ? `${t.kind}:${t.code}` : null);
const indicatorKey = (row: IndicatorRow) =>
  row.indicator && row.year !== null && row.territory ? `${row.indicator}\u0000${row.year}\u0000${territoryKey(row.territory)}` : null;

function checkIndicatorRows(rows: ReadonlyArray<Located<IndicatorRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    indicatorKey,
    problems,
    "territory_code",
    (r) => r.territory?.code ?? null,
    "valeur (même indicateur, même année, même territoire)",
  );
}

async function checkIndicatorReferences(rows: ReadonlyArray<Located<IndicatorRow>>, context: CheckContext): Promise<void> {
  const { tx, viewer, problems } = context;
  await checkSourceCodes(rows, (row) => row.sourceCode, context);
  // As setIndicator: a commune's value by its département's staff; an EPCI's value by staff of each of its départements.
  await checkRowScopes(tx, viewer, problems, rows, ({ territory }) =>
    territory
      ? {
          owner: {
            field: "territory_code",
            ref:
              territory.kind === "commune"
                ? { kind: "commune", code: territory.code }
                : { kind: "intercommunality", siren: territory.code },
          },
        }
      : null,
  );
}

/** Values matched on (indicator, year, commune) or (indicator, year, EPCI): the table's two partial unique keys. */
function indicatorsWrite(present: (column: string) => boolean): TableWrite<IndicatorColumn> & { returning: "ids" } {
  const kept: IndicatorColumn[] = [
    ...(present("note") ? [] : ["note" as const]),
    ...(present("source_code") ? [] : ["source_id" as const]),
  ];
  return {
    columns: ["indicator", "year", "commune_code", "intercommunality_siren", "value", "note", "source_id"],
    computed: SOURCE_ID,
    inputs: SOURCE_INPUT,
    joins: `LEFT JOIN indicator_value tc ON tc.indicator = j.indicator AND tc.year = j.year AND tc.commune_code = j.commune_code
      LEFT JOIN indicator_value te ON te.indicator = j.indicator AND te.year = j.year AND te.intercommunality_siren = j.intercommunality_siren
      ${SOURCE_JOIN}`,
    onConflict: {
      kind: "match",
      target: "coalesce(tc.id, te.id)",
      keep: ["indicator", "year", "commune_code", "intercommunality_siren", ...kept],
    },
    audit: "indicator_value",
    returning: "ids",
  };
}

async function writeIndicators(rows: ReadonlyArray<Located<IndicatorRow>>, context: WriteContext) {
  await ensureDefinitions(
    context.tx,
    rows.flatMap(({ row }) => (row.indicator === null ? [] : [row.indicator])),
  );
  const outcome = await writeTableIds(
    context.tx,
    INDICATOR_VALUE_TABLE,
    indicatorsWrite(context.present),
    rows.map(({ row }) => ({
      indicator: row.indicator,
      year: row.year,
      value: row.value,
      note: row.note,
      commune_code: row.territory?.kind === "commune" ? row.territory.code : null,
      intercommunality_siren: row.territory?.kind === "epci" ? row.territory.code : null,
      source_code: row.sourceCode,
    })),
    batchOptions(context),
  );
  return [tableCount("indicator_value", "valeurs d'indicateurs", rows.length, outcome.created.length, outcome.updated.length)];
}

export const indicatorsKind: ImportKind<IndicatorRow> = {
  name: "indicators",
  label: "valeurs d'indicateurs",
  naturalKey: "indicator + year + territory_code",
  ignoreUnknownColumns: true,
  columns: [
    {
      name: "territory_code",
      required: true,
      aliases: [
        "codgeo",
        "code_geo",
        "code_commune",
        "code_insee",
        "insee",
        "insee_com",
        "depcom",
        "numcom",
        "com",
        "code_epci",
        "siren_epci",
        "epci",
        "siren",
        "code_territoire",
        "code",
      ],
      description:
        "Code INSEE de la commune (5 caractères ; un zéro initial perdu par un tableur est rétabli) ou SIREN de l'EPCI (9 chiffres)",
    },
    {
      name: "year",
      required: true,
      aliases: ["annee", "an", "millesime", "date_ref", "date_reference"],
      description: "Année (ou date de référence, dont l'année est retenue)",
    },
    {
      name: "value",
      required: true,
      aliases: ["valeur", "nombre", "nb", "effectif", "nb_allocataires", "nb_alloc", "allocataires"],
      description: "Valeur (virgule décimale acceptée)",
    },
    {
      name: "indicator",
      aliases: ["indicateur", "code_indicateur"],
      description: "Code de l'indicateur (ex. allocataires) ; sinon --indicator, ou déduit d'une colonne NB_ALLOCATAIRES",
    },
    { name: "note", aliases: ["commentaire", "source"], description: "Précision (source, date)" },
    SOURCE_CODE_COLUMN,
  ],
  checkColumns: checkIndicatorColumns,
  read: readIndicator,
  checkRows: checkIndicatorRows,
  checkDatabase: checkIndicatorReferences,
  write: writeIndicators,
};
