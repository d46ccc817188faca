import type { IsoDate } from "../common/date";
import { actionInThemesSql } from "../common/theme";
import { checkCommuneCode, checkDepartmentCode, parseId } from "../common/validate";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { textSearch } from "../db/text-search";
import { ConventionStatus } from "./convention-enums";
import { activeOnSql, statusSql } from "../coverage/in-force";
import { currentCommuneCodeSql } from "../common/codes";
import { type ActionFilter, type ConventionFilter } from "./convention.inputs";
import { lateSql } from "./lateness";

/**
 * SQL: the status of the convention aliased `c` on `asOf` is one of `statuses`. ACTIVE alone (the
 * usual ask) is the plain predicate, which PostgreSQL evaluates faster than the CASE of `statusSql`.
 */
function statusIn(c: string, asOf: string, statuses: ConventionStatus[], params: SqlParams): string {
  if (statuses.length === 1 && statuses[0] === ConventionStatus.ACTIVE) return activeOnSql(c, asOf);
  return `${statusSql(c, asOf)} = ANY(${params.param(statuses)}::text[])`;
}

function coveredCommune(params: SqlParams, code: string): string {
  const written = params.param(code);
  return `${written}, ${currentCommuneCodeSql(written)}`;
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
        // The code as written, or the commune a former code leads to.
        `EXISTS (SELECT 1 FROM convention_commune fc WHERE fc.convention_id = c.id AND fc.commune_code IN (${coveredCommune(params, filter.coveredCommune)}))`,
      !!filter.status?.length && statusIn("c", asOf(), filter.status, params),
      !!filter.themes?.length && `c.themes && ${params.param(filter.themes)}::theme[]`,
      filter.expiringBefore != null && `c.ends_on BETWEEN ${asOf()} AND ${params.param(filter.expiringBefore)}::date`,
      filter.signedFrom != null && `c.signed_on >= ${params.param(filter.signedFrom)}::date`,
      filter.signedTo != null && `c.signed_on <= ${params.param(filter.signedTo)}::date`,
      filter.bonusTerritoire != null && `c.bonus_territoire = ${params.param(filter.bonusTerritoire)}`,
      filter.sdsfAxis != null &&
        `EXISTS (SELECT 1 FROM convention_sdsf_axis fa WHERE fa.convention_id = c.id AND fa.sdsf_axis_id = ${params.param(parseId(filter.sdsfAxis, "filter.sdsfAxis", "SdsfAxis"))})`,
      search?.where,
    ]),
  };
}

/** `EXISTS` (true) or `NOT EXISTS` (false) of a subquery, or nothing when the filter is not given. */
const exists = (wanted: boolean | null | undefined, subquery: () => string): string | false =>
  wanted != null && `${wanted ? "" : "NOT "}EXISTS (${subquery()})`;

export function actionFilter(filter: ActionFilter | null | undefined, today: IsoDate): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  const search = filter.search ? textSearch(params, filter.search, ["a.title"]) : null;
  // One placeholder, bound only when a condition reads it (the server refuses a parameter no placeholder uses).
  let asOfSql: string | undefined;
  const asOf = () => (asOfSql ??= `${params.param(filter.asOf ?? today)}::date`);
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
      filter.sdsfAxis != null && `a.sdsf_axis_id = ${params.param(parseId(filter.sdsfAxis, "filter.sdsfAxis", "SdsfAxis"))}`,
      filter.association != null &&
        `EXISTS (SELECT 1 FROM partnership fp WHERE fp.action_id = a.id AND fp.association_id = ${params.param(parseId(filter.association, "filter.association", "PartnerAssociation"))})`,
      filter.late != null && `${filter.late ? "" : "NOT "}${lateSql("a", asOf())}`,
      exists(filter.withoutPilot == null ? null : !filter.withoutPilot, () => "SELECT 1 FROM action_pilot fpi WHERE fpi.action_id = a.id"),
      filter.withBudget != null &&
        `${filter.withBudget ? "" : "NOT "}(a.budget IS NOT NULL OR EXISTS (SELECT 1 FROM action_budget_line fb WHERE fb.action_id = a.id))`,
      !!filter.funders?.length &&
        `EXISTS (SELECT 1 FROM action_funding ff WHERE ff.action_id = a.id AND ff.funder = ANY(${params.param(filter.funders)}::funder_kind[]))`,
      !!filter.pilotKinds?.length &&
        `EXISTS (SELECT 1 FROM action_pilot fpk WHERE fpk.action_id = a.id AND fpk.kind = ANY(${params.param(filter.pilotKinds)}::pilot_kind[]))`,
      filter.pilot != null &&
        `EXISTS (SELECT 1 FROM action_pilot fpn LEFT JOIN partner_association fpa ON fpa.id = fpn.association_id
          WHERE fpn.action_id = a.id AND (${textSearch(params, filter.pilot, ["coalesce(fpn.name, fpa.name)"]).where}))`,
      filter.pilotAssociation != null &&
        `EXISTS (SELECT 1 FROM action_pilot fpa WHERE fpa.action_id = a.id AND fpa.association_id = ${params.param(parseId(filter.pilotAssociation, "filter.pilotAssociation", "PartnerAssociation"))})`,
      !!filter.targetPublics?.length && `a.target_publics && ${params.param(filter.targetPublics)}::target_public[]`,
      !!filter.priorities?.length && `a.priority = ANY(${params.param(filter.priorities)}::action_priority[])`,
      exists(
        filter.recentNote,
        () =>
          `SELECT 1 FROM action_note fn WHERE fn.action_id = a.id AND fn.noted_on <= ${asOf()} AND fn.noted_on > ${asOf()} - interval '12 months'`,
      ),
      filter.modifiedSince != null && `a.updated_at >= ${params.param(filter.modifiedSince)}::timestamptz`,
      search?.where,
    ]),
  };
}
