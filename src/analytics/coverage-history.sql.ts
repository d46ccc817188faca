import { activeOnSql, impreciseDatesSql } from "../coverage/in-force";
import { CURRENT_COG_YEAR } from "../territory/geography.source";
import { communeWeightSql, intercommunalitiesWithWeight, intercommunalityWeightSql, weightParameter } from "./weight.sql";
import { share } from "./analytics.sql";

/** The date_trunc unit and interval of each history step, and its number of months (never user text in the SQL). */
export const HISTORY_STEPS = {
  YEAR: { unit: "year", interval: "1 year", months: 12 },
  QUARTER: { unit: "quarter", interval: "3 months", months: 3 },
  MONTH: { unit: "month", interval: "1 month", months: 1 },
} as const;

/** The optional figures of a history statement (NULL when left out). */
export interface HistoryOptions {
  /** The weighted figures: coveredAllocatairesShare, communesWithAllocataires, allocatairesPopulationShare, `weighted`. */
  weighted: boolean;
  /** activeConventionCount, impreciseConventionCount */
  conventions: boolean;
}

/** Months from year 0 to the date `date` (an SQL date expression), to count the steps between two dates. */
export const monthIndex = (date: string) => `(extract(year FROM ${date}) * 12 + extract(month FROM ${date}) - 1)`;

/**
 * The weighted figures per step (weight.sql.ts; the weight's code is the parameter $4): each commune's own values hold
 * from their year until the next year loaded for it; the EPCI values are taken year by year (one per step year), for
 * the communes of the scope.
 */
const WEIGHT = weightParameter(4);
const weightCtes = (inScope: (m: string) => string) => `
  allocataires AS (
    SELECT t.commune_code, t.year, t.value, lead(t.year) OVER (PARTITION BY t.commune_code ORDER BY t.year) AS next_year
    FROM indicator_value t JOIN commune m ON m.code = t.commune_code
    WHERE t.indicator = ${WEIGHT} AND ${inScope("m")}
  ),
  epci_allocataires AS (
    SELECT y.year, m.code AS commune_code, ${communeWeightSql("NULL", "coalesce(m.population, 0)", "e")} AS value
    FROM (SELECT DISTINCT year FROM days) y
    CROSS JOIN LATERAL (${intercommunalityWeightSql(intercommunalitiesWithWeight(WEIGHT), "y.year", WEIGHT)}) e
    JOIN commune m ON m.intercommunality_siren = e.siren AND ${inScope("m")}
  ),
  valued AS (
    SELECT d.k, a.commune_code, a.value::float8 AS value, false AS from_epci
    FROM days d JOIN allocataires a ON a.year <= d.year AND (a.next_year IS NULL OR a.next_year > d.year)
    UNION ALL
    SELECT d.k, e.commune_code, e.value, true FROM days d JOIN epci_allocataires e ON e.year = d.year
  ),
  allocataires_per_day AS (
    SELECT v.k, sum(v.value) AS total, coalesce(sum(v.value) FILTER (WHERE get_bit(cd.days, v.k) = 1), 0) AS covered,
      count(*) AS communes, count(*) FILTER (WHERE v.from_epci) AS epci_communes, sum(coalesce(m.population, 0)) AS population
    FROM valued v JOIN commune m ON m.code = v.commune_code
    LEFT JOIN commune_days cd ON cd.code = v.commune_code
    GROUP BY v.k
  )`;

/**
 * $1 département or NULL, $2 from, $3 to, and when weighted $4 the weight's code: the covered share at the end of each step, in one statement.
 * - The steps are an integer series whose bounds the planner knows (with a date series it guesses 1,000
 *   rows, and the inflated costs made PostgreSQL JIT-compile the statement: 0.8 s of a 1.1 s run).
 * - Each convention's days in force among the steps become a bit string (bit k: in force at step k); the
 *   bit strings of a commune's conventions are OR-ed, so a commune counts once per step however many
 *   conventions cover it, and the links are read once instead of once per step.
 * - Communes with the same bit string are summed together, then each step sums the groups whose bit is set.
 * - The population of the scope is the same at every step: summed once (no point at all for a scope
 *   without communes).
 * When weighted, the value of each commune at each step's year (weight.sql.ts) is summed per step,
 * and over the communes covered at that step, with the communes and population that have one. With
 * `conventions`, the conventions in force at each step that cover a commune of the scope are counted.
 */
export function coverageHistorySql(step: keyof typeof HISTORY_STEPS, options: HistoryOptions): string {
  const { unit, interval, months } = HISTORY_STEPS[step];
  const first = `date_trunc('${unit}', $2::date::timestamp)`;
  const inScope = (m: string) => `($1::text IS NULL OR ${m}.department_code = $1::text)`;
  return `
  WITH days AS MATERIALIZED (
    SELECT k::int AS k, day, extract(year FROM day)::int AS year
    FROM generate_series(0, floor((${monthIndex("$3::date")} - ${monthIndex(`${first}::date`)}) / ${months})::int) k,
      LATERAL (SELECT least((${first} + (k + 1) * interval '${interval}' - interval '1 day')::date, $3::date) AS day) d
  ),
  convention_days AS${options.conventions ? " MATERIALIZED" : ""} (
    SELECT id, imprecise, string_agg(CASE WHEN active THEN '1' ELSE '0' END, '' ORDER BY k)::varbit AS days
    FROM (SELECT c.id, ${impreciseDatesSql("c")} AS imprecise, d.k, ${activeOnSql("c", "d.day")} AS active FROM convention c CROSS JOIN days d) q
    GROUP BY id, imprecise
    HAVING bool_or(active)
  ),
  commune_days AS${options.weighted ? " MATERIALIZED" : ""} (
    SELECT m.code, coalesce(m.population, 0) AS population, bit_or(cd.days) AS days
    FROM convention_days cd
    JOIN convention_commune cc ON cc.convention_id = cd.id
    JOIN commune m ON m.code = cc.commune_code
    WHERE ${inScope("m")}
    GROUP BY m.code
  ),
  same_days AS (
    SELECT days, count(*) AS communes, sum(population) AS population FROM commune_days GROUP BY days
  ),
  per_day AS (
    SELECT d.k, sum(g.communes) AS communes, sum(g.population) AS population
    FROM days d JOIN same_days g ON get_bit(g.days, d.k) = 1
    GROUP BY d.k
  ),
  total AS (
    SELECT sum(coalesce(m.population, 0)) AS population, count(*) AS communes FROM commune m WHERE ${inScope("m")}
  )${
    options.conventions
      ? `,
  conventions_per_day AS (
    SELECT d.k, count(*) AS n, count(*) FILTER (WHERE cd.imprecise) AS imprecise
    FROM days d JOIN convention_days cd ON get_bit(cd.days, d.k) = 1
    WHERE EXISTS (SELECT 1 FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code
                  WHERE cc.convention_id = cd.id AND ${inScope("m")})
    GROUP BY d.k
  )`
      : ""
  }${options.weighted ? `,${weightCtes(inScope)}` : ""}
  SELECT d.day AS date, t.population::bigint AS population, coalesce(p.population, 0)::bigint AS "coveredPopulation",
    ${share("coalesce(p.population, 0)", "t.population")} AS "coveredPopulationShare",
    t.communes::int AS "communeCount", coalesce(p.communes, 0)::int AS "coveredCommuneCount",
    ${options.weighted ? `CASE WHEN ap.total IS NULL THEN NULL ELSE ${share("ap.covered", "ap.total")} END` : "NULL"} AS "coveredAllocatairesShare",
    ${options.weighted ? "coalesce(ap.communes, 0)::int" : "NULL"} AS "communesWithAllocataires",
    ${options.weighted ? share("coalesce(ap.population, 0)", "t.population") : "NULL"} AS "allocatairesPopulationShare",
    ${options.weighted ? "round(ap.total)::bigint" : "NULL"} AS allocataires,
    ${options.weighted ? "coalesce(ap.epci_communes, 0)::int" : "NULL"} AS "communesWithIntercommunalityAllocataires",
    ${options.weighted ? "CASE WHEN ap.total IS NULL THEN NULL ELSE round(ap.covered)::bigint END" : "NULL"} AS "coveredAllocataires",
    ${options.weighted ? WEIGHT : "NULL"} AS weight,
    ${options.conventions ? "coalesce(n.n, 0)::int" : "NULL"} AS "activeConventionCount",
    ${options.conventions ? "coalesce(n.imprecise, 0)::int" : "NULL"} AS "impreciseConventionCount",
    ${Math.trunc(CURRENT_COG_YEAR)} AS "geographyVintage"
  FROM days d CROSS JOIN total t
  LEFT JOIN per_day p ON p.k = d.k${
    options.weighted
      ? `
  LEFT JOIN allocataires_per_day ap ON ap.k = d.k`
      : ""
  }${
    options.conventions
      ? `
  LEFT JOIN conventions_per_day n ON n.k = d.k`
      : ""
  }
  WHERE t.communes > 0
  ORDER BY d.k`;
}
