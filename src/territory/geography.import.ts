import { inDataTransaction } from "../db/write";
import type { EntityManager } from "typeorm";
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
 * Runs one set-based upsert from a JSON array and counts what it did. Rows whose values are
 * unchanged are not touched (the WHERE on the conflict update), so a re-import writes nothing.
 */
async function upsertJson(manager: EntityManager, sql: string, rows: unknown[]): Promise<UpsertCount> {
  const result: Array<{ inserted: boolean }> = await manager.query(sql, [JSON.stringify(rows)]);
  const created = result.filter((r) => r.inserted).length;
  const updated = result.length - created;
  return { created, updated, unchanged: rows.length - created - updated };
}

const REGIONS_SQL = `
  INSERT INTO region (code, name)
  SELECT code, name FROM json_to_recordset($1::json) AS r(code text, name text)
  ON CONFLICT (code) DO UPDATE SET name = excluded.name
  WHERE region.name IS DISTINCT FROM excluded.name
  RETURNING (xmax = 0) AS inserted`;

const DEPARTMENTS_SQL = `
  INSERT INTO department (code, name, region_code, zone, capital_code)
  SELECT code, name, region_code, zone::zone, capital_code
  FROM json_to_recordset($1::json) AS r(code text, name text, region_code text, zone text, capital_code text)
  ON CONFLICT (code) DO UPDATE SET
    name = excluded.name, region_code = excluded.region_code, zone = excluded.zone, capital_code = excluded.capital_code
  WHERE (department.name, department.region_code, department.zone, department.capital_code)
    IS DISTINCT FROM (excluded.name, excluded.region_code, excluded.zone, excluded.capital_code)
  RETURNING (xmax = 0) AS inserted`;

const INTERCOMMUNALITIES_SQL = `
  INSERT INTO intercommunality (siren, name, kind, population, municipal_population)
  SELECT siren, name, kind::intercommunality_kind, population, municipal_population
  FROM json_to_recordset($1::json) AS r(siren text, name text, kind text, population int, municipal_population int)
  ON CONFLICT (siren) DO UPDATE SET
    name = excluded.name, kind = excluded.kind, population = excluded.population,
    municipal_population = excluded.municipal_population
  WHERE (intercommunality.name, intercommunality.kind, intercommunality.population, intercommunality.municipal_population)
    IS DISTINCT FROM (excluded.name, excluded.kind, excluded.population, excluded.municipal_population)
  RETURNING (xmax = 0) AS inserted`;

const COMMUNES_SQL = `
  INSERT INTO commune (code, name, department_code, population, siren, postal_codes, intercommunality_siren)
  SELECT code, name, department_code, population, siren,
         ARRAY(SELECT json_array_elements_text(postal_codes))::varchar(5)[], intercommunality_siren
  FROM json_to_recordset($1::json)
    AS r(code text, name text, department_code text, population int, siren text, postal_codes json, intercommunality_siren text)
  ON CONFLICT (code) DO UPDATE SET
    name = excluded.name, department_code = excluded.department_code, population = excluded.population,
    siren = excluded.siren, postal_codes = excluded.postal_codes, intercommunality_siren = excluded.intercommunality_siren
  WHERE (commune.name, commune.department_code, commune.population, commune.siren, commune.postal_codes, commune.intercommunality_siren)
    IS DISTINCT FROM (excluded.name, excluded.department_code, excluded.population, excluded.siren, excluded.postal_codes, excluded.intercommunality_siren)
  RETURNING (xmax = 0) AS inserted`;

const FORMER_CODES_SQL = `
  INSERT INTO commune_former_code (code, name, kind, commune_code)
  SELECT code, name, kind, commune_code FROM json_to_recordset($1::json) AS r(code text, name text, kind text, commune_code text)
  ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, commune_code = excluded.commune_code
  WHERE (commune_former_code.name, commune_former_code.kind, commune_former_code.commune_code)
    IS DISTINCT FROM (excluded.name, excluded.kind, excluded.commune_code)
  RETURNING (xmax = 0) AS inserted`;

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
    const regions = await upsertJson(tx, REGIONS_SQL, rows.regions);
    const departments = await upsertJson(tx, DEPARTMENTS_SQL, rows.departments);
    const intercommunalities = await upsertJson(tx, INTERCOMMUNALITIES_SQL, rows.intercommunalities);
    const communes = await upsertJson(tx, COMMUNES_SQL, rows.communes);
    const former = formerCodeRows(geo);
    const [{ removed }] = await tx.query(STALE_FORMER_CODES_SQL, [JSON.stringify(former.map((f) => ({ code: f.code })))]);
    const formerCodes = { ...(await upsertJson(tx, FORMER_CODES_SQL, former)), removed: removed as number };
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
