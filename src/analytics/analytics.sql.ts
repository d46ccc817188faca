import { activeOnSql, inForceFromSql, statusSql } from "../convention/convention-status";

/**
 * The SQL of the analytics, in one place. Every figure is computed by PostgreSQL (CTEs, GROUP BY,
 * window functions); TypeScript only names the parameters. Rules shared by all statements:
 * - a commune counts in a département's figures only if it belongs to it (an EPCI straddling a
 *   border contributes its communes of the département only);
 * - a commune is covered on a date when at least one convention covering it is ACTIVE that day
 *   (counted once, however many conventions cover it); bounds are inclusive;
 * - a commune without population counts as 0.
 */

/**
 * The optional figures of a coverage statement. The covered communes and population are always computed;
 * the allocataires figures and the count of conventions in force cost as much again, so a statement computes
 * them only when asked for (the resolvers ask only when a client selects them; the exports ask for all).
 * A figure not computed is NULL in the row.
 */
export interface CoverageOptions {
  /** allocataires, coveredAllocataires, coveredAllocatairesShare, communesWithAllocataires */
  allocataires: boolean;
  /** activeConventionCount */
  activeConventions: boolean;
}

export const ALL_COVERAGE_FIGURES: CoverageOptions = { allocataires: true, activeConventions: true };

const share = (part: string, whole: string) => `coalesce(${part}::float8 / nullif(${whole}, 0), 0)`;

/**
 * The output columns of a coverage row, from the aggregates of a `figures` relation aliased `f`;
 * `activeConventions` is the expression of the count of conventions in force (when asked for).
 */
const coverageColumns = (asOf: string, options: CoverageOptions, activeConventions: string) => `
    f.commune_count::int AS "communeCount", f.covered_commune_count::int AS "coveredCommuneCount",
    f.population::bigint AS population, f.covered_population::bigint AS "coveredPopulation",
    ${share("f.covered_population", "f.population")} AS "coveredPopulationShare",
    ${options.allocataires ? `f.allocataires::bigint AS allocataires,
    CASE WHEN f.allocataires IS NULL THEN NULL ELSE f.covered_allocataires::bigint END AS "coveredAllocataires",
    CASE WHEN f.allocataires IS NULL THEN NULL ELSE ${share("f.covered_allocataires", "f.allocataires")} END AS "coveredAllocatairesShare",
    f.communes_with_allocataires::int AS "communesWithAllocataires",` : `NULL AS allocataires, NULL AS "coveredAllocataires",
    NULL AS "coveredAllocatairesShare", NULL AS "communesWithAllocataires",`}
    ${options.activeConventions ? `${activeConventions}::int` : "NULL"} AS "activeConventionCount",
    ${asOf} AS "asOf"`;

/** The aggregates over per-commune `rows` (population, covered, allocataires) that feed `coverageColumns`. */
const coverageAggregates = (options: CoverageOptions) => `
      count(*) AS commune_count, count(*) FILTER (WHERE r.covered) AS covered_commune_count,
      sum(r.population) AS population, coalesce(sum(r.population) FILTER (WHERE r.covered), 0) AS covered_population${options.allocataires ? `,
      sum(r.allocataires) AS allocataires, coalesce(sum(r.allocataires) FILTER (WHERE r.covered), 0) AS covered_allocataires,
      count(r.allocataires) AS communes_with_allocataires` : ""}`;

/** One row per EPCI of `rows` (a département's communes: intercommunality_siren, population, covered), by name. */
const intercommunalityFigures = (rows: string) => `
  SELECT i.siren, i.name,
    -- More communes in all than here. (An EXISTS over the other départements' communes was planned as a hash of
    -- the country's 34,000 communes: 13 ms for Pas-de-Calais instead of 6.5 with a count through the index per EPCI.)
    (SELECT count(*) FROM commune o WHERE o.intercommunality_siren = i.siren) > count(*) AS "spansSeveralDepartments",
    count(*)::int AS "communeCount", count(*) FILTER (WHERE r.covered)::int AS "coveredCommuneCount",
    sum(r.population)::bigint AS population,
    coalesce(sum(r.population) FILTER (WHERE r.covered), 0)::bigint AS "coveredPopulation",
    ${share("coalesce(sum(r.population) FILTER (WHERE r.covered), 0)", "sum(r.population)")} AS "coveredPopulationShare"
  FROM ${rows} r
  JOIN intercommunality i ON i.siren = r.intercommunality_siren
  GROUP BY i.siren, i.name
  ORDER BY i.name, i.siren`;

/**
 * $1 département, $2 date: one row (none if the département has no commune). The département's few hundred
 * communes are probed one by one through indexes (their links to conventions, their latest `allocataires`
 * value), which costs less than reading the country's links (Pas-de-Calais: 11 ms, 42 with hash joins).
 * `withIntercommunalities`: the row also carries `byIntercommunality`, the EPCI figures from the same
 * communes, as JSON (the EPCI statement alone would compute their coverage again: 8 ms more).
 */
export function departmentCoverageSql(options: CoverageOptions, withIntercommunalities = false): string {
  return `
  WITH rows AS MATERIALIZED (
    SELECT m.code, m.intercommunality_siren, coalesce(m.population, 0) AS population,
      EXISTS (
        SELECT 1 FROM convention_commune cc JOIN convention c ON c.id = cc.convention_id
        WHERE cc.commune_code = m.code AND ${activeOnSql("c", "$2::date")}
      ) AS covered${options.allocataires ? `,
      (SELECT t.value FROM territory_indicator t
       WHERE t.indicator = 'allocataires' AND t.commune_code = m.code AND t.year <= extract(year FROM $2::date)::int
       ORDER BY t.year DESC LIMIT 1) AS allocataires` : ""}
    FROM commune m WHERE m.department_code = $1
  ),
  figures AS (
    SELECT ${coverageAggregates(options)}${options.activeConventions ? `,
      (SELECT count(DISTINCT cc.convention_id)
       FROM rows x JOIN convention_commune cc ON cc.commune_code = x.code JOIN convention c ON c.id = cc.convention_id
       WHERE x.covered AND ${activeOnSql("c", "$2::date")}) AS active_conventions` : ""}
    FROM rows r
    HAVING count(*) > 0
  )
  SELECT d.code AS "departmentCode", d.name AS "departmentName", ${coverageColumns("$2::date", options, "f.active_conventions")}${withIntercommunalities ? `,
    (SELECT coalesce(json_agg(e ORDER BY e.name, e.siren), '[]'::json) FROM (${intercommunalityFigures("rows")}) e) AS "byIntercommunality"` : ""}
  FROM figures f JOIN department d ON d.code = $1`;
}

/**
 * $1 date: one row per département with communes. The links of the conventions in force are read once
 * (hash joins over the country), the covered communes computed once, then every commune joined to them
 * and grouped by département. The latest `allocataires` value per commune is one ordered pass over the
 * index (indicator, commune_code, year, value).
 */
export function nationalCoverageSql(options: CoverageOptions): string {
  return `
  WITH active_links AS ${options.activeConventions ? "MATERIALIZED " : ""}(
    SELECT cc.commune_code, cc.convention_id
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id
    WHERE ${activeOnSql("c", "$1::date")}
  ),
  covered AS (SELECT DISTINCT commune_code FROM active_links),${options.allocataires ? `
  allocataires AS (
    SELECT DISTINCT ON (t.commune_code) t.commune_code, t.value
    FROM territory_indicator t
    WHERE t.indicator = 'allocataires' AND t.commune_code IS NOT NULL AND t.year <= extract(year FROM $1::date)::int
    ORDER BY t.commune_code DESC, t.year DESC -- both descending: a backward scan of the index, no sort
  ),` : ""}${options.activeConventions ? `
  active_conventions AS (
    SELECT department_code, count(*) AS n
    FROM (SELECT DISTINCT m.department_code, l.convention_id FROM active_links l JOIN commune m ON m.code = l.commune_code) q
    GROUP BY department_code
  ),` : ""}
  rows AS (
    SELECT m.department_code, coalesce(m.population, 0) AS population, cv.commune_code IS NOT NULL AS covered${options.allocataires ? ", a.value AS allocataires" : ""}
    FROM commune m
    LEFT JOIN covered cv ON cv.commune_code = m.code${options.allocataires ? `
    LEFT JOIN allocataires a ON a.commune_code = m.code` : ""}
  ),
  figures AS (
    SELECT r.department_code, ${coverageAggregates(options)}
    FROM rows r GROUP BY r.department_code
  )
  SELECT d.code AS "departmentCode", d.name AS "departmentName", ${coverageColumns("$1::date", options, "coalesce(ac.n, 0)")}
  FROM figures f
  JOIN department d ON d.code = f.department_code${options.activeConventions ? `
  LEFT JOIN active_conventions ac ON ac.department_code = f.department_code` : ""}
  ORDER BY d.code`;
}

/** Communes covered on `asOf` among those of `scope`. */
const coveredCte = (asOf: string, scope: string) => `
  covered AS (
    SELECT DISTINCT cc.commune_code
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id JOIN ${scope} s ON s.code = cc.commune_code
    WHERE ${activeOnSql("c", asOf)}
  )`;

/** $1 département, $2 date. One row per EPCI with communes in the département. */
export const INTERCOMMUNALITY_COVERAGE_SQL = `
  WITH scope AS (
    SELECT m.code, m.intercommunality_siren, coalesce(m.population, 0) AS population
    FROM commune m WHERE m.department_code = $1 AND m.intercommunality_siren IS NOT NULL
  ),
  ${coveredCte("$2::date", "scope")},
  rows AS (SELECT s.intercommunality_siren, s.population, cv.commune_code IS NOT NULL AS covered FROM scope s LEFT JOIN covered cv ON cv.commune_code = s.code)
  ${intercommunalityFigures("rows")}`;

/**
 * The territories of a département and the conventions and actions that concern them on a date.
 * Parameters: $1 département, $2 date, $3 level ('INTERCOMMUNALITY' | 'COMMUNE'), $4 themes or NULL.
 * A territory is an EPCI (its communes of the département) or, at EPCI level, a commune without EPCI.
 */
const territoryCtes = `
  scope AS (
    SELECT m.code, m.name, coalesce(m.population, 0) AS population,
      CASE WHEN $3::text = 'COMMUNE' THEN m.code ELSE coalesce(m.intercommunality_siren, m.code) END AS territory
    FROM commune m WHERE m.department_code = $1
  ),
  links AS (
    SELECT DISTINCT s.territory, s.code AS commune_code, c.id AS convention_id, c.ends_on,
      ${statusSql("c", "$2::date")} AS status
    FROM scope s
    JOIN convention_commune cc ON cc.commune_code = s.code
    JOIN convention c ON c.id = cc.convention_id
    WHERE $4::theme[] IS NULL OR c.themes && $4::theme[]
  ),
  active AS (SELECT DISTINCT territory, convention_id FROM links WHERE status = 'ACTIVE'),
  acts AS (
    SELECT a.territory, x.id, x.theme, x.status, x.sdsf_axis_id
    FROM active a JOIN action x ON x.convention_id = a.convention_id
    WHERE $4::theme[] IS NULL OR x.theme = ANY($4::theme[])
  )`;

export const COMPARE_TERRITORIES_SQL = `
  WITH ${territoryCtes},
  per_commune AS (
    SELECT s.territory, s.code, s.population, EXISTS (
      SELECT 1 FROM links l WHERE l.commune_code = s.code AND l.status = 'ACTIVE') AS covered
    FROM scope s
  ),
  territories AS (
    SELECT territory, count(*) AS communes, count(*) FILTER (WHERE covered) AS covered,
      sum(population) AS population, coalesce(sum(population) FILTER (WHERE covered), 0) AS covered_population
    FROM per_commune GROUP BY territory
  ),
  conventions AS (
    SELECT territory, array_agg(DISTINCT convention_id) AS ids,
      bool_or(status IN ('IN_PREPARATION', 'UPCOMING')) AS preparing,
      bool_or(status IN ('EXPIRED', 'TERMINATED')) AS lapsed,
      min(ends_on) FILTER (WHERE status = 'ACTIVE') AS next_expiry
    FROM links GROUP BY territory
  ),
  by_theme AS (
    SELECT territory, sum(k) AS n,
      json_agg(json_build_object('theme', theme, 'count', k) ORDER BY theme) AS themes
    FROM (SELECT territory, theme::text AS theme, count(*) AS k FROM acts GROUP BY 1, 2) q GROUP BY territory
  ),
  by_status AS (
    SELECT territory, json_agg(json_build_object('status', status, 'count', k) ORDER BY status) AS statuses
    FROM (SELECT territory, status::text AS status, count(*) AS k FROM acts GROUP BY 1, 2) q GROUP BY territory
  ),
  partners AS (
    SELECT territory, count(DISTINCT association_id) AS n FROM (
      SELECT a.territory, p.association_id FROM active a JOIN partnership p ON p.convention_id = a.convention_id
      UNION ALL
      SELECT a.territory, p.association_id FROM acts a JOIN partnership p ON p.action_id = a.id
    ) q GROUP BY territory
  ),
  facilities AS (
    SELECT territory, json_agg(json_build_object('kind', kind, 'count', k, 'capacity', capacity) ORDER BY kind) AS kinds
    FROM (
      SELECT s.territory, f.kind::text AS kind, count(*) AS k, coalesce(sum(f.capacity), 0) AS capacity
      FROM scope s JOIN facility f ON f.commune_code = s.code GROUP BY 1, 2
    ) q GROUP BY territory
  ),
  axes AS (
    SELECT territory, array_agg(DISTINCT axis) AS ids FROM (
      SELECT a.territory, ca.sdsf_axis_id AS axis FROM active a JOIN convention_sdsf_axis ca ON ca.convention_id = a.convention_id
      UNION ALL
      SELECT territory, sdsf_axis_id FROM acts WHERE sdsf_axis_id IS NOT NULL
    ) q GROUP BY territory
  )
  SELECT
    CASE WHEN i.siren IS NOT NULL THEN 'INTERCOMMUNALITY' ELSE 'COMMUNE' END AS level,
    t.territory AS code, coalesce(i.name, m.name) AS name,
    (i.siren IS NOT NULL AND EXISTS (
      SELECT 1 FROM commune o WHERE o.intercommunality_siren = i.siren AND o.department_code <> $1)) AS "spansSeveralDepartments",
    t.population::bigint AS population, t.communes::int AS "communeCount", t.covered::int AS "coveredCommuneCount",
    ${share("t.covered_population", "t.population")} AS "coveredPopulationShare",
    CASE WHEN t.covered = t.communes THEN 'COVERED' WHEN t.covered > 0 THEN 'PARTIAL'
         WHEN cv.preparing THEN 'IN_PREPARATION' WHEN cv.lapsed THEN 'EXPIRED' ELSE 'NONE' END AS "coverageStatus",
    coalesce(cv.ids, '{}') AS "conventionIds", cv.next_expiry AS "nextExpiry",
    coalesce(bt.n, 0)::int AS "actionCount",
    coalesce(bt.themes, '[]'::json) AS "actionsByTheme",
    coalesce(bs.statuses, '[]'::json) AS "actionsByStatus",
    coalesce(p.n, 0)::int AS "partnerCount",
    coalesce(f.kinds, '[]'::json) AS "facilitiesByKind",
    coalesce(ax.ids, '{}') AS "sdsfAxisIds"
  FROM territories t
  LEFT JOIN intercommunality i ON i.siren = t.territory
  LEFT JOIN commune m ON m.code = t.territory
  LEFT JOIN conventions cv ON cv.territory = t.territory
  LEFT JOIN by_theme bt ON bt.territory = t.territory
  LEFT JOIN by_status bs ON bs.territory = t.territory
  LEFT JOIN partners p ON p.territory = t.territory
  LEFT JOIN facilities f ON f.territory = t.territory
  LEFT JOIN axes ax ON ax.territory = t.territory
  ORDER BY name, code`;

/** Actions of active conventions per EPCI-level territory and theme, with the per-theme totals (GROUPING SETS). */
export const THEME_MATRIX_SQL = `
  WITH ${territoryCtes}
  SELECT s.territory AS code, min(coalesce(i.name, m.name)) AS name, x.theme::text AS theme, count(x.id)::int AS count,
    GROUPING(s.territory) = 1 AS "isTotal"
  FROM (SELECT DISTINCT territory FROM scope) s
  LEFT JOIN acts x ON x.territory = s.territory
  LEFT JOIN intercommunality i ON i.siren = s.territory
  LEFT JOIN commune m ON m.code = s.territory
  GROUP BY GROUPING SETS ((s.territory, x.theme), (x.theme))
  ORDER BY 2, 1, 3`;

/** $1 scheme id, $2 date. One row per axis; territories are those of the scheme's département at EPCI level. */
export const SDSF_ALIGNMENT_SQL = `
  WITH scheme AS (SELECT id, department_code FROM sdsf_scheme WHERE id = $1),
  scope AS (
    SELECT m.code, coalesce(m.intercommunality_siren, m.code) AS territory
    FROM commune m WHERE m.department_code = (SELECT department_code FROM scheme)
  ),
  active AS (
    SELECT DISTINCT s.territory, c.id AS convention_id
    FROM scope s JOIN convention_commune cc ON cc.commune_code = s.code JOIN convention c ON c.id = cc.convention_id
    WHERE ${activeOnSql("c", "$2::date")}
  ),
  touches AS (
    SELECT ca.sdsf_axis_id AS axis, a.territory FROM active a JOIN convention_sdsf_axis ca ON ca.convention_id = a.convention_id
    UNION
    SELECT x.sdsf_axis_id, a.territory FROM active a JOIN action x ON x.convention_id = a.convention_id WHERE x.sdsf_axis_id IS NOT NULL
  ),
  territories AS (SELECT DISTINCT territory FROM scope)
  SELECT ax.id AS "axisId",
    (SELECT count(*) FROM convention_sdsf_axis ca WHERE ca.sdsf_axis_id = ax.id)::int AS "conventionCount",
    coalesce((SELECT array_agg(ca.convention_id ORDER BY ca.convention_id) FROM convention_sdsf_axis ca WHERE ca.sdsf_axis_id = ax.id), '{}') AS "conventionIds",
    (SELECT count(*) FROM action x WHERE x.sdsf_axis_id = ax.id)::int AS "actionCount",
    coalesce((SELECT array_agg(t.territory ORDER BY t.territory) FROM touches t WHERE t.axis = ax.id), '{}') AS "touchingTerritoryCodes",
    coalesce((SELECT array_agg(t.territory ORDER BY t.territory) FROM territories t
              WHERE NOT EXISTS (SELECT 1 FROM touches h WHERE h.axis = ax.id AND h.territory = t.territory)), '{}') AS "untouchedTerritoryCodes"
  FROM sdsf_axis ax WHERE ax.scheme_id = $1
  ORDER BY ax.number`;

/** $1 département or NULL, $2 date, $3 before: conventions in force on $2 whose period ends by $3. */
export const EXPIRING_SQL = `
  SELECT c.id FROM convention c
  WHERE ($1::text IS NULL OR c.department_code = $1::text) AND ${activeOnSql("c", "$2::date")} AND c.ends_on <= $3::date
  ORDER BY c.ends_on, c.reference`;

/** $1 département or NULL, $2 date: conventions expired (or terminated) on $2 that no convention renews. */
export const LAPSED_WITHOUT_SUCCESSOR_SQL = `
  SELECT c.id FROM convention c
  WHERE ($1::text IS NULL OR c.department_code = $1::text)
    AND ${statusSql("c", "$2::date")} IN ('EXPIRED', 'TERMINATED')
    AND NOT EXISTS (SELECT 1 FROM convention s WHERE s.predecessor_id = c.id)
  ORDER BY c.ends_on, c.reference`;

/**
 * $1 département: communes whose coverage breaks between two signed conventions (the next one starts
 * more than a day after every earlier one has ended). Window functions over each commune's periods; a
 * period starts on the convention's `inForceFrom` (a convention nothing dates is left out).
 */
export const COVERAGE_GAPS_SQL = `
  WITH periods AS (
    SELECT cc.commune_code, c.id,
      ${inForceFromSql("c")} AS starts,
      CASE WHEN c.stage = 'TERMINATED' AND c.terminated_on IS NOT NULL
           THEN least(coalesce(c.ends_on, '9999-12-31'::date), c.terminated_on - 1)
           ELSE coalesce(c.ends_on, '9999-12-31'::date) END AS ends
    FROM convention c
    JOIN convention_commune cc ON cc.convention_id = c.id
    JOIN commune m ON m.code = cc.commune_code
    WHERE c.stage <> 'IN_PREPARATION' AND m.department_code = $1 AND ${inForceFromSql("c")} IS NOT NULL
  ),
  ordered AS (
    SELECT commune_code, id, starts,
      max(ends) OVER (PARTITION BY commune_code ORDER BY starts, id ROWS UNBOUNDED PRECEDING) AS covered_until,
      lead(id) OVER (PARTITION BY commune_code ORDER BY starts, id) AS next_id,
      lead(starts) OVER (PARTITION BY commune_code ORDER BY starts, id) AS next_starts
    FROM periods
  )
  SELECT o.commune_code AS "communeCode", m.name AS "communeName", o.id AS "previousConventionId",
    o.next_id AS "nextConventionId", (o.covered_until + 1) AS "gapStartsOn", (o.next_starts - 1) AS "gapEndsOn",
    (o.next_starts - o.covered_until - 1) AS days
  FROM ordered o JOIN commune m ON m.code = o.commune_code
  WHERE o.next_starts > o.covered_until + 1
  ORDER BY m.name, o.commune_code, o.starts`;

/** The date_trunc unit and interval of each history step, and its number of months (never user text in the SQL). */
export const HISTORY_STEPS = {
  YEAR: { unit: "year", interval: "1 year", months: 12 },
  QUARTER: { unit: "quarter", interval: "3 months", months: 3 },
  MONTH: { unit: "month", interval: "1 month", months: 1 },
} as const;

/** The optional figure of a history statement: coveredAllocatairesShare (NULL when left out). */
export interface HistoryOptions {
  allocataires: boolean;
}

/** Months from year 0 to the date `date` (an SQL date expression), to count the steps between two dates. */
const monthIndex = (date: string) => `(extract(year FROM ${date}) * 12 + extract(month FROM ${date}) - 1)`;

/**
 * $1 département or NULL, $2 from, $3 to: the covered share at the end of each step, in one statement.
 * - The steps are an integer series whose bounds the planner knows (with a date series it guesses 1,000
 *   rows, and the inflated costs made PostgreSQL JIT-compile the statement: 0.8 s of a 1.1 s run).
 * - Each convention's days in force among the steps become a bit string (bit k: in force at step k); the
 *   bit strings of a commune's conventions are OR-ed, so a commune counts once per step however many
 *   conventions cover it, and the links are read once instead of once per step.
 * - Communes with the same bit string are summed together, then each step sums the groups whose bit is set.
 * - The population of the scope is the same at every step: summed once (no point at all for a scope
 *   without communes).
 * With `allocataires`, the latest value up to each step's year (each value holds until the next year
 * loaded for its commune) is summed per step, and over the communes covered at that step.
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
  convention_days AS (
    SELECT id, string_agg(CASE WHEN active THEN '1' ELSE '0' END, '' ORDER BY k)::varbit AS days
    FROM (SELECT c.id, d.k, ${activeOnSql("c", "d.day")} AS active FROM convention c CROSS JOIN days d) q
    GROUP BY id
    HAVING bool_or(active)
  ),
  commune_days AS${options.allocataires ? " MATERIALIZED" : ""} (
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
  )${options.allocataires ? `,
  allocataires AS (
    SELECT t.commune_code, t.year, t.value, lead(t.year) OVER (PARTITION BY t.commune_code ORDER BY t.year) AS next_year
    FROM territory_indicator t JOIN commune m ON m.code = t.commune_code
    WHERE t.indicator = 'allocataires' AND ${inScope("m")}
  ),
  allocataires_per_day AS (
    SELECT d.k, sum(a.value) AS total, coalesce(sum(a.value) FILTER (WHERE get_bit(cd.days, d.k) = 1), 0) AS covered
    FROM days d
    JOIN allocataires a ON a.year <= d.year AND (a.next_year IS NULL OR a.next_year > d.year)
    LEFT JOIN commune_days cd ON cd.code = a.commune_code
    GROUP BY d.k
  )` : ""}
  SELECT d.day AS date, t.population::bigint AS population, coalesce(p.population, 0)::bigint AS "coveredPopulation",
    ${share("coalesce(p.population, 0)", "t.population")} AS "coveredPopulationShare",
    coalesce(p.communes, 0)::int AS "coveredCommuneCount",
    ${options.allocataires ? `CASE WHEN ap.total IS NULL THEN NULL ELSE ${share("ap.covered", "ap.total")} END` : "NULL"} AS "coveredAllocatairesShare"
  FROM days d CROSS JOIN total t
  LEFT JOIN per_day p ON p.k = d.k${options.allocataires ? `
  LEFT JOIN allocataires_per_day ap ON ap.k = d.k` : ""}
  WHERE t.communes > 0
  ORDER BY d.k`;
}
