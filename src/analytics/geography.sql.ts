import { registerEnumType } from "type-graphql";
import type { IsoDate } from "../common/date";
import type { ReadScope } from "../db/request-scope";
import { CURRENT_COG_YEAR } from "../territory/geography.source";

/** Which geography a figure counts on. */
export enum GeographyBasis {
  AS_OF = "AS_OF",
  CURRENT = "CURRENT",
}

registerEnumType(GeographyBasis, {
  name: "GeographyBasis",
  description: "Géographie d'un chiffre",
  valuesConfig: {
    AS_OF: {
      description:
        "Celle en vigueur à la date : communes, EPCI et populations du millésime du COG de l'année (s'il est chargé : " +
        "npm run import:geography ; sinon le plus proche, ou l'actuelle) ; une CTG couvre ce que ses communes étaient alors",
    },
    CURRENT: { description: "L'actuelle : communes, EPCI et populations du dernier COG chargé" },
  },
});

/**
 * The relations a coverage statement reads its territory from: the communes (code, name, department_code,
 * intercommunality_siren, population), the covered-commune links in those communes' codes (convention_id,
 * commune_code) and the EPCI (siren, name); `ctes` defines them, for `WITH RECURSIVE`.
 */
export interface GeographySql {
  vintage: number;
  ctes: string | null;
  communes: string;
  /** Every commune of the geography, whatever the statement's scope (an EPCI's communes in other départements). */
  allCommunes: string;
  links: string;
  intercommunalities: string;
}

export const CURRENT_GEOGRAPHY: GeographySql = {
  vintage: CURRENT_COG_YEAR,
  ctes: null,
  communes: "commune",
  allCommunes: "commune",
  links: "convention_commune",
  intercommunalities: "intercommunality",
};

/**
 * The geography of the COG `year`: its communes and EPCI (commune_vintage, intercommunality_vintage), and each
 * convention's covered communes as they were then. A convention stores the current communes; a commune of `year`
 * is covered when what it became is: the passages after `year` are followed to the current communes (a merged
 * commune to the new one, a split one to each part). The links are those of a commune of `year` that is still current
 * and has no passage since (a link as stored: most of them), and those of the few that became something else; left
 * to the planner, so that a statement reads only the links of the conventions it keeps (nationally: 89 → 57 ms on a
 * past date, a département's coverage 62 → 43 ms, instead of mapping every link first).
 */
export function vintageGeography(year: number, scope = "true"): GeographySql {
  const v = Math.trunc(year);
  return {
    vintage: v,
    ctes: `
  geo_chain(start, code, year) AS (
    SELECT p.former_code, p.successor_code, p.year FROM commune_passage p WHERE p.year > ${v}
    UNION
    SELECT c.start, p.successor_code, p.year FROM geo_chain c JOIN commune_passage p ON p.former_code = c.code AND p.year > c.year
  ),
  geo_became AS (
    SELECT DISTINCT c.start AS code, c.code AS current_code FROM geo_chain c
    WHERE NOT EXISTS (SELECT 1 FROM commune_passage p WHERE p.former_code = c.code AND p.year > c.year)
  ),
  geo_communes AS MATERIALIZED (
    SELECT m.code, m.name, m.department_code, m.intercommunality_siren, m.population FROM commune_vintage m
    WHERE ${v} BETWEEN m.first_year AND m.last_year AND ${scope}
  ),
  geo_links AS (
    SELECT cc.convention_id, cc.commune_code FROM convention_commune cc
    WHERE EXISTS (SELECT 1 FROM geo_communes m WHERE m.code = cc.commune_code)
      AND NOT EXISTS (SELECT 1 FROM geo_became b WHERE b.code = cc.commune_code)
    UNION ALL
    SELECT DISTINCT cc.convention_id, b.code
    FROM geo_became b JOIN geo_communes m ON m.code = b.code JOIN convention_commune cc ON cc.commune_code = b.current_code
  ),
  geo_intercommunalities AS (SELECT siren, name FROM intercommunality_vintage WHERE ${v} BETWEEN first_year AND last_year)`,
    communes: "geo_communes",
    allCommunes: `(SELECT code, name, department_code, intercommunality_siren, population FROM commune_vintage
      WHERE ${v} BETWEEN first_year AND last_year)`,
    links: "geo_links",
    intercommunalities: "geo_intercommunalities",
  };
}

/** `WITH` and the geography's definitions, before a statement's own (`rest`). */
export const withGeography = (geo: GeographySql, rest: string): string =>
  geo.ctes === null ? `WITH ${rest}` : `WITH RECURSIVE ${geo.ctes},\n  ${rest}`;

/**
 * The geography of a figure on `asOf`: the current one when asked, or when the date's COG is the current one; else
 * the vintage of the date's year among those loaded (the nearest one before the first or after the last), or the
 * current one when none is loaded. A figure says which (`geographyVintage`). `communes`: the statement's own scope, an
 * SQL condition on the communes aliased `m` (a département's: its vintage relations hold its communes only).
 */
export async function geographyOn(scope: ReadScope, asOf: IsoDate, basis: GeographyBasis, communes?: string): Promise<GeographySql> {
  const year = Number(asOf.slice(0, 4));
  const loaded = basis === GeographyBasis.AS_OF ? await loadedVintages(scope, asOf) : null;
  if (loaded === null) return CURRENT_GEOGRAPHY;
  const vintage = Math.min(Math.max(year, loaded.first), loaded.last);
  return vintage >= CURRENT_COG_YEAR ? CURRENT_GEOGRAPHY : vintageGeography(vintage, communes);
}

/**
 * The first and last COG vintages loaded (two index probes), or null when the dates from `from` on all fall in the
 * current COG (nothing to look up) or no vintage is loaded.
 */
export async function loadedVintages(scope: ReadScope, from: IsoDate): Promise<{ first: number; last: number } | null> {
  if (Number(from.slice(0, 4)) >= CURRENT_COG_YEAR) return null;
  const [loaded]: Array<{ first: number | null; last: number | null }> = await scope.manager.query(
    "SELECT (SELECT min(first_year) FROM commune_vintage) AS first, (SELECT max(last_year) FROM commune_vintage) AS last",
  );
  return loaded?.first == null || loaded.last == null ? null : { first: Number(loaded.first), last: Number(loaded.last) };
}
