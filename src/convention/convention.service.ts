import type { EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { actionInThemesSql } from "../common/theme";
import { checkCommuneCode, checkDepartmentCode, parseId } from "../common/validate";
import { entitySource, fetchPage, nestDotted, pageLoader, type Filter, type ListSpec, type NestedListSpec } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { textSearch } from "../db/text-search";
import { orderingOf } from "../graphql/ordering";
import type { PageRequest } from "../graphql/pagination";
import { Action } from "./action.entity";
import { ConventionStatus } from "./convention-enums";
import { activeOnSql, statusSql } from "./convention-status";
import { Convention } from "./convention.entity";
import {
  ActionOrderField, ConventionOrderField,
  type ActionFilter, type ActionOrder, type ConventionFilter, type ConventionOrder,
} from "./convention.inputs";

const CONVENTION_ORDER: Record<ConventionOrderField, string> = {
  REFERENCE: "c.reference",
  TITLE: "c.title",
  SIGNED_ON: "coalesce(c.signed_on, '0001-01-01'::date)",
  STARTS_ON: "coalesce(c.starts_on, '0001-01-01'::date)",
  ENDS_ON: "coalesce(c.ends_on, '9999-12-31'::date)",
};

const ACTION_ORDER: Record<ActionOrderField, string> = {
  ID: "a.id",
  POSITION: "a.position",
  TITLE: "a.title",
  STATUS: "a.status::text",
  STARTS_ON: "coalesce(a.starts_on, '9999-12-31'::date)",
};

/**
 * SQL: the status of the convention aliased `c` on `asOf` is one of `statuses`. ACTIVE alone (the
 * usual ask) is the plain predicate, which PostgreSQL evaluates faster than the CASE of `statusSql`.
 */
function statusIn(c: string, asOf: string, statuses: ConventionStatus[], params: SqlParams): string {
  if (statuses.length === 1 && statuses[0] === ConventionStatus.ACTIVE) return activeOnSql(c, asOf);
  return `${statusSql(c, asOf)} = ANY(${params.param(statuses)}::text[])`;
}

export function conventionFilter(filter: ConventionFilter | null | undefined, today: IsoDate): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  checkCommuneCode(filter.coveredCommune, "filter.coveredCommune");
  const asOf = () => `${params.param(filter.asOf ?? today)}::date`;
  const search = filter.search ? textSearch(params, filter.search, ["c.title", "c.reference"]) : null;
  return {
    params,
    rank: search?.rank,
    where: allOf([
      filter.department != null && `c.department_code = ${params.param(filter.department)}`,
      filter.holder != null &&
        `(c.holder_commune_code = ${params.param(filter.holder)} OR c.holder_intercommunality_siren = ${params.param(filter.holder)})`,
      filter.coveredCommune != null &&
        `EXISTS (SELECT 1 FROM convention_commune fc WHERE fc.convention_id = c.id AND fc.commune_code = ${params.param(filter.coveredCommune)})`,
      !!filter.status?.length && statusIn("c", asOf(), filter.status, params),
      !!filter.themes?.length && `c.themes && ${params.param(filter.themes)}::theme[]`,
      filter.expiringBefore != null && `c.ends_on BETWEEN ${asOf()} AND ${params.param(filter.expiringBefore)}::date`,
      filter.signedFrom != null && `c.signed_on >= ${params.param(filter.signedFrom)}::date`,
      filter.signedTo != null && `c.signed_on <= ${params.param(filter.signedTo)}::date`,
      filter.bonusTerritoire != null && `c.bonus_territoire = ${params.param(filter.bonusTerritoire)}`,
      filter.sdsfAxis != null &&
        `EXISTS (SELECT 1 FROM convention_sdsf_axis fa WHERE fa.convention_id = c.id AND fa.sdsf_axis_id = ${params.param(parseId(filter.sdsfAxis, "filter.sdsfAxis"))})`,
      search?.where,
    ]),
  };
}

export function actionFilter(filter: ActionFilter | null | undefined): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  const search = filter.search ? textSearch(params, filter.search, ["a.title"]) : null;
  return {
    rank: search?.rank,
    params,
    where: allOf([
      filter.department != null &&
        `EXISTS (SELECT 1 FROM convention fc WHERE fc.id = a.convention_id AND fc.department_code = ${params.param(filter.department)})`,
      filter.convention != null &&
        `a.convention_id = (SELECT fc.id FROM convention fc WHERE fc.reference = ${params.param(filter.convention)})`,
      !!filter.themes?.length && actionInThemesSql("a", `${params.param(filter.themes)}::theme[]`),
      !!filter.status?.length && `a.status = ANY(${params.param(filter.status)}::action_status[])`,
      filter.sdsfAxis != null && `a.sdsf_axis_id = ${params.param(parseId(filter.sdsfAxis, "filter.sdsfAxis"))}`,
      filter.association != null &&
        `EXISTS (SELECT 1 FROM partnership fp WHERE fp.action_id = a.id AND fp.association_id = ${params.param(parseId(filter.association, "filter.association"))})`,
      search?.where,
    ]),
  };
}

const toConvention = (row: Record<string, unknown>) => nestDotted<Convention>(row);

/** The parents a nested convention list can hang from: the grouping column and the join it needs. */
const CONVENTION_PARENTS = {
  department: { parent: "c.department_code", join: "" },
  holderIntercommunality: { parent: "c.holder_intercommunality_siren", join: "" },
  coveredCommune: { parent: "cov.commune_code", join: "JOIN convention_commune cov ON cov.convention_id = c.id" },
  sdsfAxis: { parent: "ax.sdsf_axis_id", join: "JOIN convention_sdsf_axis ax ON ax.convention_id = c.id" },
  association: { parent: "ps.association_id", join: "JOIN partnership ps ON ps.convention_id = c.id" },
} as const;

const ACTION_PARENTS = {
  convention: { parent: "a.convention_id", join: "" },
  sdsfAxis: { parent: "a.sdsf_axis_id", join: "" },
  association: { parent: "ps.association_id", join: "JOIN partnership ps ON ps.action_id = a.id" },
} as const;

/** What each convention and action list reads (rows, filter, order), shared by the paged fetches below and the SQL compiler. */
export const conventionListSpecs = {
  conventions: (manager: EntityManager, filter: ConventionFilter | null | undefined, order: ConventionOrder | null | undefined, today: IsoDate): ListSpec => {
    const where = conventionFilter(filter, today);
    return {
      source: entitySource(manager, Convention, "c", "c.id"), filter: where,
      ordering: orderingOf(CONVENTION_ORDER, order, ConventionOrderField.REFERENCE, where.rank),
    };
  },

  conventionsBy: (
    manager: EntityManager, by: keyof typeof CONVENTION_PARENTS,
    filter: ConventionFilter | null | undefined, order: ConventionOrder | null | undefined, today: IsoDate,
  ): NestedListSpec => {
    const where = conventionFilter(filter, today);
    return {
      source: entitySource(manager, Convention, "c", "c.id", CONVENTION_PARENTS[by].join), parent: CONVENTION_PARENTS[by].parent,
      filter: where, ordering: orderingOf(CONVENTION_ORDER, order, ConventionOrderField.REFERENCE, where.rank),
    };
  },

  actions: (manager: EntityManager, filter: ActionFilter | null | undefined, order: ActionOrder | null | undefined): ListSpec => {
    const where = actionFilter(filter);
    return { source: entitySource(manager, Action, "a", "a.id"), filter: where, ordering: orderingOf(ACTION_ORDER, order, ActionOrderField.ID, where.rank) };
  },

  actionsBy: (
    manager: EntityManager, by: keyof typeof ACTION_PARENTS, filter: ActionFilter | null | undefined, order: ActionOrder | null | undefined,
  ): NestedListSpec => {
    const where = actionFilter(filter);
    return {
      source: entitySource(manager, Action, "a", "a.id", ACTION_PARENTS[by].join), parent: ACTION_PARENTS[by].parent, filter: where,
      ordering: orderingOf(ACTION_ORDER, order, by === "convention" ? ActionOrderField.POSITION : ActionOrderField.ID, where.rank),
    };
  },
};

export const conventionLists = {
  conventions: (manager: EntityManager, filter: ConventionFilter | null | undefined, order: ConventionOrder | null | undefined, page: PageRequest, today: IsoDate) =>
    fetchPage<Convention>(manager, conventionListSpecs.conventions(manager, filter, order, today), page, toConvention),

  conventionsBy: <K extends string | number>(
    manager: EntityManager, by: keyof typeof CONVENTION_PARENTS,
    filter: ConventionFilter | null | undefined, order: ConventionOrder | null | undefined, page: PageRequest, today: IsoDate,
  ) => pageLoader<K, Convention>(manager, conventionListSpecs.conventionsBy(manager, by, filter, order, today), page, toConvention),

  actions: (manager: EntityManager, filter: ActionFilter | null | undefined, order: ActionOrder | null | undefined, page: PageRequest) =>
    fetchPage<Action>(manager, conventionListSpecs.actions(manager, filter, order), page),

  actionsBy: <K extends string | number>(
    manager: EntityManager, by: keyof typeof ACTION_PARENTS,
    filter: ActionFilter | null | undefined, order: ActionOrder | null | undefined, page: PageRequest,
  ) => pageLoader<K, Action>(manager, conventionListSpecs.actionsBy(manager, by, filter, order), page),
};
