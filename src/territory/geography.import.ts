import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
import { type TableDeclaration, type TableRow, writeTableCounts } from "../db/table-writer";
import { COMMUNE_TABLE, DEPARTMENT_TABLE, FORMER_CODE_TABLE, INTERCOMMUNALITY_TABLE, REGION_TABLE } from "./territory.table";
import { SourceKind } from "../provenance/source.entity";
import { upsertSource } from "../provenance/source.service";
import { FormerCodeKind } from "./former-code.entity";
import { readGeographyPackage, type GeographyPackage } from "./geography.source";

export interface UpsertCount {
  created: number;
  updated: number;
  unchanged: number;
}

export interface GeographyImportReport {
  vintage: string;
  regions: UpsertCount;
  departments: UpsertCount;
  intercommunalities: UpsertCount;
  communes: UpsertCount;
  formerCodes: UpsertCount & { removed: number };
  durationMs: number;
}

/**
 * Upserts rows by their code through the table's writer and counts what it did. Rows whose values are
 * unchanged are not touched, so a re-import writes nothing.
 */
async function upsertRows<C extends string>(
  manager: EntityManager,
  table: TableDeclaration<C>,
  key: C,
  rows: TableRow[],
): Promise<UpsertCount> {
  const columns = Object.keys(table.columns) as C[];
  const { created, updated } = await writeTableCounts(
    manager,
    table,
    { columns, onConflict: { kind: "update", keep: [key] }, returning: "none" },
    rows,
  );
  return { created, updated, unchanged: rows.length - created - updated };
}

/** Former codes the package no longer lists (or that became current again) resolve no more. */
const STALE_FORMER_CODES_SQL = `
  WITH gone AS (
    DELETE FROM commune_former_code f
    WHERE NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS r(code text) WHERE r.code = f.code)
    RETURNING 1)
  SELECT count(*)::int AS removed FROM gone`;

/**
 * The codes that lead to a current commune: its `anciensCodes` and its communes déléguées and associées. A code that
 * is a current commune's is left out (it resolves to itself), and a code listed twice keeps its déléguée/associée
 * link, which says where it is today (two codes of 6.0.0, 55273 and 60455, are both an old merger and attached).
 */
export function formerCodeRows(geo: Pick<GeographyPackage, "communes" | "attached">) {
  const current = new Set(geo.communes.map((c) => c.code));
  const rows = new Map<string, { code: string; name: string | null; kind: FormerCodeKind; commune_code: string }>();
  for (const commune of geo.communes) {
    for (const code of commune.anciensCodes ?? []) {
      if (!current.has(code) && !rows.has(code))
        rows.set(code, { code, name: null, kind: FormerCodeKind.MERGED, commune_code: commune.code });
    }
  }
  for (const attached of geo.attached) {
    if (attached.chefLieu == null || current.has(attached.code)) continue;
    const kind = attached.type === "commune-associee" ? FormerCodeKind.ASSOCIATED : FormerCodeKind.DELEGATED;
    rows.set(attached.code, { code: attached.code, name: attached.nom, kind, commune_code: attached.chefLieu });
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Rows shaped for the upserts above: pure, so the mapping is tested without a database. */
export function geographyRows(geo: GeographyPackage) {
  const epciByCommune = new Map<string, string>();
  for (const epci of geo.epci) for (const member of epci.membres) epciByCommune.set(member.code, epci.code);
  return {
    regions: geo.regions.map((r) => ({ code: r.code, name: r.nom })),
    departments: geo.departments.map((d) => ({
      code: d.code,
      name: d.nom,
      region_code: d.region,
      zone: d.zone.toUpperCase(),
      capital_code: d.chefLieu ?? null,
    })),
    intercommunalities: geo.epci.map((e) => ({
      siren: e.code,
      name: e.nom,
      kind: e.type,
      population: e.populationTotale,
      municipal_population: e.populationMunicipale,
    })),
    communes: geo.communes.map((c) => ({
      code: c.code,
      name: c.nom,
      department_code: c.departement,
      population: c.population ?? null,
      siren: c.siren ?? null,
      postal_codes: c.codesPostaux ?? [],
      intercommunality_siren: epciByCommune.get(c.code) ?? null,
    })),
  };
}

/**
 * Loads the national geography in one transaction, idempotently: a second run reports every row unchanged.
 * Communes that left the package (mergers between vintages) are kept, since conventions may still point to them.
 */
export async function importGeography(
  manager: EntityManager,
  geo: GeographyPackage = readGeographyPackage(),
): Promise<GeographyImportReport> {
  const started = Date.now();
  const rows = geographyRows(geo);
  return inDataTransaction(manager, async (tx) => {
    const regions = await upsertRows(tx, REGION_TABLE, "code", rows.regions);
    const departments = await upsertRows(tx, DEPARTMENT_TABLE, "code", rows.departments);
    const intercommunalities = await upsertRows(tx, INTERCOMMUNALITY_TABLE, "siren", rows.intercommunalities);
    const communes = await upsertRows(tx, COMMUNE_TABLE, "code", rows.communes);
    const former = formerCodeRows(geo);
    const [{ removed }] = await tx.query(STALE_FORMER_CODES_SQL, [JSON.stringify(former.map((f) => ({ code: f.code })))]);
    const formerCodes = { ...(await upsertRows(tx, FORMER_CODE_TABLE, "code", former)), removed: removed as number };
    await upsertSource(tx, {
      code: "geography",
      kind: SourceKind.GEOGRAPHY,
      title: "Découpage administratif : communes, EPCI, départements et régions",
      citation: "Code officiel géographique (INSEE) et composition des EPCI (DGCL), via le paquet npm @etalab/decoupage-administratif",
      vintage: geo.vintage,
    });
    return { vintage: geo.vintage, regions, departments, intercommunalities, communes, formerCodes, durationMs: Date.now() - started };
  });
}
