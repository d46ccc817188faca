import { activeOnSql, impreciseDatesSql } from "../coverage/in-force";
import { CURRENT_COG_YEAR } from "../territory/geography.source";
import { share } from "./analytics.sql";
import { HISTORY_STEPS, monthIndex } from "./coverage-history.sql";

/**
 * `coverageHistory` with each point on the geography of its date (issue 20): the same bit-string method as
 * coverage-history.sql.ts, run per COG vintage at once. $1 département or NULL, $2 from, $3 to, $4 and $5 the first
 * and last vintages loaded. A step's vintage is its year's (clamped to those loaded; the current tables from the
 * current COG year on); its communes, their population and the covered ones are that vintage's, a convention
 * covering what its current communes were then (the passages after the vintage followed to the current communes).
 * The allocataires figures are not computed here (the resolver asks the current geography when they are selected).
 */
export function coverageHistoryVintagesSql(step: keyof typeof HISTORY_STEPS, conventions: boolean): string {
  const { unit, interval, months } = HISTORY_STEPS[step];
  const first = `date_trunc('${unit}', $2::date::timestamp)`;
  const inScope = (m: string) => `($1::text IS NULL OR ${m}.department_code = $1::text)`;
  const current = Math.trunc(CURRENT_COG_YEAR);
  return `
  WITH RECURSIVE days AS MATERIALIZED (
    SELECT k::int AS k, day, extract(year FROM day)::int AS year,
      CASE WHEN extract(year FROM day) >= ${current} THEN ${current}
           ELSE least(greatest(extract(year FROM day)::int, $4::int), $5::int) END AS v
    FROM generate_series(0, floor((${monthIndex("$3::date")} - ${monthIndex(`${first}::date`)}) / ${months})::int) k,
      LATERAL (SELECT least((${first} + (k + 1) * interval '${interval}' - interval '1 day')::date, $3::date) AS day) d
  ),
  vintages AS (SELECT DISTINCT v FROM days),
  geo_chain(v, start, code, year) AS (
    SELECT x.v, p.former_code, p.successor_code, p.year FROM vintages x JOIN commune_passage p ON p.year > x.v
    WHERE x.v < ${current}
    UNION
    SELECT c.v, c.start, p.successor_code, p.year FROM geo_chain c JOIN commune_passage p ON p.former_code = c.code AND p.year > c.year
  ),
  geo_became AS (
    SELECT DISTINCT c.v, c.start AS code, c.code AS current_code FROM geo_chain c
    WHERE NOT EXISTS (SELECT 1 FROM commune_passage p WHERE p.former_code = c.code AND p.year > c.year)
  ),
  geo_communes AS MATERIALIZED (
    SELECT x.v, m.code, m.department_code, coalesce(m.population, 0) AS population
    FROM vintages x JOIN commune_vintage m ON x.v BETWEEN m.first_year AND m.last_year
    WHERE x.v < ${current} AND ${inScope("m")}
    UNION ALL
    SELECT x.v, m.code, m.department_code, coalesce(m.population, 0) FROM vintages x CROSS JOIN commune m
    WHERE x.v = ${current} AND ${inScope("m")}
  ),
  geo_links AS MATERIALIZED (
    SELECT DISTINCT m.v, cc.convention_id, m.code AS commune_code, m.population
    FROM geo_communes m LEFT JOIN geo_became b ON b.v = m.v AND b.code = m.code
    JOIN convention_commune cc ON cc.commune_code = coalesce(b.current_code, m.code)
  ),
  convention_days AS MATERIALIZED (
    SELECT id, imprecise, string_agg(CASE WHEN active THEN '1' ELSE '0' END, '' ORDER BY k)::varbit AS days
    FROM (SELECT c.id, ${impreciseDatesSql("c")} AS imprecise, d.k, ${activeOnSql("c", "d.day")} AS active FROM convention c CROSS JOIN days d) q
    GROUP BY id, imprecise
    HAVING bool_or(active)
  ),
  commune_days AS (
    SELECT l.v, l.commune_code, l.population, bit_or(cd.days) AS days
    FROM convention_days cd JOIN geo_links l ON l.convention_id = cd.id
    GROUP BY l.v, l.commune_code, l.population
  ),
  same_days AS (SELECT v, days, count(*) AS communes, sum(population) AS population FROM commune_days GROUP BY v, days),
  per_day AS (
    SELECT d.k, sum(g.communes) AS communes, sum(g.population) AS population
    FROM days d JOIN same_days g ON g.v = d.v AND get_bit(g.days, d.k) = 1
    GROUP BY d.k
  ),
  total AS (SELECT v, sum(population) AS population, count(*) AS communes FROM geo_communes GROUP BY v)${
    conventions
      ? `,
  conventions_per_day AS (
    SELECT d.k, count(*) AS n, count(*) FILTER (WHERE cd.imprecise) AS imprecise
    FROM days d JOIN convention_days cd ON get_bit(cd.days, d.k) = 1
    WHERE EXISTS (SELECT 1 FROM geo_links l WHERE l.convention_id = cd.id AND l.v = d.v)
    GROUP BY d.k
  )`
      : ""
  }
  SELECT d.day AS date, t.population::bigint AS population, coalesce(p.population, 0)::bigint AS "coveredPopulation",
    ${share("coalesce(p.population, 0)", "t.population")} AS "coveredPopulationShare",
    t.communes::int AS "communeCount", coalesce(p.communes, 0)::int AS "coveredCommuneCount",
    NULL AS "coveredAllocatairesShare", NULL AS "communesWithAllocataires", NULL AS "allocatairesPopulationShare",
    ${conventions ? "coalesce(n.n, 0)::int" : "NULL"} AS "activeConventionCount",
    ${conventions ? "coalesce(n.imprecise, 0)::int" : "NULL"} AS "impreciseConventionCount",
    d.v AS "geographyVintage"
  FROM days d JOIN total t ON t.v = d.v
  LEFT JOIN per_day p ON p.k = d.k${
    conventions
      ? `
  LEFT JOIN conventions_per_day n ON n.k = d.k`
      : ""
  }
  WHERE t.communes > 0
  ORDER BY d.k`;
}
