import type { EntityManager } from "typeorm";
import { inDataTransaction } from "../db/write";
import { SourceKind } from "../provenance/source.entity";
import { upsertSource } from "../provenance/source.service";
import { readGeographyPackage, VINTAGE_PACKAGES, type GeographyPackage } from "./geography.source";

/** One COG vintage: its year and the package release that holds it. */
export interface Vintage {
  year: number;
  geo: Pick<GeographyPackage, "communes" | "attached" | "epci" | "version">;
}

export interface TableCount {
  rows: number;
  created: number;
  updated: number;
  removed: number;
}

export interface VintageImportReport {
  years: number[];
  communeVintages: TableCount;
  intercommunalityVintages: TableCount;
  passages: TableCount;
  lineage: TableCount;
  durationMs: number;
}

/** Every vintage installed beside the current package (package.json's npm aliases), oldest first. */
export function readVintages(): Vintage[] {
  return VINTAGE_PACKAGES.map(({ year, name }) => ({ year, geo: readGeographyPackage(name) }));
}

interface CommuneVintageRow {
  code: string;
  first_year: number;
  last_year: number;
  name: string;
  department_code: string;
  intercommunality_siren: string | null;
  population: number | null;
}
interface IntercommunalityVintageRow {
  siren: string;
  first_year: number;
  last_year: number;
  name: string;
  kind: string;
  population: number | null;
  municipal_population: number | null;
}
interface PassageRow {
  former_code: string;
  year: number;
  successor_code: string;
  kind: "MERGED" | "SPLIT";
  former_name: string;
}

/**
 * Runs of consecutive vintages over which a key's values did not change: one row per run, with its first and last
 * year. `values` lists a key's values per year (oldest first); vintages are consecutive years.
 */
function runs<T extends object>(
  byKey: Map<string, Array<{ year: number; value: T }>>,
): Array<{ key: string; first: number; last: number; value: T }> {
  const out: Array<{ key: string; first: number; last: number; value: T }> = [];
  for (const [key, years] of byKey) {
    let run: { key: string; first: number; last: number; value: T } | null = null;
    for (const { year, value } of years) {
      if (run && run.last === year - 1 && JSON.stringify(run.value) === JSON.stringify(value)) run.last = year;
      else {
        run = { key, first: year, last: year, value };
        out.push(run);
      }
    }
  }
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The rows of the three history tables, from the vintages alone (pure, so the rules are tested without a database).
 * Passages between consecutive vintages: a code current in year N-1 and not in N went to the communes of N listing it
 * in `anciensCodes` (or, failing that, to the chef-lieu it is attached to in N); a commune of N that was a commune
 * déléguée or associée of a commune still current is a split: that commune passes to itself and to the restored one.
 */
export function vintageRows(vintages: readonly Vintage[]) {
  const communes = new Map<string, Array<{ year: number; value: Omit<CommuneVintageRow, "code" | "first_year" | "last_year"> }>>();
  const epcis = new Map<string, Array<{ year: number; value: Omit<IntercommunalityVintageRow, "siren" | "first_year" | "last_year"> }>>();
  const passages: PassageRow[] = [];
  let previous: Vintage | null = null;
  for (const vintage of vintages) {
    const epciOf = new Map<string, string>();
    for (const epci of vintage.geo.epci) {
      for (const member of epci.membres) epciOf.set(member.code, epci.code);
      push(epcis, epci.code, {
        year: vintage.year,
        value: {
          name: epci.nom,
          kind: epci.type,
          population: epci.populationTotale ?? null,
          municipal_population: epci.populationMunicipale ?? null,
        },
      });
    }
    for (const c of vintage.geo.communes) {
      push(communes, c.code, {
        year: vintage.year,
        value: {
          name: c.nom,
          department_code: c.departement ?? c.collectiviteOutremer?.code ?? "",
          intercommunality_siren: epciOf.get(c.code) ?? null,
          population: c.population ?? null,
        },
      });
    }
    if (previous) passages.push(...passagesBetween(previous, vintage));
    previous = vintage;
  }
  return {
    communes: runs(communes).map(
      ({ key, first, last, value }): CommuneVintageRow => ({ code: key, first_year: first, last_year: last, ...value }),
    ),
    intercommunalities: runs(epcis).map(
      ({ key, first, last, value }): IntercommunalityVintageRow => ({ siren: key, first_year: first, last_year: last, ...value }),
    ),
    passages,
  };
}

function passagesBetween(before: Vintage, after: Vintage): PassageRow[] {
  const was = new Map(before.geo.communes.map((c) => [c.code, c]));
  const is = new Map(after.geo.communes.map((c) => [c.code, c]));
  const listedBy = new Map<string, string[]>();
  for (const c of after.geo.communes) for (const code of c.anciensCodes ?? []) push(listedBy, code, c.code);
  const chefLieuAfter = new Map(after.geo.attached.map((a) => [a.code, a.chefLieu as string]));
  const rows: PassageRow[] = [];
  for (const [code, commune] of was) {
    if (is.has(code)) continue;
    const successors = listedBy.get(code) ?? [chefLieuAfter.get(code)].filter((s): s is string => s != null && is.has(s));
    for (const successor of new Set(successors)) {
      rows.push({ former_code: code, year: after.year, successor_code: successor, kind: "MERGED", former_name: commune.nom });
    }
  }
  const chefLieuBefore = new Map(before.geo.attached.map((a) => [a.code, a.chefLieu as string]));
  for (const code of is.keys()) {
    const parent = chefLieuBefore.get(code);
    if (was.has(code) || parent == null || !was.has(parent) || !is.has(parent)) continue;
    const name = was.get(parent)?.nom as string;
    rows.push({ former_code: parent, year: after.year, successor_code: parent, kind: "SPLIT", former_name: name });
    rows.push({ former_code: parent, year: after.year, successor_code: code, kind: "SPLIT", former_name: name });
  }
  // A commune restoring two of its former parts gives its row to itself once.
  const unique = new Map(rows.map((r) => [`${r.former_code}/${r.year}/${r.successor_code}`, r]));
  return [...unique.values()];
}

/**
 * Upserts `rows` into `table` through a temporary copy, and deletes the table's rows the import no longer produces:
 * three set-based statements, rows whose values are unchanged untouched (a re-import writes nothing).
 */
async function sync(tx: EntityManager, table: string, key: string[], columns: Record<string, string>, rows: object[]): Promise<TableCount> {
  const names = Object.keys(columns);
  const spec = names.map((n) => `${n} ${columns[n]}`).join(", ");
  await tx.query(`CREATE TEMP TABLE staging_${table} ON COMMIT DROP AS SELECT * FROM json_to_recordset($1::json) AS r(${spec})`, [
    JSON.stringify(rows),
  ]);
  return syncFromStaging(tx, table, key, names, rows.length);
}

/** The upsert and delete of `sync`, from the temporary table `staging_<table>` holding every row `table` must hold. */
async function syncFromStaging(tx: EntityManager, table: string, key: string[], names: string[], rows: number): Promise<TableCount> {
  const staging = `staging_${table}`;
  const values = names.filter((n) => !key.includes(n));
  const upserted: Array<{ inserted: boolean }> = await tx.query(
    `INSERT INTO ${table} (${names.join(", ")}) SELECT ${names.join(", ")} FROM ${staging}
     ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${values.map((v) => `${v} = excluded.${v}`).join(", ")}
     WHERE (${values.map((v) => `${table}.${v}`).join(", ")}) IS DISTINCT FROM (${values.map((v) => `excluded.${v}`).join(", ")})
     RETURNING (xmax = 0) AS inserted`,
  );
  // Counted in SQL: TypeORM answers a bare DELETE with [rows, affected], not the rows.
  const [{ removed }]: Array<{ removed: number }> = await tx.query(
    `WITH gone AS (DELETE FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM ${staging} s WHERE ${key.map((k) => `s.${k} = t.${k}`).join(" AND ")}) RETURNING 1)
     SELECT count(*)::int AS removed FROM gone`,
  );
  const created = upserted.filter((r) => r.inserted).length;
  return { rows, created, updated: upserted.length - created, removed };
}

/**
 * The rows of `commune_lineage` (vintage.entity.ts) from `commune_vintage` and `commune_passage`, for the vintages
 * `first` to `last`: each commune of each vintage goes to the current communes its passages after that vintage lead to
 * (followed from passage to passage; none: itself), and is counted, with its population, in the element of its year.
 */
export function lineageSql(first: number, last: number): string {
  const years: number[] = [];
  for (let year = Math.trunc(first); year <= Math.trunc(last); year++) years.push(year);
  const communes = years.map((y) => `count(*) FILTER (WHERE s.year = ${y})`).join(", ");
  const populations = years.map((y) => `coalesce(sum(s.population) FILTER (WHERE s.year = ${y}), 0)`).join(", ");
  return `
  WITH RECURSIVE chain(v, start, code, year) AS (
    SELECT y.v, p.former_code, p.successor_code, p.year
    FROM generate_series(${years[0]}, ${years[years.length - 1]}) y(v) JOIN commune_passage p ON p.year > y.v
    UNION
    SELECT c.v, c.start, p.successor_code, p.year FROM chain c JOIN commune_passage p ON p.former_code = c.code AND p.year > c.year
  ),
  became AS (
    SELECT c.v, c.start AS code, array_agg(DISTINCT c.code ORDER BY c.code) AS successors FROM chain c
    WHERE NOT EXISTS (SELECT 1 FROM commune_passage p WHERE p.former_code = c.code AND p.year > c.year)
    GROUP BY c.v, c.start
  )
  SELECT (CASE WHEN s.split IS NULL THEN s.current_code ELSE s.code END)::char(5) AS code, s.department_code,
    coalesce(s.split, ARRAY[min(s.current_code)])::char(5)[] AS successors,
    coalesce(cardinality(s.split), 1)::smallint AS parts, ${years[0]}::smallint AS first_year,
    ARRAY[${communes}]::smallint[] AS communes, ARRAY[${populations}]::integer[] AS populations
  FROM (
    SELECT y.year, m.code, m.department_code, coalesce(m.population, 0) AS population,
      CASE WHEN cardinality(b.successors) = 1 THEN b.successors[1] ELSE m.code END AS current_code,
      CASE WHEN cardinality(b.successors) > 1 THEN b.successors END AS split
    FROM commune_vintage m CROSS JOIN LATERAL generate_series(m.first_year::int, m.last_year::int) y(year)
    LEFT JOIN became b ON b.v = y.year AND b.code = m.code
  ) s
  GROUP BY CASE WHEN s.split IS NULL THEN s.current_code ELSE s.code END, s.department_code, s.split`;
}

/** Rewrites `commune_lineage` from the vintages loaded (none: empty), as `sync` does: a re-run writes nothing. */
export async function refreshLineage(tx: EntityManager): Promise<TableCount> {
  const [bounds]: Array<{ first: number | null; last: number | null }> = await tx.query(
    "SELECT min(first_year)::int AS first, max(last_year)::int AS last FROM commune_vintage",
  );
  const select =
    bounds?.first == null || bounds.last == null
      ? "SELECT * FROM commune_lineage WHERE false"
      : lineageSql(Number(bounds.first), Number(bounds.last));
  await tx.query(`CREATE TEMP TABLE staging_commune_lineage ON COMMIT DROP AS ${select}`);
  const [{ rows }]: Array<{ rows: number }> = await tx.query("SELECT count(*)::int AS rows FROM staging_commune_lineage");
  const names = ["code", "department_code", "successors", "parts", "first_year", "communes", "populations"];
  const count = await syncFromStaging(tx, "commune_lineage", ["code", "department_code", "successors"], names, rows);
  // Its statistics at once (PGlite has no autovacuum): without them the history's plan guesses a third of the rows split.
  if (count.created + count.updated + count.removed > 0) await tx.query("ANALYZE commune_lineage");
  return count;
}

/**
 * Loads every installed COG vintage (communes and EPCI per run of years, and the passages between vintages) in one
 * transaction, idempotently. Run by `npm run import:geography`, not at start-up (see the README).
 */
export async function importVintages(manager: EntityManager, vintages: readonly Vintage[] = readVintages()): Promise<VintageImportReport> {
  const started = Date.now();
  const rows = vintageRows(vintages);
  return inDataTransaction(manager, async (tx) => {
    const communeVintages = await sync(
      tx,
      "commune_vintage",
      ["code", "first_year"],
      {
        code: "text",
        first_year: "smallint",
        last_year: "smallint",
        name: "text",
        department_code: "text",
        intercommunality_siren: "text",
        population: "integer",
      },
      rows.communes,
    );
    const intercommunalityVintages = await sync(
      tx,
      "intercommunality_vintage",
      ["siren", "first_year"],
      {
        siren: "text",
        first_year: "smallint",
        last_year: "smallint",
        name: "text",
        kind: "text",
        population: "integer",
        municipal_population: "integer",
      },
      rows.intercommunalities,
    );
    const passages = await sync(
      tx,
      "commune_passage",
      ["former_code", "year", "successor_code"],
      { former_code: "text", year: "smallint", successor_code: "text", kind: "text", former_name: "text" },
      rows.passages,
    );
    const lineage = await refreshLineage(tx);
    const years = vintages.map((v) => v.year);
    await upsertSource(tx, {
      code: "geography-vintages",
      kind: SourceKind.GEOGRAPHY,
      title: "Millésimes du découpage administratif : communes et EPCI de chaque année, passages d'un millésime au suivant",
      citation:
        "Code officiel géographique (INSEE) et composition des EPCI (DGCL), via les versions successives du paquet npm @etalab/decoupage-administratif",
      // The source's vintage is at most 100 characters: the years' range and the releases, in the same order.
      vintage: `COG ${years[0]}–${years[years.length - 1]} (${vintages.map((v) => v.geo.version).join(", ")})`,
    });
    return { years, communeVintages, intercommunalityVintages, passages, lineage, durationMs: Date.now() - started };
  });
}
