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
 * The geography of a history's points: the current one (null), or each point on the COG vintage of its date among those
 * loaded, `first` to `last` (geography.sql.ts loadedVintages; the current tables from the current COG year on).
 */
export type HistoryVintages = { first: number; last: number } | null;

/**
 * The figures of the scope's communes per group of communes covered on the same steps (`days`, NULL: never covered):
 * `communes` and `population` are arrays with one element per geography a step may count on, the step's `i` (days).
 * On the current geography, one element. On the vintages, one per vintage year before the current COG, from
 * `commune_lineage` (each current commune with the number and population of the communes of each vintage that became
 * it; a commune that split since is a row of its own, covered when any of its parts is), then one for the current
 * communes, read only when a step falls in the current COG.
 */
function groupsCtes(vintages: HistoryVintages, inScope: (m: string) => string): string {
  const current = `
    SELECT cd.days, count(*) AS communes, sum(coalesce(m.population, 0)) AS population
    FROM commune m LEFT JOIN commune_days cd ON cd.code = m.code
    WHERE ${inScope("m")}
    GROUP BY cd.days`;
  // The current communes' days carry their population: the covered ones are summed by days, the others at once.
  if (vintages === null)
    return `groups AS (
    SELECT days, ARRAY[count(*)] AS communes, ARRAY[sum(population)] AS population FROM commune_days GROUP BY days
    UNION ALL
    SELECT NULL, ARRAY[t.communes - c.communes], ARRAY[t.population - c.population]
    FROM (SELECT count(*) AS communes, sum(coalesce(m.population, 0)) AS population FROM commune m WHERE ${inScope("m")}) t,
      (SELECT count(*) AS communes, coalesce(sum(population), 0) AS population FROM commune_days) c
  )`;
  const years = vintageYears(vintages);
  const perYear = (column: string) => years.map((year) => `sum(u.${column}[${year} - u.first_year + 1])`).join(", ");
  const zeros = years.map(() => "0").join(", ");
  return `split_days AS (
    SELECT u.first_year, u.communes, u.populations, bit_or(cd.days) AS days
    FROM commune_lineage u CROSS JOIN LATERAL unnest(u.successors) s(code) LEFT JOIN commune_days cd ON cd.code = s.code
    WHERE u.parts > 1 AND ${inScope("u")}
    GROUP BY u.code, u.department_code, u.successors
  ),
  groups AS (
    SELECT cd.days, ARRAY[${perYear("communes")}, 0] AS communes, ARRAY[${perYear("populations")}, 0] AS population
    FROM commune_lineage u LEFT JOIN commune_days cd ON cd.code = u.code
    WHERE u.parts = 1 AND ${inScope("u")}
    GROUP BY cd.days
    UNION ALL
    SELECT u.days, ARRAY[${perYear("communes")}, 0], ARRAY[${perYear("populations")}, 0] FROM split_days u GROUP BY u.days
    UNION ALL
    SELECT c.days, ARRAY[${zeros}, c.communes], ARRAY[${zeros}, c.population]
    FROM (${current}) c
    WHERE (SELECT max(v) FROM days) >= ${CURRENT}
  )`;
}

const CURRENT = Math.trunc(CURRENT_COG_YEAR);

/** The vintage years a history counts on before the current COG: the `groups` arrays' elements, then the current one. */
const vintageYears = ({ first, last }: { first: number; last: number }): number[] => {
  const years: number[] = [];
  for (let year = Math.trunc(first); year <= Math.min(Math.trunc(last), CURRENT - 1); year++) years.push(year);
  return years;
};

/**
 * A step's vintage `v` (said by the point) and the element `i` of the `groups` arrays it counts on: the current COG
 * from its year on; before, its year's vintage, clamped to those loaded.
 */
function stepVintage(vintages: HistoryVintages): string {
  if (vintages === null) return `${CURRENT} AS v, 1 AS i`;
  const years = vintageYears(vintages);
  const v = `CASE WHEN extract(year FROM day) >= ${CURRENT} THEN ${CURRENT}
           ELSE least(greatest(extract(year FROM day)::int, ${Math.trunc(vintages.first)}), ${Math.trunc(vintages.last)}) END`;
  return `${v} AS v,
      CASE WHEN ${v} >= ${CURRENT} THEN ${years.length + 1} ELSE ${v} - ${Math.trunc(vintages.first)} + 1 END AS i`;
}

/**
 * Which geographies each convention covers a commune of the scope in (`present`, one element per element of the
 * `groups` arrays): the current communes, and on the vintages the lineage of the communes of each vintage (a
 * convention stores current communes; a commune that split since is there through any of its parts).
 */
function conventionScopeCte(vintages: HistoryVintages, inScope: (m: string) => string): string {
  const current = `SELECT DISTINCT cc.convention_id AS id FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code WHERE ${inScope("m")}`;
  if (vintages === null) return `convention_scope AS (SELECT id, ARRAY[true] AS present FROM (${current}) c)`;
  const years = vintageYears(vintages);
  const present = years.map((_, j) => `bool_or(l.present[${j + 1}])`).join(", ");
  const inVintages = years.map((year) => `u.communes[${year} - u.first_year + 1] > 0`).join(", ");
  return `convention_scope AS (
    SELECT l.id, ARRAY[${present}, bool_or(l.present[${years.length + 1}])] AS present FROM (
      SELECT cc.convention_id AS id, ARRAY[${inVintages}, false] AS present
      FROM commune_lineage u JOIN convention_commune cc ON cc.commune_code = u.code
      WHERE u.parts = 1 AND ${inScope("u")}
      UNION ALL
      SELECT cc.convention_id, ARRAY[${inVintages}, false]
      FROM commune_lineage u CROSS JOIN LATERAL unnest(u.successors) s(code) JOIN convention_commune cc ON cc.commune_code = s.code
      WHERE u.parts > 1 AND ${inScope("u")}
      UNION ALL
      SELECT c.id, ARRAY[${years.map(() => "false").join(", ")}, true] FROM (${current}) c WHERE (SELECT max(v) FROM days) >= ${CURRENT}
    ) l
    GROUP BY l.id
  )`;
}

/**
 * Each current commune covered on some step, with its days: the scope's, with their population (the current geography);
 * on the vintages, the scope's and those its communes of every vintage became (a merger may cross a département's
 * border).
 */
function communeDaysCte(vintages: HistoryVintages, inScope: (m: string) => string): string {
  if (vintages === null)
    return `commune_days AS MATERIALIZED (
    SELECT m.code, coalesce(m.population, 0) AS population, bit_or(cd.days) AS days
    FROM convention_days cd
    JOIN convention_commune cc ON cc.convention_id = cd.id
    JOIN commune m ON m.code = cc.commune_code
    WHERE ${inScope("m")}
    GROUP BY m.code
  )`;
  return `commune_days AS MATERIALIZED (
    SELECT cc.commune_code AS code, bit_or(cd.days) AS days
    FROM convention_days cd JOIN convention_commune cc ON cc.convention_id = cd.id
    WHERE $1::text IS NULL OR cc.commune_code IN (
      SELECT code FROM commune WHERE department_code = $1::text
      UNION ALL SELECT s.code FROM commune_lineage u CROSS JOIN LATERAL unnest(u.successors) s(code) WHERE u.department_code = $1::text)
    GROUP BY cc.commune_code
  )`;
}

/**
 * $1 département or NULL, $2 from, $3 to, and when weighted $4 the weight's code: the covered share at the end of each
 * step, in one statement, on the current geography or (`vintages`) each step on the COG vintage of its date.
 * - The steps are an integer series whose bounds the planner knows (with a date series it guesses 1,000
 *   rows, and the inflated costs made PostgreSQL JIT-compile the statement: 0.8 s of a 1.1 s run).
 * - Each convention's days in force among the steps become a bit string (bit k: in force at step k); the
 *   bit strings of a current commune's conventions are OR-ed, so a commune counts once per step however many
 *   conventions cover it, and the links are read once instead of once per step.
 * - Communes with the same bit string are summed together (`groups`, with one figure per geography a step may count
 *   on: the vintages' from the precomputed lineage, so a vintage commune is not read once per step), then each step
 *   sums the groups whose bit is set, and the scope's total from every group (no point at all for a scope without
 *   communes).
 * When weighted (current geography only), the value of each commune at each step's year (weight.sql.ts) is summed
 * per step, and over the communes covered at that step, with the communes and population that have one.
 * With `conventions`, the conventions in force at each step that cover a commune of the scope are counted.
 */
export function coverageHistorySql(step: keyof typeof HISTORY_STEPS, options: HistoryOptions, vintages: HistoryVintages = null): string {
  if (vintages !== null && options.weighted) throw new Error("coverageHistorySql: weighted figures on the current geography only");
  const { unit, interval, months } = HISTORY_STEPS[step];
  const first = `date_trunc('${unit}', $2::date::timestamp)`;
  const inScope = (m: string) => `($1::text IS NULL OR ${m}.department_code = $1::text)`;
  return `
  WITH days AS MATERIALIZED (
    SELECT k::int AS k, day, extract(year FROM day)::int AS year, ${stepVintage(vintages)}
    FROM generate_series(0, floor((${monthIndex("$3::date")} - ${monthIndex(`${first}::date`)}) / ${months})::int) k,
      LATERAL (SELECT least((${first} + (k + 1) * interval '${interval}' - interval '1 day')::date, $3::date) AS day) d
  ),
  convention_days AS${options.conventions ? " MATERIALIZED" : ""} (
    SELECT id, imprecise, string_agg(CASE WHEN active THEN '1' ELSE '0' END, '' ORDER BY k)::varbit AS days
    FROM (SELECT c.id, ${impreciseDatesSql("c")} AS imprecise, d.k, ${activeOnSql("c", "d.day")} AS active FROM convention c CROSS JOIN days d) q
    GROUP BY id, imprecise
    HAVING bool_or(active)
  ),
  ${communeDaysCte(vintages, inScope)},
  ${groupsCtes(vintages, inScope)},
  per_day AS (
    SELECT d.k, sum(g.communes[d.i]) AS communes, sum(g.population[d.i]) AS population
    FROM days d JOIN groups g ON get_bit(g.days, d.k) = 1
    GROUP BY d.k
  ),
  total AS (
    SELECT d.k, sum(g.communes[d.i]) AS communes, sum(g.population[d.i]) AS population FROM days d CROSS JOIN groups g GROUP BY d.k
  )${
    options.conventions
      ? `,
  ${conventionScopeCte(vintages, inScope)},
  conventions_per_day AS (
    SELECT d.k, count(*) AS n, count(*) FILTER (WHERE cd.imprecise) AS imprecise
    FROM days d JOIN convention_days cd ON get_bit(cd.days, d.k) = 1 JOIN convention_scope s ON s.id = cd.id AND s.present[d.i]
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
    d.v AS "geographyVintage"
  FROM days d JOIN total t ON t.k = d.k
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
