import type { IsoDate } from "../common/date";
import { actionInThemesSql } from "../common/theme";
import { checkCommuneCode, checkDepartmentCode, parseId } from "../common/validate";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { textSearch } from "../db/text-search";
import { ConventionStatus } from "./convention-enums";
import { activeOnSql, statusSql } from "../coverage/in-force";
import { currentCommuneCodeSql } from "../territory/territory.service";
import { type ActionFilter, type ConventionFilter } from "./convention.inputs";

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
      filter.sdsfAxis != null && `a.sdsf_axis_id = ${params.param(parseId(filter.sdsfAxis, "filter.sdsfAxis", "SdsfAxis"))}`,
      filter.association != null &&
        `EXISTS (SELECT 1 FROM partnership fp WHERE fp.action_id = a.id AND fp.association_id = ${params.param(parseId(filter.association, "filter.association", "PartnerAssociation"))})`,
      search?.where,
    ]),
  };
}
