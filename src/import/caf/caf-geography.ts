import { readArrondissements } from "../../territory/geography.source";
import type { EntityManager } from "typeorm";

/** A place of a CAF file (a code as written, read on the COG vintage of the file's year). */
export interface WrittenPlace {
  code: string;
  vintage: number;
}

/** Where a commune code of a vintage leads today. */
export interface CommuneResolution {
  /** The current communes it leads to: one, or several for a commune split since (none: unknown code). */
  targets: Array<{ code: string; name: string }>;
  /** The code is a commune of its vintage (false: not of that geography, resolved through the former codes). */
  inVintage: boolean;
  /** The vintage is loaded (`npm run import:geography`): its passages were followed. */
  vintageLoaded: boolean;
  /** Read otherwise than written: a passage, a former code or an arrondissement led elsewhere. */
  moved: boolean;
  /** The arrondissement municipal it is counted in (Paris, Lyon, Marseille), if it is one. */
  arrondissementOf: string | null;
}

let arrondissements: Map<string, string> | null = null;

/**
 * The commune a municipal arrondissement of Paris, Lyon or Marseille is counted in (the CAF codes them apart), from
 * the geography package; null for any other code.
 */
export function arrondissementCommune(code: string): string | null {
  arrondissements ??= readArrondissements();
  return arrondissements.get(code) ?? null;
}

const key = (place: WrittenPlace) => `${place.code}\u0000${place.vintage}`;

/**
 * Resolves commune codes of given vintages to the current communes in one statement: from the code in its vintage,
 * each passage to the next vintage (commune_passage: mergers, and splits with several successors) is followed to the
 * latest loaded vintage; the code reached is a current commune, or a former code of one (commune_former_code: what
 * merged before the loaded vintages, or a code that was not of the file's vintage). Unknown codes have no target.
 */
export async function resolveCommunesOfVintages(
  tx: EntityManager,
  places: readonly WrittenPlace[],
): Promise<Map<string, CommuneResolution>> {
  const distinct = [...new Map(places.map((p) => [key(p), p])).values()];
  const read = distinct.map((p) => ({ ...p, read: arrondissementCommune(p.code) ?? p.code }));
  const rows: Array<{
    written: string;
    vintage: number;
    target: string | null;
    target_name: string | null;
    passed: boolean;
    in_vintage: boolean;
    loaded: boolean;
  }> = await tx.query(
    `WITH RECURSIVE input AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) AS w(written, vintage, code)
     ), walk(written, vintage, code, year, depth) AS (
       SELECT written, vintage, code, vintage, 0 FROM input
       UNION ALL
       SELECT w.written, w.vintage, p.successor_code::text, p.year::int, w.depth + 1
       FROM walk w JOIN commune_passage p ON p.former_code = w.code::bpchar AND p.year > w.year
       WHERE w.depth < 30 AND NOT EXISTS (
         SELECT 1 FROM commune_passage q WHERE q.former_code = w.code::bpchar AND q.year > w.year AND q.year < p.year)
     ), leaf AS (
       SELECT DISTINCT w.written, w.vintage, w.depth > 0 AS passed, coalesce(c.code, f.commune_code) AS target
       FROM walk w
       LEFT JOIN commune c ON c.code = w.code::bpchar
       LEFT JOIN commune_former_code f ON c.code IS NULL AND f.code = w.code::bpchar
       WHERE NOT EXISTS (SELECT 1 FROM commune_passage p WHERE p.former_code = w.code::bpchar AND p.year > w.year)
     )
     SELECT i.written, i.vintage, l.target, t.name AS target_name, coalesce(l.passed, false) AS passed,
       EXISTS (SELECT 1 FROM commune_vintage v WHERE v.code = i.code::bpchar AND i.vintage BETWEEN v.first_year AND v.last_year)
         AS in_vintage,
       EXISTS (SELECT 1 FROM commune_vintage v WHERE v.first_year <= i.vintage AND v.last_year >= i.vintage) AS loaded
     FROM input i
     LEFT JOIN leaf l ON l.written = i.written AND l.vintage = i.vintage AND l.target IS NOT NULL
     LEFT JOIN commune t ON t.code = l.target`,
    [read.map((p) => p.code), read.map((p) => p.vintage), read.map((p) => p.read)],
  );
  const resolutions = new Map<string, CommuneResolution>();
  for (const row of rows) {
    const k = key({ code: row.written, vintage: row.vintage });
    let resolution = resolutions.get(k);
    if (!resolution) {
      const arrondissementOf = arrondissementCommune(row.written);
      resolution = {
        targets: [],
        inVintage: row.in_vintage,
        vintageLoaded: row.loaded,
        moved: arrondissementOf !== null,
        arrondissementOf,
      };
      resolutions.set(k, resolution);
    }
    if (row.target !== null && row.target_name !== null) {
      resolution.targets.push({ code: row.target.trim(), name: row.target_name });
      const read = arrondissementCommune(row.written) ?? row.written;
      if (row.passed || row.target.trim() !== read) resolution.moved = true;
    }
  }
  return resolutions;
}

/** Where an EPCI's SIREN of a vintage stands today: a current EPCI, gone since (merged or dissolved), or unknown. */
export async function resolveIntercommunalities(
  tx: EntityManager,
  sirens: readonly string[],
): Promise<Map<string, { name: string | null; current: boolean; known: boolean }>> {
  const rows: Array<{ siren: string; name: string | null; current: boolean; known: boolean }> = await tx.query(
    `SELECT w.siren, coalesce(i.name, (SELECT v.name FROM intercommunality_vintage v WHERE v.siren = w.siren::bpchar
         ORDER BY v.last_year DESC LIMIT 1)) AS name,
       i.siren IS NOT NULL AS current,
       i.siren IS NOT NULL OR EXISTS (SELECT 1 FROM intercommunality_vintage v WHERE v.siren = w.siren::bpchar) AS known
     FROM unnest($1::text[]) AS w(siren) LEFT JOIN intercommunality i ON i.siren = w.siren::bpchar`,
    [[...new Set(sirens)]],
  );
  return new Map(rows.map((r) => [r.siren, { name: r.name, current: r.current, known: r.known }]));
}

export const placeKey = key;
