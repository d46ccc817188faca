import { Arg, Ctx, Extensions, FieldResolver, Float, Query, Resolver, Root } from "type-graphql";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, Role } from "../auth/viewer";
import { DateScalar, type IsoDate } from "../common/date";
import { BadUserInputError } from "../common/errors";
import { ActionFilter } from "../convention/convention.inputs";
import type { HubContext } from "../graph/context";
import { listBound } from "../graph/list-bounds";
import type { RowOf } from "../graph/resolver-utils";
import { actionStatsSql, MAX_DIMENSIONS, MAX_STATS_ROWS } from "./action-stats.sql";
import { ActionDimension, ActionStatsRow } from "./action-stats.types";

interface StatsRecord {
  [column: string]: unknown;
  actions: number;
  late_actions: number;
  planned: number | null;
  actual: number | null;
}

const COLUMNS: Record<ActionDimension, keyof ActionStatsRow> = {
  DEPARTMENT: "department",
  INTERCOMMUNALITY: "intercommunality",
  CONVENTION: "convention",
  THEME: "theme",
  STATUS: "status",
  PRIORITY: "priority",
  LATE: "late",
  PILOT_KIND: "pilotKind",
  FUNDER: "funder",
  YEAR: "year",
  SDSF_AXIS: "sdsfAxis",
  TARGET_PUBLIC: "targetPublic",
};
const SQL_COLUMN = (dimension: ActionDimension) => dimension.toLowerCase();

/**
 * Money of many actions at once is restricted like one action's budget: an administrator, or CAF staff and
 * analysts national or of the département the filter names.
 */
function canReadMoney(ctx: HubContext, department: string | null): boolean {
  const viewer = ctx.viewer;
  if (viewer.kind !== "user") return false;
  if (viewer.role === Role.ADMIN) return true;
  if (viewer.role !== Role.CAF_AGENT && viewer.role !== Role.ANALYST) return false;
  return department === null ? viewer.national : canReadRestricted(viewer, department);
}

@Resolver(() => ActionStatsRow)
export class ActionStatsResolver {
  @Extensions(listBound(MAX_STATS_ROWS))
  @Query(() => [ActionStatsRow], {
    description:
      "Actions comptées, et argent prévu et réalisé (euros) additionné, par les axes demandés : le détail, chaque axe seul " +
      "et le total (GROUPING SETS), en une requête",
  })
  async actionStats(
    @Arg("groupBy", () => [ActionDimension], { description: `Axes de regroupement (${MAX_DIMENSIONS} au plus ; vide : le total seul)` })
    groupBy: ActionDimension[],
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ActionFilter, { nullable: true, description: "Filtres des actions (ceux de `actions`)" }) filter?: ActionFilter,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Date d'observation du retard (par défaut aujourd'hui)" })
    asOf?: IsoDate,
  ): Promise<ActionStatsRow[]> {
    const dimensions = [...new Set(groupBy)];
    if (dimensions.length > MAX_DIMENSIONS) {
      throw new BadUserInputError(`Argument "groupBy" : ${MAX_DIMENSIONS} axes au plus (reçu ${dimensions.length})`, "groupBy");
    }
    const { sql, params } = actionStatsSql(filter, dimensions, asOf ?? ctx.today);
    const records: StatsRecord[] = await ctx.manager.query(sql, params);
    if (records.length > MAX_STATS_ROWS) {
      throw new BadUserInputError(`Plus de ${MAX_STATS_ROWS} groupes : filtrez ou regroupez par moins d'axes`, "groupBy");
    }
    return records.map((record) => {
      const row = new ActionStatsRow();
      for (const dimension of Object.values(ActionDimension)) Object.assign(row, { [COLUMNS[dimension]]: null });
      row.totals = dimensions.filter((d) => record[`g_${SQL_COLUMN(d)}`] === 1);
      for (const d of dimensions) Object.assign(row, { [COLUMNS[d]]: record[SQL_COLUMN(d)] ?? null });
      row.actions = record.actions;
      row.lateActions = record.late_actions;
      row.plannedEuros = record.planned;
      row.actualEuros = record.actual;
      row.scopeDepartment = filter?.department ?? null;
      return row;
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Prévu, en euros (agents et analystes : nationaux, ou du département filtré)",
  })
  plannedEuros(@Root() row: RowOf<ActionStatsRow>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadMoney(ctx, row.scopeDepartment), "plannedEuros");
    return row.plannedEuros;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Réalisé, en euros (mêmes droits que `plannedEuros`)" })
  actualEuros(@Root() row: RowOf<ActionStatsRow>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadMoney(ctx, row.scopeDepartment), "actualEuros");
    return row.actualEuros;
  }
}
