import type { EntityManager } from "typeorm";
import { INDICATORS, ensureDefinitions } from "../../indicator/indicator-catalogue";
import { INDICATOR_VALUE_TABLE, INTERCOMMUNALITY_INDICATOR_KEY, type IndicatorColumn } from "../../indicator/indicator.table";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import type { ColumnSpec } from "../columns";
import {
  batchOptions,
  reportDuplicates,
  tableCount,
  type CheckContext,
  type ImportKind,
  type Located,
  type SkippedCount,
  type WriteContext,
} from "../kind";
import { SOURCE_ID, SOURCE_INPUT, SOURCE_JOIN } from "../source-code";
import { checkRowScopes } from "../vocabulary";
import { CAF_FORMATS, type CafFormat, cafFormatOf, vintageOfYear } from "./caf-formats";
import { resolveCommunesOfVintages, resolveIntercommunalities, placeKey } from "./caf-geography";
import { type CafPlan, type PlacedRow, planValues, SKIPPED } from "./caf-plan";
import { type CafRow, readCafRow } from "./caf-read";

/** The plan of each file's rows (what is written, what is left out), from its database checks to its write. */
const plans = new WeakMap<ReadonlyArray<Located<CafRow>>, CafPlan>();

const sourceCode = (format: CafFormat, year: number) => `caf:${format.dataset}:${year}`;

/**
 * The source of a dataset's year: which geography its values were published on (January N+1). One row per dataset
 * and year, unchanged by a re-import.
 */
async function recordSources(tx: EntityManager, format: CafFormat, years: readonly number[]): Promise<void> {
  if (years.length === 0) return;
  await tx.query(
    `INSERT INTO source (code, kind, title, citation, vintage)
     SELECT y.code, 'IMPORT', $2, $3, y.vintage FROM unnest($1::text[], $4::text[]) AS y(code, vintage)
     ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, title = excluded.title, citation = excluded.citation, vintage = excluded.vintage
     WHERE (source.kind, source.title, source.citation, source.vintage)
       IS DISTINCT FROM (excluded.kind, excluded.title, excluded.citation, excluded.vintage)`,
    [
      years.map((year) => sourceCode(format, year)),
      `${format.title} (data.caf.fr, jeu ${format.dataset})`,
      `Cnaf, data.caf.fr, jeu ${format.dataset}, fichier importé tel que publié`,
      years.map((year) => `Données ${year}, sur la géographie du 1er janvier ${vintageOfYear(year)} (COG ${vintageOfYear(year)})`),
    ],
  );
}

/**
 * A file published on a COG vintage the hub has not loaded (`npm run import:geography`) is read on today's geography and
 * its former codes: mergers are found, splits are not (a split commune's figure goes whole to the code it kept). Said
 * once per vintage, on the header line.
 */
async function noticeMissingVintages(
  tx: EntityManager,
  format: CafFormat,
  rows: ReadonlyArray<Located<CafRow>>,
  notices: CheckContext["notices"],
): Promise<void> {
  const vintages = [...new Set(rows.map((r) => vintageOfYear(r.row.year as number)))].sort();
  if (vintages.length === 0) return;
  const loaded: Array<{ vintage: number }> = await tx.query(
    `SELECT v AS vintage FROM unnest($1::int[]) AS v
     WHERE EXISTS (SELECT 1 FROM commune_vintage c WHERE c.first_year <= v AND c.last_year >= v)`,
    [vintages],
  );
  const known = new Set(loaded.map((l) => l.vintage));
  for (const vintage of vintages.filter((v) => !known.has(v))) {
    notices.add(
      1,
      format.yearColumn,
      String(vintage - 1),
      `COG ${vintage} non chargé (npm run import:geography) : codes lus sur la géographie actuelle et ses anciens codes, les scissions depuis ne sont pas connues`,
    );
  }
}

/** Resolves each line's place on its vintage (N+1), reports unknown places, notices what is read otherwise. */
async function placeRows(rows: ReadonlyArray<Located<CafRow>>, format: CafFormat, context: CheckContext): Promise<PlacedRow[]> {
  const { tx, problems, notices } = context;
  const located = rows.filter((r) => r.row.place === "territory" && r.row.code !== null && r.row.year !== null);
  const column = format.territoryColumn;
  const placed: PlacedRow[] = [];
  await noticeMissingVintages(tx, format, located, notices);
  if (format.scale === "epci") {
    const epcis = await resolveIntercommunalities(
      tx,
      located.map((r) => r.row.code as string),
    );
    for (const { line, row } of located) {
      const code = row.code as string;
      const vintage = vintageOfYear(row.year as number);
      const epci = epcis.get(code);
      if (!epci?.known) problems.add(line, column, code, "EPCI inconnu (SIREN absent des EPCI actuels et des millésimes chargés)");
      else if (!epci.current) {
        notices.add(
          line,
          column,
          code,
          `EPCI ${epci.name ?? ""} du COG ${vintage} disparu depuis (fusion ou dissolution) : valeurs non reprises`,
        );
        placed.push({ line, row, vintage, targets: [], gone: true });
      } else placed.push({ line, row, vintage, targets: [{ code, name: epci.name ?? code }], gone: false });
    }
    return placed;
  }
  const resolved = await resolveCommunesOfVintages(
    tx,
    located.map((r) => ({ code: r.row.code as string, vintage: vintageOfYear(r.row.year as number) })),
  );
  for (const { line, row } of located) {
    const code = row.code as string;
    const vintage = vintageOfYear(row.year as number);
    const resolution = resolved.get(placeKey({ code, vintage }));
    if (!resolution || resolution.targets.length === 0) {
      problems.add(line, column, code, `commune inconnue (ni du COG ${vintage}, ni actuelle, ni ancien code d'une commune actuelle)`);
      continue;
    }
    const { targets } = resolution;
    const names = targets.map((t) => `${t.code} ${t.name}`).join(", ");
    if (targets.length > 1) {
      notices.add(
        line,
        column,
        code,
        `commune du COG ${vintage} scindée depuis (${names}) : valeurs non reprises, ni partagées ni doublées`,
      );
    } else if (resolution.arrondissementOf !== null) {
      notices.add(line, column, code, `arrondissement municipal, compté dans ${names}`);
    } else if (!resolution.inVintage && resolution.vintageLoaded) {
      const current = targets[0].code === code;
      notices.add(
        line,
        column,
        code,
        `absent du COG ${vintage} : ${current ? "commune créée depuis, lue telle quelle" : `ancien code, lu comme ${names}`}`,
      );
    } else if (resolution.moved) {
      notices.add(line, column, code, `commune du COG ${vintage}, aujourd'hui ${names}`);
    }
    placed.push({ line, row, vintage, targets, gone: false });
  }
  return placed;
}

function cafChecks(format: CafFormat) {
  return async (rows: ReadonlyArray<Located<CafRow>>, context: CheckContext): Promise<void> => {
    const placed = await placeRows(rows, format, context);
    // A value is written where the hub stores it: the current commune or EPCI, in the staff's scope.
    const single = placed.filter((p) => p.targets.length === 1).map((p) => ({ line: p.line, row: p }));
    await checkRowScopes(context.tx, context.viewer, context.problems, single, ({ targets: [target] }) => ({
      owner: {
        field: format.territoryColumn,
        ref: format.scale === "commune" ? { kind: "commune", code: target.code } : { kind: "intercommunality", siren: target.code },
      },
    }));
    plans.set(rows, planValues(placed, format, sourceCode));
  };
}

/**
 * Values upserted on the table's unique key of their scale (commune or EPCI), each row probing the index once: a
 * national file is 500,000 values, and a join matching them against the table would be planned on the statistics of
 * the table before the import (hashing the whole table at every batch of the first import).
 */
const cafWrite = (format: CafFormat): TableWrite<IndicatorColumn> & { returning: "ids" } => ({
  columns: ["indicator", "year", "commune_code", "intercommunality_siren", "value", "note", "source_id"],
  computed: SOURCE_ID,
  inputs: SOURCE_INPUT,
  joins: SOURCE_JOIN,
  onConflict: {
    kind: "update",
    key: format.scale === "epci" ? INTERCOMMUNALITY_INDICATOR_KEY : undefined,
    keep: ["indicator", "year", "commune_code", "intercommunality_siren"],
  },
  audit: "indicator_value",
  returning: "ids",
});

async function writeCaf(format: CafFormat, rows: ReadonlyArray<Located<CafRow>>, context: WriteContext) {
  const plan = plans.get(rows);
  if (!plan) throw new Error("plan absent : les vérifications de la base n'ont pas été faites");
  await recordSources(context.tx, format, [...new Set(plan.values.map((v) => v.year))].sort());
  await ensureDefinitions(context.tx, [...new Set(plan.values.map((v) => v.indicator))]);
  const outcome = await writeTableIds(context.tx, INDICATOR_VALUE_TABLE, cafWrite(format), plan.values, {
    ...batchOptions(context),
    // The progress bar counts the file's lines: each batch of values advances it by its share of them.
    afterBatch: (done: number) => batchOptions(context).afterBatch(Math.round((done * rows.length) / plan.values.length)),
  });
  return [tableCount("indicator_value", "valeurs d'indicateurs", plan.values.length, outcome.created.length, outcome.updated.length)];
}

function skippedOf(rows: ReadonlyArray<Located<CafRow>>): SkippedCount[] {
  const plan = plans.get(rows);
  const count = (reason: string) => plan?.skipped.get(reason) ?? 0;
  return [
    { reason: SKIPPED.masked, count: rows.reduce((n, r) => n + r.row.masked.length, 0) },
    { reason: SKIPPED.unlocated, count: rows.filter((r) => r.row.place === "unlocated").length },
    { reason: SKIPPED.placeholder, count: rows.filter((r) => r.row.place === "placeholder").length },
    ...[SKIPPED.split, SKIPPED.rates, SKIPPED.incomplete, SKIPPED.gone].map((reason) => ({ reason, count: count(reason) })),
  ];
}

/** The kind reading one format of data.caf.fr, as published, for the indicators import. */
function cafKind(format: CafFormat): ImportKind<CafRow> {
  const columns: ColumnSpec[] = [
    {
      name: format.territoryColumn,
      required: true,
      description:
        format.scale === "commune"
          ? "Code INSEE de la commune, sur la géographie du 1er janvier de l'année suivant les données"
          : "SIREN de l'EPCI (XX : hors EPCI, ligne non reprise)",
    },
    {
      name: format.yearColumn,
      required: true,
      description: format.yearColumn === "dtreffre" ? "Mois de référence (décembre de l'année des données)" : "Année des données",
    },
    ...format.values.map((code) => ({ name: code, description: INDICATORS[code]?.label ?? code })),
  ];
  return {
    name: "indicators",
    label: `valeurs d'indicateurs (data.caf.fr, jeu ${format.dataset})`,
    naturalKey: `${format.territoryColumn} + ${format.yearColumn} (une valeur par colonne publiée)`,
    ignoreUnknownColumns: true,
    columns,
    read: (reader) => readCafRow(reader, format),
    checkRows(rows, problems) {
      const what = `ligne (même territoire, même année)`;
      const placed = rows.filter((r) => r.row.code !== null && r.row.year !== null);
      reportDuplicates(
        placed,
        (row) => `${row.code}\u0000${row.year}`,
        problems,
        format.territoryColumn,
        (row) => row.code,
        what,
      );
    },
    checkDatabase: cafChecks(format),
    write: (rows, context) => writeCaf(format, rows, context),
    skipped: skippedOf,
  };
}

const CAF_KINDS = new Map(CAF_FORMATS.map((format) => [format, cafKind(format) as ImportKind<unknown>]));

/** The kind reading a data.caf.fr file given to the indicators import, by its headers; null for any other file. */
export function cafKindFor(headers: readonly string[]): ImportKind<unknown> | null {
  const format = cafFormatOf(headers);
  return format === null ? null : (CAF_KINDS.get(format) ?? null);
}
