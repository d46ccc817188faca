/**
 * The floor's SQL shared rules (a convention's status and "active" on a date, the hub's rules written out again)
 * and its analytics statements, in a module of their own so they can be timed alone (EXPLAIN ANALYZE) without
 * starting the floor server. Imports nothing.
 */

/** A convention's status on a date, the hub's rule (src/coverage/in-force.ts) written out again. */
export function statusSql(c: string, asOf: string): string {
  return `CASE
    WHEN ${c}.stage = 'IN_PREPARATION' THEN 'IN_PREPARATION'
    WHEN ${c}.stage = 'TERMINATED' AND (${c}.terminated_on IS NULL OR ${c}.terminated_on <= ${asOf}) THEN 'TERMINATED'
    WHEN ${c}.signed_on IS NOT NULL AND ${asOf} < ${c}.signed_on THEN 'IN_PREPARATION'
    WHEN ${c}.starts_on IS NOT NULL AND ${asOf} < ${c}.starts_on THEN 'UPCOMING'
    WHEN coalesce(${asOf} < ${inForceFromSql(c)}, true) THEN 'UNKNOWN'
    WHEN ${c}.ends_on IS NOT NULL AND ${asOf} > ${c}.ends_on THEN 'EXPIRED'
    ELSE 'ACTIVE' END`;
}

/** The first day a convention may be in force (the hub's `inForceFromSql`): signature and start, else its first known date. */
function inForceFromSql(c: string): string {
  return `coalesce(greatest(${c}.signed_on, ${c}.starts_on), least(
      CASE ${c}.ends_on_precision WHEN 'YEAR' THEN date_trunc('year', ${c}.ends_on)::date
        WHEN 'MONTH' THEN date_trunc('month', ${c}.ends_on)::date ELSE ${c}.ends_on END,
      ${c}.terminated_on))`;
}

/** Active on a date: the hub's `activeOnSql`. */
export function activeSql(c: string, asOf: string): string {
  return `(${c}.stage <> 'IN_PREPARATION'
    AND (${c}.stage <> 'TERMINATED' OR coalesce(${c}.terminated_on > ${asOf}, false))
    AND coalesce(${inForceFromSql(c)} <= ${asOf}, false)
    AND (${c}.ends_on IS NULL OR ${c}.ends_on >= ${asOf}))`;
}

// The analytics (src/analytics/analytics.sql.ts), reduced to the figures the bench's documents select. A
// date is $2 (or $1 for the national one); shares are float8 divisions, 0 when the population is 0.

const shareSql = (part: string, whole: string) => `coalesce(${part}::float8 / nullif(${whole}, 0), 0)`;

/** $1 département, $2 date: the département's figures with its EPCI rows (communes of the département only) nested. */
export const DEPARTMENT_COVERAGE_SQL = `
  WITH scope AS (
    SELECT m.code, m.intercommunality_siren AS siren, coalesce(m.population, 0) AS population
    FROM commune m WHERE m.department_code = $1
  ),
  covered AS (
    SELECT DISTINCT cc.commune_code
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id
    WHERE ${activeSql("c", "$2::date")} AND cc.commune_code IN (SELECT code FROM scope)
  ),
  allocataires AS (
    SELECT DISTINCT ON (t.commune_code) t.commune_code, t.value
    FROM indicator_value t
    WHERE t.indicator = 'allocataires' AND t.commune_code IN (SELECT code FROM scope) AND t.year <= extract(year FROM $2::date)
    ORDER BY t.commune_code, t.year DESC
  ),
  -- The hub's EPCI rule (src/analytics/allocataires.sql.ts): an EPCI's value, pro rata population, for its communes
  -- when none of its members has a value of its own.
  epci_allocataires AS (
    SELECT e.siren, v.value, p.population, p.communes
    FROM (SELECT DISTINCT siren FROM scope WHERE siren IS NOT NULL) e
    CROSS JOIN LATERAL (SELECT t.value FROM indicator_value t WHERE t.indicator = 'allocataires' AND t.intercommunality_siren = e.siren
                          AND t.year <= extract(year FROM $2::date) ORDER BY t.year DESC LIMIT 1) v
    CROSS JOIN LATERAL (SELECT sum(coalesce(o.population, 0)) AS population, count(*) AS communes FROM commune o WHERE o.intercommunality_siren = e.siren) p
    WHERE NOT EXISTS (SELECT 1 FROM commune o JOIN indicator_value t ON t.commune_code = o.code
                      WHERE o.intercommunality_siren = e.siren AND t.indicator = 'allocataires' AND t.year <= extract(year FROM $2::date))
  ),
  rows AS (
    SELECT s.siren, s.population, cv.commune_code IS NOT NULL AS covered,
      coalesce(a.value::float8, ea.value::float8 * CASE WHEN ea.population > 0 THEN s.population::float8 / ea.population ELSE 1.0 / ea.communes END) AS allocataires
    FROM scope s LEFT JOIN covered cv ON cv.commune_code = s.code LEFT JOIN allocataires a ON a.commune_code = s.code
    LEFT JOIN epci_allocataires ea ON ea.siren = s.siren
  ),
  epci AS (
    SELECT i.siren, i.name, count(*)::int AS "communeCount", count(*) FILTER (WHERE r.covered)::int AS "coveredCommuneCount",
      ${shareSql("coalesce(sum(r.population) FILTER (WHERE r.covered), 0)", "sum(r.population)")} AS "coveredPopulationShare"
    FROM rows r JOIN intercommunality i ON i.siren = r.siren
    GROUP BY i.siren, i.name
  )
  SELECT count(*)::int AS "communeCount", count(*) FILTER (WHERE covered)::int AS "coveredCommuneCount",
    sum(population)::bigint AS population, coalesce(sum(population) FILTER (WHERE covered), 0)::bigint AS "coveredPopulation",
    ${shareSql("coalesce(sum(population) FILTER (WHERE covered), 0)", "sum(population)")} AS "coveredPopulationShare",
    round(sum(allocataires))::bigint AS allocataires,
    CASE WHEN sum(allocataires) IS NULL THEN NULL ELSE round(coalesce(sum(allocataires) FILTER (WHERE covered), 0))::bigint END AS "coveredAllocataires",
    (SELECT coalesce(json_agg(e ORDER BY e.name, e.siren), '[]'::json) FROM epci e) AS "byIntercommunality"
  FROM rows`;

/**
 * $1 département, $2 date: one row per territory at EPCI level (an EPCI's communes of the département, or a
 * commune without EPCI), with the conventions covering its communes (all statuses) and the actions of the active ones.
 */
export const COMPARE_TERRITORIES_SQL = `
  WITH scope AS (
    SELECT m.code, coalesce(m.population, 0) AS population, coalesce(m.intercommunality_siren, m.code) AS territory
    FROM commune m WHERE m.department_code = $1
  ),
  links AS (
    SELECT DISTINCT s.territory, s.code AS commune_code, c.id AS convention_id, c.ends_on, ${statusSql("c", "$2::date")} AS status
    FROM scope s JOIN convention_commune cc ON cc.commune_code = s.code JOIN convention c ON c.id = cc.convention_id
  ),
  active AS (SELECT DISTINCT territory, convention_id FROM links WHERE status = 'ACTIVE'),
  acts AS (SELECT a.territory, x.id, x.theme FROM active a JOIN action x ON x.convention_id = a.convention_id),
  territories AS (
    SELECT territory, count(*) AS communes, count(*) FILTER (WHERE covered) AS covered,
      sum(population) AS population, coalesce(sum(population) FILTER (WHERE covered), 0) AS covered_population
    FROM (SELECT s.territory, s.population, EXISTS (SELECT 1 FROM links l WHERE l.commune_code = s.code AND l.status = 'ACTIVE') AS covered
          FROM scope s) q
    GROUP BY territory
  ),
  conventions AS (
    SELECT territory, bool_or(status IN ('IN_PREPARATION', 'UPCOMING')) AS preparing, bool_or(status IN ('EXPIRED', 'TERMINATED')) AS lapsed,
      min(ends_on) FILTER (WHERE status = 'ACTIVE') AS next_expiry
    FROM links GROUP BY territory
  ),
  by_theme AS (
    SELECT territory, sum(k) AS n, json_agg(json_build_object('theme', theme, 'count', k) ORDER BY theme) AS themes
    FROM (SELECT territory, theme::text AS theme, count(*) AS k FROM acts GROUP BY 1, 2) q GROUP BY territory
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
  )
  SELECT t.territory AS code, coalesce(i.name, m.name) AS name, t.population::bigint AS population,
    t.communes::int AS "communeCount", t.covered::int AS "coveredCommuneCount",
    ${shareSql("t.covered_population", "t.population")} AS "coveredPopulationShare",
    CASE WHEN t.covered = t.communes THEN 'COVERED' WHEN t.covered > 0 THEN 'PARTIAL'
         WHEN cv.preparing THEN 'IN_PREPARATION' WHEN cv.lapsed THEN 'EXPIRED' ELSE 'NONE' END AS "coverageStatus",
    cv.next_expiry AS "nextExpiry", coalesce(bt.n, 0)::int AS "actionCount", coalesce(bt.themes, '[]'::json) AS "actionsByTheme",
    coalesce(p.n, 0)::int AS "partnerCount", coalesce(f.kinds, '[]'::json) AS "facilitiesByKind"
  FROM territories t
  LEFT JOIN intercommunality i ON i.siren = t.territory
  LEFT JOIN commune m ON m.code = t.territory
  LEFT JOIN conventions cv ON cv.territory = t.territory
  LEFT JOIN by_theme bt ON bt.territory = t.territory
  LEFT JOIN partners p ON p.territory = t.territory
  LEFT JOIN facilities f ON f.territory = t.territory
  ORDER BY name, code`;

/** $1 date: one row per département (its communes covered on the date, counted once). */
export const NATIONAL_COVERAGE_SQL = `
  WITH covered AS (
    SELECT DISTINCT cc.commune_code
    FROM convention c JOIN convention_commune cc ON cc.convention_id = c.id
    WHERE ${activeSql("c", "$1::date")}
  )
  SELECT m.department_code AS "departmentCode", count(*)::int AS "communeCount", count(cv.commune_code)::int AS "coveredCommuneCount",
    sum(coalesce(m.population, 0))::bigint AS population,
    coalesce(sum(coalesce(m.population, 0)) FILTER (WHERE cv.commune_code IS NOT NULL), 0)::bigint AS "coveredPopulation",
    ${shareSql("coalesce(sum(coalesce(m.population, 0)) FILTER (WHERE cv.commune_code IS NOT NULL), 0)", "sum(coalesce(m.population, 0))")} AS "coveredPopulationShare"
  FROM commune m LEFT JOIN covered cv ON cv.commune_code = m.code
  GROUP BY m.department_code
  ORDER BY m.department_code`;

/**
 * $1 département or NULL (national), $2 from, $3 to: the covered share at the end of each year from `from`'s year
 * (the last point is `to` itself), none when the scope has no commune. Each convention's year ends in force become a
 * bit string, OR-ed per commune (a commune counts once), then each year end sums the communes whose bit is set.
 * The plain way — (year end, commune) pairs from the conventions active at each, made distinct — returns the same
 * rows but took 300–400 ms nationally against the hub's 110–130 ms (a 138,000-row DISTINCT spilling to disk): a
 * floor slower than the hub would measure nothing, so the floor uses the bit strings too, and sums the communes
 * sharing a bit string once (as the hub does), without the hub's optional allocataires.
 */
export const COVERAGE_HISTORY_SQL = `
  WITH days AS (
    SELECT k, least((date_trunc('year', $2::date) + (k + 1) * interval '1 year' - interval '1 day')::date, $3::date) AS day
    FROM generate_series(0, extract(year FROM $3::date)::int - extract(year FROM $2::date)::int) k
  ),
  convention_days AS (
    SELECT c.id, string_agg(CASE WHEN ${activeSql("c", "d.day")} THEN '1' ELSE '0' END, '' ORDER BY d.k)::varbit AS bits
    FROM convention c CROSS JOIN days d GROUP BY c.id
  ),
  communes AS (
    SELECT m.code, coalesce(m.population, 0) AS population, bit_or(cd.bits) AS bits
    FROM commune m JOIN convention_commune cc ON cc.commune_code = m.code JOIN convention_days cd ON cd.id = cc.convention_id
    WHERE $1::text IS NULL OR m.department_code = $1::text
    GROUP BY m.code
  ),
  same_bits AS (SELECT bits, count(*) AS communes, sum(population) AS population FROM communes GROUP BY bits),
  per_day AS (
    SELECT d.k, sum(g.communes) AS communes, sum(g.population) AS population
    FROM days d JOIN same_bits g ON get_bit(g.bits, d.k) = 1 GROUP BY d.k
  ),
  total AS (
    SELECT count(*) AS communes, sum(coalesce(m.population, 0)) AS population FROM commune m WHERE $1::text IS NULL OR m.department_code = $1::text
  )
  SELECT d.day AS date, t.population::bigint AS population, coalesce(p.population, 0)::bigint AS "coveredPopulation",
    ${shareSql("coalesce(p.population, 0)", "t.population")} AS "coveredPopulationShare",
    coalesce(p.communes, 0)::int AS "coveredCommuneCount"
  FROM days d CROSS JOIN total t LEFT JOIN per_day p ON p.k = d.k
  WHERE t.communes > 0
  ORDER BY d.k`;

/** The hub's current COG year (src/territory/geography.source.ts CURRENT_COG_YEAR), written out again. */
const CURRENT_COG_YEAR = 2026;

/** Array positions the floor sums (each a year from the first vintage loaded on): more than the vintages there are. */
const LINEAGE_POSITIONS = Array.from({ length: 10 }, (_, i) => i + 1);

/**
 * $1 département or NULL (national), $2 from, $3 to: COVERAGE_HISTORY_SQL with each year end on the COG vintage of its
 * year (the first vintage loaded before it; the current communes from the current COG year on). Written from the
 * tables' meaning: `commune_lineage` holds, per current commune (or commune split since, with its successors), the
 * number and population of the communes of each vintage that became it, one array position per year from `first_year`
 * (the first vintage loaded). A convention stores current communes: a current commune's bits are OR-ed, a lineage row
 * takes its commune's (a split one: any of its successors'), the rows with the same bits are summed by array position,
 * and each year end takes its vintage's position.
 */
export const COVERAGE_HISTORY_AS_OF_SQL = `
  WITH bounds AS (SELECT min(first_year)::int AS first, max(last_year)::int AS last FROM commune_vintage),
  days AS (
    SELECT k, d.day, y.v, y.v - b.first + 1 AS i
    FROM bounds b CROSS JOIN generate_series(0, extract(year FROM $3::date)::int - extract(year FROM $2::date)::int) k
    CROSS JOIN LATERAL (SELECT least((date_trunc('year', $2::date) + (k + 1) * interval '1 year' - interval '1 day')::date, $3::date) AS day) d
    CROSS JOIN LATERAL (SELECT CASE WHEN extract(year FROM d.day) >= ${CURRENT_COG_YEAR} THEN ${CURRENT_COG_YEAR}
                                    ELSE least(greatest(extract(year FROM d.day)::int, b.first), b.last) END AS v) y
  ),
  convention_days AS (
    SELECT c.id, string_agg(CASE WHEN ${activeSql("c", "d.day")} THEN '1' ELSE '0' END, '' ORDER BY d.k)::varbit AS bits
    FROM convention c CROSS JOIN days d GROUP BY c.id
  ),
  commune_bits AS MATERIALIZED (
    SELECT cc.commune_code AS code, bit_or(cd.bits) AS bits
    FROM convention_days cd JOIN convention_commune cc ON cc.convention_id = cd.id
    WHERE $1::text IS NULL OR cc.commune_code IN (
      SELECT code FROM commune WHERE department_code = $1::text
      UNION ALL SELECT s.code FROM commune_lineage u CROSS JOIN LATERAL unnest(u.successors) s(code) WHERE u.department_code = $1::text)
    GROUP BY cc.commune_code
  ),
  rows AS (
    SELECT u.communes, u.populations, b.bits
    FROM commune_lineage u LEFT JOIN commune_bits b ON b.code = u.code
    WHERE u.parts = 1 AND ($1::text IS NULL OR u.department_code = $1::text)
    UNION ALL
    SELECT u.communes, u.populations, bit_or(b.bits)
    FROM commune_lineage u CROSS JOIN LATERAL unnest(u.successors) s(code) LEFT JOIN commune_bits b ON b.code = s.code
    WHERE u.parts > 1 AND ($1::text IS NULL OR u.department_code = $1::text)
    GROUP BY u.code, u.department_code, u.successors
  ),
  same_bits AS (
    SELECT bits, ARRAY[${LINEAGE_POSITIONS.map((p) => `coalesce(sum(communes[${p}]), 0)`).join(", ")}] AS communes,
      ARRAY[${LINEAGE_POSITIONS.map((p) => `coalesce(sum(populations[${p}]), 0)`).join(", ")}] AS populations
    FROM rows GROUP BY bits
  ),
  current_bits AS (
    SELECT b.bits, count(*) AS communes, sum(coalesce(m.population, 0)) AS population
    FROM commune m LEFT JOIN commune_bits b ON b.code = m.code
    WHERE ($1::text IS NULL OR m.department_code = $1::text) AND EXISTS (SELECT 1 FROM days WHERE v >= ${CURRENT_COG_YEAR})
    GROUP BY b.bits
  ),
  per_day AS (
    SELECT d.k, sum(g.communes[d.i]) AS communes, sum(g.populations[d.i]) AS population,
      sum(g.populations[d.i]) FILTER (WHERE get_bit(g.bits, d.k) = 1) AS covered_population,
      sum(g.communes[d.i]) FILTER (WHERE get_bit(g.bits, d.k) = 1) AS covered_communes
    FROM days d CROSS JOIN same_bits g WHERE d.v < ${CURRENT_COG_YEAR} GROUP BY d.k
    UNION ALL
    SELECT d.k, sum(g.communes), sum(g.population), sum(g.population) FILTER (WHERE get_bit(g.bits, d.k) = 1),
      sum(g.communes) FILTER (WHERE get_bit(g.bits, d.k) = 1)
    FROM days d CROSS JOIN current_bits g WHERE d.v >= ${CURRENT_COG_YEAR} GROUP BY d.k
  )
  SELECT d.day AS date, p.population::bigint AS population, coalesce(p.covered_population, 0)::bigint AS "coveredPopulation",
    ${shareSql("coalesce(p.covered_population, 0)", "p.population")} AS "coveredPopulationShare",
    coalesce(p.covered_communes, 0)::int AS "coveredCommuneCount", d.v AS "geographyVintage"
  FROM days d JOIN per_day p ON p.k = d.k
  WHERE p.communes > 0
  ORDER BY d.k`;

/** An action late on a date: the hub's rule (src/convention/lateness.ts) written out again. */
export function lateSql(a: string, asOf: string): string {
  return `(${a}.ends_on IS NOT NULL AND ${a}.status NOT IN ('DONE', 'ABANDONED') AND ${asOf} > ${a}.ends_on)`;
}

/**
 * $1 date: actionStats nationally by département × status × late, each alone and the total (GROUPING SETS): the
 * actions counted, the late ones, and their euro budget lines summed (each action's lines summed once first).
 */
export const ACTION_STATS_SQL = `
  WITH money AS (
    SELECT b.action_id, sum(b.planned) AS planned, sum(b.actual) AS actual
    FROM action_budget_line b WHERE b.unit = 'EUROS' GROUP BY b.action_id
  ),
  base AS (
    SELECT c.department_code AS department, a.status::text AS status, ${lateSql("a", "$1::date")} AS late, m.planned, m.actual
    FROM action a JOIN convention c ON c.id = a.convention_id LEFT JOIN money m ON m.action_id = a.id
  )
  SELECT array_remove(ARRAY[CASE WHEN GROUPING(department) = 1 THEN 'DEPARTMENT' END, CASE WHEN GROUPING(status) = 1 THEN 'STATUS' END,
                            CASE WHEN GROUPING(late) = 1 THEN 'LATE' END], NULL) AS totals,
    department, status, late, count(*)::int AS actions, count(*) FILTER (WHERE late)::int AS "lateActions",
    round(sum(planned), 2)::float8 AS "plannedEuros", round(sum(actual), 2)::float8 AS "actualEuros"
  FROM base
  GROUP BY GROUPING SETS ((department, status, late), (department), (status), (late), ())
  ORDER BY GROUPING(department), GROUPING(status), GROUPING(late), department, status, late`;
