import { actionInThemesSql } from "../common/theme";
import { CURRENT_GEOGRAPHY, type GeographySql, withGeography } from "./geography.sql";
import { activeOnSql, impreciseDatesSql, inForceFromSql, statusSql } from "../coverage/in-force";
import { lateSql } from "../convention/lateness";
import {
  weightAggregates,
  communeWeightSql,
  intercommunalitiesWithWeight,
  intercommunalityWeightSql,
  weightParameter,
  weightedTerritoriesCtes,
} from "./weight.sql";

/**
 * The SQL of the analytics, in one place (the history in coverage-history.sql.ts, the weighted figures' rule in
 * weight.sql.ts). Every figure is computed by PostgreSQL (CTEs, GROUP BY, window functions); TypeScript
 * only names the parameters. Rules shared by all statements:
 * - a commune counts in a département's figures only if it belongs to it (an EPCI straddling a
 *   border contributes its communes of the département only);
 * - a commune is covered on a date when at least one convention covering it is ACTIVE that day
 *   (counted once, however many conventions cover it); bounds are inclusive;
 * - a commune without population counts as 0;
 * - the conventions counted (in force, covering a commune of the scope) say how many rest on imprecise dates.
 */

/**
 * The optional figures of a coverage statement. The covered communes and population are always computed;
 * the weighted figures and the counts of conventions in force cost as much again, so a statement computes
 * them only when asked for (the resolvers ask only when a client selects them; the exports ask for all).
 * A figure not computed is NULL in the row. The weight's code is not part of the options: it is a parameter of the
 * statement (`weightParameter`), never text of it.
 */
export interface CoverageOptions {
  /** The weighted figures (allocataires, coveredAllocataires, coveredAllocatairesShare, their completeness, `weighted`). */
  weighted: boolean;
  /** activeConventionCount, impreciseConventionCount */
  activeConventions: boolean;
}

/** The weight's code: the third parameter of a département's statement, the second of the national one, the fifth of a comparison. */
const WEIGHT_3 = weightParameter(3);
const WEIGHT_2 = weightParameter(2);
const WEIGHT_5 = weightParameter(5);

export const share = (part: string, whole: string) => `coalesce(${part}::float8 / nullif(${whole}, 0), 0)`;

/** The observation year of the date `asOf` (an SQL date expression). */
export const yearOf = (asOf: string) => `extract(year FROM ${asOf})::int`;

/**
 * The weighted figures' columns, from the aggregates of weightAggregates in the relation aliased `f`, over the
 * `population` of the communes they sum; `weight` the parameter of the weight's code, which the row carries.
 */
const weightedColumns = (f: string, population: string, weight: string) => `round(${f}.allocataires)::bigint AS allocataires,
    CASE WHEN ${f}.allocataires IS NULL THEN NULL ELSE round(${f}.covered_allocataires)::bigint END AS "coveredAllocataires",
    CASE WHEN ${f}.allocataires IS NULL THEN NULL ELSE ${share(`${f}.covered_allocataires`, `${f}.allocataires`)} END AS "coveredAllocatairesShare",
    ${f}.communes_with_allocataires::int AS "communesWithAllocataires",
    ${f}.communes_with_epci_allocataires::int AS "communesWithIntercommunalityAllocataires",
    ${share(`${f}.allocataires_population`, population)} AS "allocatairesPopulationShare", ${weight} AS weight`;

/**
 * The output columns of a coverage row, from the aggregates of a `figures` relation aliased `f`; `inForce`
 * has the expressions of the counts of conventions in force and of those with imprecise dates (when asked for);
 * `weight` the parameter of the weight's code, which the row carries (`weight`) when weighted.
 */
const coverageColumns = (
  asOf: string,
  options: CoverageOptions,
  inForce: { active: string; imprecise: string },
  vintage: number,
  weight: string,
) => `
    f.commune_count::int AS "communeCount", f.covered_commune_count::int AS "coveredCommuneCount",
    f.population::bigint AS population, f.covered_population::bigint AS "coveredPopulation",
    ${share("f.covered_population", "f.population")} AS "coveredPopulationShare",
    ${
      options.weighted
        ? `${weightedColumns("f", "f.population", weight)},`
        : `NULL AS allocataires, NULL AS "coveredAllocataires",
    NULL AS "coveredAllocatairesShare", NULL AS "communesWithAllocataires", NULL AS "communesWithIntercommunalityAllocataires",
    NULL AS "allocatairesPopulationShare", NULL AS weight,`
    }
    ${options.activeConventions ? `${inForce.active}::int` : "NULL"} AS "activeConventionCount",
    ${options.activeConventions ? `${inForce.imprecise}::int` : "NULL"} AS "impreciseConventionCount",
    ${asOf} AS "asOf", ${Math.trunc(vintage)} AS "geographyVintage"`;

/** The aggregates over per-commune `rows` (population, covered, and when weighted those of weight.sql.ts). */
const coverageAggregates = (options: CoverageOptions) => `
      count(*) AS commune_count, count(*) FILTER (WHERE r.covered) AS covered_commune_count,
      sum(r.population) AS population, coalesce(sum(r.population) FILTER (WHERE r.covered), 0) AS covered_population${
        options.weighted
          ? `,
      ${weightAggregates}`
          : ""
      }`;

/** One row per EPCI of `rows` (a département's communes: intercommunality_siren, population, covered), by name. */
const intercommunalityFigures = (rows: string, geo: GeographySql) => `
  SELECT i.siren, i.name,
    -- More communes in all than here. (An EXISTS over the other départements' communes was planned as a hash of
    -- the country's 34,000 communes: 13 ms for Pas-de-Calais instead of 6.5 with a count through the index per EPCI.)
    (SELECT count(*) FROM ${geo.allCommunes} o WHERE o.intercommunality_siren = i.siren) > count(*) AS "spansSeveralDepartments",
    count(*)::int AS "communeCount", count(*) FILTER (WHERE r.covered)::int AS "coveredCommuneCount",
    sum(r.population)::bigint AS population,
    coalesce(sum(r.population) FILTER (WHERE r.covered), 0)::bigint AS "coveredPopulation",
    ${share("coalesce(sum(r.population) FILTER (WHERE r.covered), 0)", "sum(r.population)")} AS "coveredPopulationShare"
  FROM ${rows} r
  JOIN ${geo.intercommunalities} i ON i.siren = r.intercommunality_siren
  GROUP BY i.siren, i.name
  ORDER BY i.name, i.siren`;

/**
 * $1 département, $2 date, and when weighted $3 the weight's code: one row (none if the département has no commune).
 * The département's few hundred communes are probed one by one through indexes (their links to conventions, their
 * latest value of the weight), which costs less than reading the country's links (Pas-de-Calais: 11 ms, 42 with hash joins).
 * `withIntercommunalities`: the row also carries `byIntercommunality`, the EPCI figures from the same
 * communes, as JSON (the EPCI statement alone would compute their coverage again: 8 ms more).
 */
export function departmentCoverageSql(
  options: CoverageOptions,
  withIntercommunalities = false,
  geo: GeographySql = CURRENT_GEOGRAPHY,
): string {
  return `
  ${withGeography(geo, "rows AS MATERIALIZED (")}
    SELECT m.code, m.intercommunality_siren, coalesce(m.population, 0) AS population,
      EXISTS (
        SELECT 1 FROM ${geo.links} cc JOIN convention c ON c.id = cc.convention_id
        WHERE cc.commune_code = m.code AND ${activeOnSql("c", "$2::date")}
      ) AS covered${
        options.weighted
          ? `,
      (SELECT t.value FROM indicator_value t
       WHERE t.indicator = ${WEIGHT_3} AND t.commune_code = m.code AND t.year <= ${yearOf("$2::date")}
       ORDER BY t.year DESC LIMIT 1) AS own_allocataires`
          : ""
      }
    FROM ${geo.communes} m WHERE m.department_code = $1
  ),${
    options.weighted
      ? `
  epci_allocataires AS (${intercommunalityWeightSql(
    "SELECT DISTINCT intercommunality_siren FROM rows WHERE own_allocataires IS NULL AND intercommunality_siren IS NOT NULL",
    yearOf("$2::date"),
    WEIGHT_3,
    geo.allCommunes,
  )}),
  valued AS (
    SELECT r.population, r.covered, ${communeWeightSql("r.own_allocataires", "r.population", "e")} AS allocataires,
      r.own_allocataires IS NULL AND e.siren IS NOT NULL AS from_epci
    FROM rows r LEFT JOIN epci_allocataires e ON e.siren = r.intercommunality_siren
  ),`
      : ""
  }
  figures AS (
    SELECT ${coverageAggregates(options)}
    FROM ${options.weighted ? "valued" : "rows"} r
    HAVING count(*) > 0
  )${
    options.activeConventions
      ? `,
  in_force AS (
    SELECT count(*) AS active, count(*) FILTER (WHERE q.imprecise) AS imprecise
    FROM (SELECT DISTINCT c.id, ${impreciseDatesSql("c")} AS imprecise
          FROM rows x JOIN ${geo.links} cc ON cc.commune_code = x.code JOIN convention c ON c.id = cc.convention_id
          WHERE x.covered AND ${activeOnSql("c", "$2::date")}) q
  )`
      : ""
  }
  SELECT d.code AS "departmentCode", d.name AS "departmentName", ${coverageColumns("$2::date", options, { active: "n.active", imprecise: "n.imprecise" }, geo.vintage, WEIGHT_3)}${
    withIntercommunalities
      ? `,
    (SELECT coalesce(json_agg(e ORDER BY e.name, e.siren), '[]'::json) FROM (${intercommunalityFigures("rows", geo)}) e) AS "byIntercommunality"`
      : ""
  }
  FROM figures f JOIN department d ON d.code = $1${options.activeConventions ? " CROSS JOIN in_force n" : ""}`;
}

/**
 * $1 date, and when weighted $2 the weight's code: one row per département with communes. The links of the conventions in force are read once
 * (hash joins over the country), the covered communes computed once, then every commune joined to them
 * and grouped by département. The latest value of the weight per commune is one ordered pass over the
 * index (indicator, commune_code, year, value).
 */
export function nationalCoverageSql(options: CoverageOptions, geo: GeographySql = CURRENT_GEOGRAPHY): string {
  return `
  ${withGeography(geo, `active_links AS ${options.activeConventions ? "MATERIALIZED " : ""}(`)}
    SELECT cc.commune_code, cc.convention_id${options.activeConventions ? `, ${impreciseDatesSql("c")} AS imprecise` : ""}
    FROM convention c JOIN ${geo.links} cc ON cc.convention_id = c.id
    WHERE ${activeOnSql("c", "$1::date")}
  ),
  covered AS (SELECT DISTINCT commune_code FROM active_links),${
    options.weighted
      ? `
  allocataires AS (
    SELECT DISTINCT ON (t.commune_code) t.commune_code, t.value
    FROM indicator_value t
    WHERE t.indicator = ${WEIGHT_2} AND t.commune_code IS NOT NULL AND t.year <= ${yearOf("$1::date")}
    ORDER BY t.commune_code DESC, t.year DESC -- both descending: a backward scan of the index, no sort
  ),
  epci_allocataires AS (${intercommunalityWeightSql(intercommunalitiesWithWeight(WEIGHT_2), yearOf("$1::date"), WEIGHT_2, geo.allCommunes)}),`
      : ""
  }${
    options.activeConventions
      ? `
  active_conventions AS (
    SELECT department_code, count(*) AS n, count(*) FILTER (WHERE imprecise) AS imprecise
    FROM (SELECT DISTINCT m.department_code, l.convention_id, l.imprecise FROM active_links l JOIN ${geo.communes} m ON m.code = l.commune_code) q
    GROUP BY department_code
  ),`
      : ""
  }
  rows AS (
    SELECT m.department_code, coalesce(m.population, 0) AS population, cv.commune_code IS NOT NULL AS covered${
      options.weighted
        ? `,
      ${communeWeightSql("a.value", "coalesce(m.population, 0)", "e")} AS allocataires, a.value IS NULL AND e.siren IS NOT NULL AS from_epci`
        : ""
    }
    FROM ${geo.communes} m
    LEFT JOIN covered cv ON cv.commune_code = m.code${
      options.weighted
        ? `
    LEFT JOIN allocataires a ON a.commune_code = m.code
    LEFT JOIN epci_allocataires e ON e.siren = m.intercommunality_siren`
        : ""
    }
  ),
  figures AS (
    SELECT r.department_code, ${coverageAggregates(options)}
    FROM rows r GROUP BY r.department_code
  )
  SELECT d.code AS "departmentCode", d.name AS "departmentName", ${coverageColumns("$1::date", options, { active: "coalesce(ac.n, 0)", imprecise: "coalesce(ac.imprecise, 0)" }, geo.vintage, WEIGHT_2)}
  FROM figures f
  JOIN department d ON d.code = f.department_code${
    options.activeConventions
      ? `
  LEFT JOIN active_conventions ac ON ac.department_code = f.department_code`
      : ""
  }
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
  ${intercommunalityFigures("rows", CURRENT_GEOGRAPHY)}`;

/**
 * The territories of a département and the conventions and actions that concern them on a date.
 * Parameters: $1 département, $2 date, $3 level ('INTERCOMMUNALITY' | 'COMMUNE'), $4 themes or NULL (and in
 * compareTerritories, when weighted, $5 the weight's code).
 * A territory is an EPCI (its communes of the département) or, at EPCI level, a commune without EPCI.
 * `themes` selects actions by their own theme (`actionInThemesSql`), whatever their convention's themes, as the
 * `actions` filter does: `acts` holds every action of the conventions in force, `retained` those the themes keep.
 * Coverage, conventions, partners and SDSF axes describe the territory whatever the themes.
 */
const territoryCtes = (geo: GeographySql) => `
  scope AS (
    SELECT m.code, m.name, coalesce(m.population, 0) AS population, m.intercommunality_siren,
      CASE WHEN $3::text = 'COMMUNE' THEN m.code ELSE coalesce(m.intercommunality_siren, m.code) END AS territory
    FROM ${geo.communes} m WHERE m.department_code = $1
  ),
  links AS (
    SELECT DISTINCT s.territory, s.code AS commune_code, c.id AS convention_id, c.ends_on,
      ${statusSql("c", "$2::date")} AS status, ${impreciseDatesSql("c")} AS imprecise
    FROM scope s
    JOIN ${geo.links} cc ON cc.commune_code = s.code
    JOIN convention c ON c.id = cc.convention_id
  ),
  active AS (SELECT DISTINCT territory, convention_id, imprecise FROM links WHERE status = 'ACTIVE'),
  acts AS (
    SELECT a.territory, x.id, x.theme, x.status, x.sdsf_axis_id, ${lateSql("x", "$2::date")} AS late,
      $4::theme[] IS NULL OR ${actionInThemesSql("x", "$4::theme[]")} AS retained
    FROM active a JOIN action x ON x.convention_id = a.convention_id
  )`;

/** `weighted`: the territories' weighted figures (weight.sql.ts), by the weight $5. */
export const compareTerritoriesSql = (geo: GeographySql = CURRENT_GEOGRAPHY, weighted = false) => `
  ${withGeography(geo, territoryCtes(geo))},
  per_commune AS (
    SELECT s.territory, s.code, s.intercommunality_siren, s.population, EXISTS (
      SELECT 1 FROM links l WHERE l.commune_code = s.code AND l.status = 'ACTIVE') AS covered
    FROM scope s
  ),
  territories AS (
    SELECT territory, count(*) AS communes, count(*) FILTER (WHERE covered) AS covered,
      sum(population) AS population, coalesce(sum(population) FILTER (WHERE covered), 0) AS covered_population
    FROM per_commune GROUP BY territory
  ),${weighted ? `${weightedTerritoriesCtes("per_commune", yearOf("$2::date"), WEIGHT_5, geo.allCommunes)},` : ""}
  conventions AS (
    SELECT territory, array_agg(DISTINCT convention_id) AS ids,
      bool_or(status IN ('IN_PREPARATION', 'UPCOMING')) AS preparing,
      bool_or(status IN ('EXPIRED', 'TERMINATED')) AS lapsed,
      min(ends_on) FILTER (WHERE status = 'ACTIVE') AS next_expiry
    FROM links GROUP BY territory
  ),
  in_force AS (SELECT territory, count(*) AS n, count(*) FILTER (WHERE imprecise) AS imprecise FROM active GROUP BY territory),
  by_theme AS (
    SELECT territory, sum(k) AS n,
      json_agg(json_build_object('theme', theme, 'count', k) ORDER BY theme) AS themes
    FROM (SELECT territory, theme::text AS theme, count(*) AS k FROM acts WHERE retained GROUP BY 1, 2) q GROUP BY territory
  ),
  by_status AS (
    SELECT territory, json_agg(json_build_object('status', status, 'count', k) ORDER BY status) AS statuses
    FROM (SELECT territory, status::text AS status, count(*) AS k FROM acts WHERE retained GROUP BY 1, 2) q GROUP BY territory
  ),
  -- Late actions and money (budget lines in euros, as actionStats sums them) of the same actions: each action's
  -- lines summed once, then its sums added in every territory it counts in.
  money AS (
    SELECT b.action_id, sum(b.planned) AS planned, sum(b.actual) AS actual
    FROM action_budget_line b
    WHERE b.unit = 'EUROS' AND b.action_id IN (SELECT id FROM acts WHERE retained)
    GROUP BY b.action_id
  ),
  follow_up AS (
    SELECT a.territory, count(*) FILTER (WHERE a.late) AS late, sum(m.planned) AS planned, sum(m.actual) AS actual
    FROM acts a LEFT JOIN money m ON m.action_id = a.id
    WHERE a.retained GROUP BY a.territory
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
      SELECT 1 FROM ${geo.allCommunes} o WHERE o.intercommunality_siren = i.siren AND o.department_code <> $1)) AS "spansSeveralDepartments",
    t.population::bigint AS population, t.communes::int AS "communeCount", t.covered::int AS "coveredCommuneCount",
    ${share("t.covered_population", "t.population")} AS "coveredPopulationShare",
    CASE WHEN t.covered = t.communes THEN 'COVERED' WHEN t.covered > 0 THEN 'PARTIAL'
         WHEN cv.preparing THEN 'IN_PREPARATION' WHEN cv.lapsed THEN 'EXPIRED' ELSE 'NONE' END AS "coverageStatus",
    coalesce(cv.ids, '{}') AS "conventionIds", cv.next_expiry AS "nextExpiry",
    coalesce(n.n, 0)::int AS "activeConventionCount", coalesce(n.imprecise, 0)::int AS "impreciseConventionCount",
    coalesce(bt.n, 0)::int AS "actionCount",
    coalesce(bt.themes, '[]'::json) AS "actionsByTheme",
    coalesce(bs.statuses, '[]'::json) AS "actionsByStatus",
    coalesce(fu.late, 0)::int AS "lateActionCount",
    round(fu.planned, 2)::float8 AS "plannedEuros", round(fu.actual, 2)::float8 AS "actualEuros", $1::text AS "departmentCode",
    coalesce(p.n, 0)::int AS "partnerCount",
    coalesce(f.kinds, '[]'::json) AS "facilitiesByKind",
    coalesce(ax.ids, '{}') AS "sdsfAxisIds", ${Math.trunc(geo.vintage)} AS "geographyVintage"${
      weighted
        ? `,
    ${weightedColumns("w", "t.population", WEIGHT_5)}`
        : ""
    }
  FROM territories t
  LEFT JOIN ${geo.intercommunalities} i ON i.siren = t.territory
  LEFT JOIN ${geo.communes} m ON m.code = t.territory
  LEFT JOIN conventions cv ON cv.territory = t.territory
  LEFT JOIN in_force n ON n.territory = t.territory
  LEFT JOIN by_theme bt ON bt.territory = t.territory
  LEFT JOIN by_status bs ON bs.territory = t.territory
  LEFT JOIN follow_up fu ON fu.territory = t.territory
  LEFT JOIN partners p ON p.territory = t.territory
  LEFT JOIN facilities f ON f.territory = t.territory
  LEFT JOIN axes ax ON ax.territory = t.territory${weighted ? "\n  LEFT JOIN weighted_groups w ON w.territory = t.territory" : ""}
  ORDER BY name, code`;

/** Actions of active conventions (of the themes $4, when given) per territory and theme, with the per-theme totals (GROUPING SETS). */
export const THEME_MATRIX_SQL = `
  WITH ${territoryCtes(CURRENT_GEOGRAPHY)}
  SELECT s.territory AS code, min(coalesce(i.name, m.name)) AS name, x.theme::text AS theme, count(x.id)::int AS count,
    GROUPING(s.territory) = 1 AS "isTotal"
  FROM (SELECT DISTINCT territory FROM scope) s
  LEFT JOIN acts x ON x.territory = s.territory AND x.retained
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
