import type { IsoDate } from "../common/date";
import { actionFilter } from "../convention/convention.service";
import type { ActionFilter } from "../convention/convention.inputs";
import { lateSql } from "../convention/lateness";
import { ActionDimension } from "./action-stats.types";

/**
 * `actionStats` in one statement: one base row per action and money row (its budget lines in euros — summed per action
 * unless YEAR is asked for —, or its funders' amounts when FUNDER is asked for), fanned out by the values of the multi-valued dimensions asked for
 * (pilot kinds, target publics); then GROUP BY GROUPING SETS — the detail, each dimension alone, and the total.
 * Actions count once per group (`count(DISTINCT)`). A money row fanned out k ways by a dimension that a grouping
 * set totals would be summed k times: each such row also carries its amount divided by k, and the set reads the
 * sum whose divisors match the dimensions it totals (exact in numeric, rounded to the cent at the end).
 */
export const MAX_DIMENSIONS = 4;
export const MAX_STATS_ROWS = 2_000;

interface Dimension {
  column: string;
  /** The SQL of the base row's value. */
  sql: string;
  /** Multi-valued: the base rows are fanned out by a lateral join, its value count in `k_<column>`. */
  fanOut?: string;
}

export interface ActionStatsSql {
  sql: string;
  params: unknown[];
}

export function actionStatsSql(
  filter: ActionFilter | null | undefined,
  groupBy: readonly ActionDimension[],
  asOf: IsoDate,
): ActionStatsSql {
  const where = actionFilter({ ...filter, asOf: filter?.asOf ?? asOf }, asOf);
  const params = where.params;
  const asOfSql = `${params.param(asOf)}::date`;
  const byFunder = groupBy.includes(ActionDimension.FUNDER);
  const dimensions: Record<ActionDimension, Dimension> = {
    DEPARTMENT: { column: "department", sql: "c.department_code" },
    INTERCOMMUNALITY: { column: "intercommunality", sql: "c.holder_intercommunality_siren::text" },
    CONVENTION: { column: "convention", sql: "c.reference" },
    THEME: { column: "theme", sql: "a.theme::text" },
    STATUS: { column: "status", sql: "a.status::text" },
    PRIORITY: { column: "priority", sql: "a.priority::text" },
    LATE: { column: "late", sql: lateSql("a", asOfSql) },
    PILOT_KIND: {
      column: "pilot_kind",
      sql: "pk.value::text",
      fanOut: `LEFT JOIN LATERAL (SELECT v.value, count(*) OVER () AS k FROM (SELECT DISTINCT p.kind AS value FROM action_pilot p WHERE p.action_id = a.id) v) pk ON true`,
    },
    FUNDER: { column: "funder", sql: "m.funder" },
    YEAR: { column: "year", sql: "m.year" },
    SDSF_AXIS: { column: "sdsf_axis", sql: "a.sdsf_axis_id::text" },
    TARGET_PUBLIC: {
      column: "target_public",
      sql: "tp.value::text",
      fanOut: `LEFT JOIN LATERAL (SELECT v.value, count(*) OVER () AS k FROM (SELECT DISTINCT unnest(a.target_publics) AS value) v) tp ON true`,
    },
  };
  const asked = groupBy.map((dimension) => ({ dimension, ...dimensions[dimension] }));
  const fanOuts = asked.filter((d) => d.fanOut);
  const alias = (d: { column: string }) => (d.column === "pilot_kind" ? "pk" : "tp");
  // Without FUNDER or YEAR, an action's euros are one row: its lines summed first (one hash aggregate over the lines,
  // narrowed to the filtered actions when there is a filter), so the base holds one row per action (and fanned-out
  // value) instead of one per line, and actions count without DISTINCT when nothing fans them out.
  const perAction = !byFunder && !groupBy.includes(ActionDimension.YEAR);
  const filtered = where.where !== "TRUE";
  const moneyCte = perAction
    ? `money AS (
      SELECT b.action_id, sum(b.planned) AS planned, sum(b.actual) AS actual FROM action_budget_line b
      WHERE b.unit = 'EUROS'${filtered ? ` AND b.action_id IN (SELECT a.id FROM action a WHERE ${where.where})` : ""}
      GROUP BY b.action_id),`
    : "";
  const money = byFunder
    ? `LEFT JOIN LATERAL (SELECT f.funder::text AS funder, f.year, f.planned, f.actual FROM action_funding f WHERE f.action_id = a.id) m ON true`
    : perAction
      ? `LEFT JOIN money m ON m.action_id = a.id`
      : `LEFT JOIN LATERAL (SELECT NULL::text AS funder, b.year, b.planned, b.actual FROM action_budget_line b
         WHERE b.action_id = a.id AND b.unit = 'EUROS') m ON true`;
  const actions = perAction && fanOuts.length === 0 ? "count(*)" : "count(DISTINCT action_id)";
  // Every subset of the fanned-out dimensions: the weight 1/k of each dimension in it.
  const subsets: Array<typeof fanOuts> = [[]];
  for (const d of fanOuts) subsets.push(...subsets.map((s) => [...s, d]));
  const weight = (subset: typeof fanOuts) => subset.map((d) => ` / coalesce(${alias(d)}.k, 1)`).join("");
  const sumName = (amount: string, subset: typeof fanOuts) => `${amount}${subset.map((d) => `_${d.column}`).join("")}`;
  const baseMoney = subsets.flatMap((subset) =>
    ["planned", "actual"].map((amount) => `m.${amount}::numeric${weight(subset)} AS ${sumName(amount, subset)}`),
  );
  const chosen = (amount: string) => {
    if (fanOuts.length === 0) return `sum(${amount})`;
    const branches = subsets.map((subset) => {
      const totalled = fanOuts.map((d) => `GROUPING(${d.column}) = ${subset.includes(d) ? 1 : 0}`).join(" AND ");
      return `WHEN ${totalled} THEN sum(${sumName(amount, subset)})`;
    });
    return `CASE ${branches.join(" ")} END`;
  };
  const columns = asked.map((d) => d.column);
  const sets = [columns, ...(columns.length > 1 ? columns.map((c) => [c]) : []), []];
  const groupings = asked.map((d) => `GROUPING(${d.column}) AS g_${d.column}`);
  const sql = `
    WITH ${moneyCte}
    base AS (
      SELECT a.id AS action_id, ${lateSql("a", asOfSql)} AS is_late,
        ${[...asked.map((d) => `${d.sql} AS ${d.column}`), ...baseMoney].join(",\n        ")}
      FROM action a JOIN convention c ON c.id = a.convention_id
      ${fanOuts.map((d) => d.fanOut).join("\n      ")}
      ${money}
      WHERE ${where.where})
    SELECT ${[...columns, ...groupings].join(", ")}${columns.length ? "," : ""}
      ${actions}::int AS actions,
      ${actions} FILTER (WHERE is_late)::int AS late_actions,
      round(${chosen("planned")}, 2)::float8 AS planned,
      round(${chosen("actual")}, 2)::float8 AS actual
    FROM base
    GROUP BY GROUPING SETS (${sets.map((set) => `(${set.join(", ")})`).join(", ")})
    ORDER BY ${[...columns.map((c) => `GROUPING(${c})`), ...columns.map((c) => `${c} NULLS LAST`), "1"].join(", ")}
    LIMIT ${MAX_STATS_ROWS + 1}`;
  return { sql, params: params.values };
}
