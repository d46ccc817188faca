import { activeOnSql, statusSql } from "../convention/convention-status";

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
 * Latest `allocataires` value per commune up to the year of `asOf` (an expression, e.g. `$2::date`):
 * the latest year by a hash aggregate, then the value by the unique index (no sort of every value).
 */
const allocatairesCte = (asOf: string, scope: string) => `
  latest_allocataires AS (
    SELECT t.commune_code, max(t.year) AS year
    FROM territory_indicator t JOIN ${scope} s ON s.code = t.commune_code
    WHERE t.indicator = 'allocataires' AND t.year <= extract(year FROM ${asOf})
    GROUP BY t.commune_code
  ),
  allocataires AS (
    SELECT t.commune_code, t.value
    FROM latest_allocataires l
    JOIN territory_indicator t ON t.indicator = 'allocataires' AND t.commune_code = l.commune_code AND t.year = l.year
  )`;

/** Communes covered on `asOf` among those of `scope`. */
const coveredCte = (asOf: string, scope: string) => `
  covered AS (
    SELECT DISTINCT cc.commune_code
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id JOIN ${scope} s ON s.code = cc.commune_code
    WHERE ${activeOnSql("c", asOf)}
  )`;

const share = (part: string, whole: string) => `coalesce(${part}::float8 / nullif(${whole}, 0), 0)`;

/** $1 département code or NULL for the whole country, $2 date. One row per département. */
export const DEPARTMENT_COVERAGE_SQL = `
  WITH scope AS (
    SELECT m.code, m.department_code, coalesce(m.population, 0) AS population
    FROM commune m WHERE $1::text IS NULL OR m.department_code = $1::text
  ),
  ${coveredCte("$2::date", "scope")},
  ${allocatairesCte("$2::date", "scope")},
  active_conventions AS (
    SELECT s.department_code, count(DISTINCT c.id) AS n
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id JOIN scope s ON s.code = cc.commune_code
    WHERE ${activeOnSql("c", "$2::date")}
    GROUP BY 1
  ),
  figures AS (
    SELECT s.department_code,
      count(*) AS commune_count,
      count(cv.commune_code) AS covered_commune_count,
      sum(s.population) AS population,
      coalesce(sum(s.population) FILTER (WHERE cv.commune_code IS NOT NULL), 0) AS covered_population,
      sum(a.value) AS allocataires,
      coalesce(sum(a.value) FILTER (WHERE cv.commune_code IS NOT NULL), 0) AS covered_allocataires,
      count(a.value) AS communes_with_allocataires
    FROM scope s
    LEFT JOIN covered cv ON cv.commune_code = s.code
    LEFT JOIN allocataires a ON a.commune_code = s.code
    GROUP BY s.department_code
  )
  SELECT d.code AS "departmentCode", d.name AS "departmentName", $2::date AS "asOf",
    f.commune_count::int AS "communeCount", f.covered_commune_count::int AS "coveredCommuneCount",
    f.population::bigint AS population, f.covered_population::bigint AS "coveredPopulation",
    ${share("f.covered_population", "f.population")} AS "coveredPopulationShare",
    f.allocataires::bigint AS allocataires,
    CASE WHEN f.allocataires IS NULL THEN NULL ELSE f.covered_allocataires::bigint END AS "coveredAllocataires",
    CASE WHEN f.allocataires IS NULL THEN NULL ELSE ${share("f.covered_allocataires", "f.allocataires")} END AS "coveredAllocatairesShare",
    f.communes_with_allocataires::int AS "communesWithAllocataires",
    coalesce(ac.n, 0)::int AS "activeConventionCount"
  FROM figures f
  JOIN department d ON d.code = f.department_code
  LEFT JOIN active_conventions ac ON ac.department_code = f.department_code
  ORDER BY d.code`;

/** $1 département, $2 date. One row per EPCI with communes in the département. */
export const INTERCOMMUNALITY_COVERAGE_SQL = `
  WITH scope AS (
    SELECT m.code, m.intercommunality_siren, coalesce(m.population, 0) AS population
    FROM commune m WHERE m.department_code = $1 AND m.intercommunality_siren IS NOT NULL
  ),
  ${coveredCte("$2::date", "scope")}
  SELECT i.siren, i.name,
    EXISTS (SELECT 1 FROM commune o WHERE o.intercommunality_siren = i.siren AND o.department_code <> $1) AS "spansSeveralDepartments",
    count(*)::int AS "communeCount", count(cv.commune_code)::int AS "coveredCommuneCount",
    sum(s.population)::bigint AS population,
    coalesce(sum(s.population) FILTER (WHERE cv.commune_code IS NOT NULL), 0)::bigint AS "coveredPopulation",
    ${share("coalesce(sum(s.population) FILTER (WHERE cv.commune_code IS NOT NULL), 0)", "sum(s.population)")} AS "coveredPopulationShare"
  FROM scope s
  JOIN intercommunality i ON i.siren = s.intercommunality_siren
  LEFT JOIN covered cv ON cv.commune_code = s.code
  GROUP BY i.siren, i.name
  ORDER BY i.name, i.siren`;

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
 * more than a day after every earlier one has ended). Window functions over each commune's periods.
 */
export const COVERAGE_GAPS_SQL = `
  WITH periods AS (
    SELECT cc.commune_code, c.id,
      coalesce(greatest(c.starts_on, c.signed_on), c.starts_on, c.signed_on, '0001-01-01'::date) AS starts,
      CASE WHEN c.stage = 'TERMINATED' AND c.terminated_on IS NOT NULL
           THEN least(coalesce(c.ends_on, '9999-12-31'::date), c.terminated_on - 1)
           ELSE coalesce(c.ends_on, '9999-12-31'::date) END AS ends
    FROM convention c
    JOIN convention_commune cc ON cc.convention_id = c.id
    JOIN commune m ON m.code = cc.commune_code
    WHERE c.stage <> 'IN_PREPARATION' AND m.department_code = $1
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

/** The date_trunc unit and interval of each history step (never user text in the SQL). */
export const HISTORY_STEPS = {
  YEAR: { unit: "year", interval: "1 year" },
  QUARTER: { unit: "quarter", interval: "3 months" },
  MONTH: { unit: "month", interval: "1 month" },
} as const;

/**
 * $1 département or NULL, $2 from, $3 to: the covered share at the end of each step, in one statement
 * over a generated series of dates.
 */
export function coverageHistorySql(step: keyof typeof HISTORY_STEPS): string {
  const { unit, interval } = HISTORY_STEPS[step];
  return `
  WITH days AS (
    SELECT DISTINCT least((date_trunc('${unit}', gs) + interval '${interval}' - interval '1 day')::date, $3::date) AS day
    FROM generate_series(date_trunc('${unit}', $2::date), $3::date, interval '${interval}') gs
  ),
  scope AS (
    SELECT m.code, coalesce(m.population, 0) AS population
    FROM commune m WHERE $1::text IS NULL OR m.department_code = $1::text
  ),
  covered AS (
    SELECT DISTINCT d.day, cc.commune_code
    FROM days d
    JOIN convention c ON ${activeOnSql("c", "d.day")}
    JOIN convention_commune cc ON cc.convention_id = c.id
    WHERE $1::text IS NULL OR cc.commune_code IN (SELECT code FROM scope)
  ),
  allocataires AS (
    SELECT d.day, a.commune_code, a.value
    FROM days d CROSS JOIN LATERAL (
      SELECT DISTINCT ON (t.commune_code) t.commune_code, t.value
      FROM territory_indicator t
      WHERE t.indicator = 'allocataires' AND t.commune_code IS NOT NULL AND t.year <= extract(year FROM d.day)
        AND ($1::text IS NULL OR t.commune_code IN (SELECT code FROM scope))
      ORDER BY t.commune_code, t.year DESC
    ) a
  ),
  per_day AS (
    SELECT d.day, sum(s.population) AS population,
      coalesce(sum(s.population) FILTER (WHERE cv.commune_code IS NOT NULL), 0) AS covered_population,
      count(cv.commune_code) AS covered_communes
    FROM days d CROSS JOIN scope s
    LEFT JOIN covered cv ON cv.day = d.day AND cv.commune_code = s.code
    GROUP BY d.day
  ),
  allocataires_per_day AS (
    SELECT a.day, sum(a.value) AS total, coalesce(sum(a.value) FILTER (WHERE cv.commune_code IS NOT NULL), 0) AS covered
    FROM allocataires a LEFT JOIN covered cv ON cv.day = a.day AND cv.commune_code = a.commune_code
    GROUP BY a.day
  )
  SELECT p.day AS date, p.population::bigint AS population, p.covered_population::bigint AS "coveredPopulation",
    ${share("p.covered_population", "p.population")} AS "coveredPopulationShare",
    p.covered_communes::int AS "coveredCommuneCount",
    CASE WHEN ap.total IS NULL THEN NULL ELSE ${share("ap.covered", "ap.total")} END AS "coveredAllocatairesShare"
  FROM per_day p LEFT JOIN allocataires_per_day ap ON ap.day = p.day
  ORDER BY p.day`;
}
