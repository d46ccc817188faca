import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
import { type TableDeclaration, type TableRow, writeTableCounts } from "../db/table-writer";
import { COMMUNE_TABLE, DEPARTMENT_TABLE, INTERCOMMUNALITY_TABLE, REGION_TABLE } from "./territory.table";
import { SourceKind } from "../provenance/source.entity";
import { upsertSource } from "../provenance/source.service";
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
    await upsertSource(tx, {
      code: "geography",
      kind: SourceKind.GEOGRAPHY,
      title: "Découpage administratif : communes, EPCI, départements et régions",
      citation: "Code officiel géographique (INSEE) et composition des EPCI (DGCL), via le paquet npm @etalab/decoupage-administratif",
      vintage: geo.vintage,
    });
    return { vintage: geo.vintage, regions, departments, intercommunalities, communes, durationMs: Date.now() - started };
  });
}
