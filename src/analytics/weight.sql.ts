/**
 * The rule of the weighted figures, in one place. The weight is a count indicator (`allocataires` by default,
 * weight.ts), given to every statement as a parameter. For an observation year Y:
 * - a commune's value is its own latest value of the weight up to Y;
 * - a commune without one takes its share of its EPCI's latest value up to Y, when none of the EPCI's member
 *   communes (in any département) has a value of its own up to Y — otherwise the EPCI's value is not used, so
 *   nothing is counted twice (an EPCI's value and its communes' values are never added together);
 * - the share is pro rata the commune's municipal population over the EPCI's (all its member communes, in
 *   every département): the part of an EPCI in a département weighs what its population weighs. An EPCI
 *   whose communes have no population is split equally.
 * Each statement reads the communes' own values its own way (probes for a département, one ordered pass
 * nationally, validity intervals for the history); the EPCI part and the share come from here.
 */

/** The SQL of the weight's parameter `$index` (the code is always a parameter, never text of the statement). */
export const weightParameter = (index: number): string => `$${Math.trunc(index)}::text`;

/**
 * The EPCI whose value of the weight `weight` (weightParameter) is used in year `year` (an SQL integer expression),
 * among the SIRENs the query `candidates` returns: siren, value, population (all members) and communes (all members).
 * `communes`: the communes of the geography the figure counts on (code, intercommunality_siren, population: the
 * current ones, or a vintage's, so that the members and the population sharing the value are those of the vintage).
 * One probe per EPCI through the indexes on indicator_value and on the communes' intercommunality_siren.
 */
export function intercommunalityWeightSql(candidates: string, year: string, weight: string, communes = "commune"): string {
  return `
    SELECT e.siren, v.value, p.population, p.communes
    FROM (${candidates}) e(siren)
    CROSS JOIN LATERAL (
      SELECT t.value FROM indicator_value t
      WHERE t.indicator = ${weight} AND t.intercommunality_siren = e.siren AND t.year <= ${year}
      ORDER BY t.year DESC LIMIT 1
    ) v
    CROSS JOIN LATERAL (
      SELECT sum(coalesce(o.population, 0)) AS population, count(*) AS communes FROM ${communes} o WHERE o.intercommunality_siren = e.siren
    ) p
    WHERE NOT EXISTS (
      SELECT 1 FROM ${communes} o JOIN indicator_value t ON t.commune_code = o.code
      WHERE o.intercommunality_siren = e.siren AND t.indicator = ${weight} AND t.year <= ${year}
    )`;
}

/** EPCI having a value of the weight some year: the candidates of a national or historical statement. */
export const intercommunalitiesWithWeight = (weight: string): string => `
  SELECT DISTINCT t.intercommunality_siren FROM indicator_value t
  WHERE t.indicator = ${weight} AND t.intercommunality_siren IS NOT NULL`;

/**
 * A commune's value: its own (`own`, NULL when it has none), else its share of the value of the EPCI row
 * aliased `e` (from intercommunalityWeightSql, LEFT JOINed on the commune's EPCI; NULL when not used).
 */
export function communeWeightSql(own: string, population: string, e: string): string {
  return `coalesce(${own}::float8, ${e}.value::float8 * CASE WHEN ${e}.population > 0
    THEN ${population}::float8 / ${e}.population ELSE 1.0 / ${e}.communes END)`;
}

/**
 * The aggregates of the weighted figures over per-commune rows aliased `r` (population, covered, allocataires —
 * the commune's value of the weight or NULL — and from_epci), with their completeness.
 */
export const weightAggregates = `
      sum(r.allocataires) AS allocataires, coalesce(sum(r.allocataires) FILTER (WHERE r.covered), 0) AS covered_allocataires,
      count(r.allocataires) AS communes_with_allocataires, count(*) FILTER (WHERE r.from_epci) AS communes_with_epci_allocataires,
      coalesce(sum(r.population) FILTER (WHERE r.allocataires IS NOT NULL), 0) AS allocataires_population`;

/**
 * The weighted figures of groups of communes (a département's territories): `rows` has per commune its code,
 * intercommunality_siren, population, covered and group (`territory`); each commune's own latest value up to `year` is
 * probed through the index, the EPCI values come from intercommunalityWeightSql over `communes`. Defines
 * `weighted_groups`: one row per territory with the aggregates of weightAggregates.
 */
export function weightedTerritoriesCtes(rows: string, year: string, weight: string, communes: string): string {
  return `
  own_weight AS (
    SELECT r.territory, r.intercommunality_siren, r.population, r.covered,
      (SELECT t.value FROM indicator_value t WHERE t.indicator = ${weight} AND t.commune_code = r.code AND t.year <= ${year}
       ORDER BY t.year DESC LIMIT 1) AS own
    FROM ${rows} r
  ),
  epci_weight AS (${intercommunalityWeightSql(
    "SELECT DISTINCT intercommunality_siren FROM own_weight WHERE own IS NULL AND intercommunality_siren IS NOT NULL",
    year,
    weight,
    communes,
  )}),
  weighted_groups AS (
    SELECT r.territory, ${weightAggregates}
    FROM (SELECT o.territory, o.population, o.covered, ${communeWeightSql("o.own", "o.population", "e")} AS allocataires,
            o.own IS NULL AND e.siren IS NOT NULL AS from_epci
          FROM own_weight o LEFT JOIN epci_weight e ON e.siren = o.intercommunality_siren) r
    GROUP BY r.territory
  )`;
}
