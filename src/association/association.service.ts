import { checkCommuneCode, checkDepartmentCode } from "../common/validate";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { textSearch } from "../db/text-search";
import { currentCommuneCodeSql } from "../common/codes";
import { type AssociationFilter } from "./association.inputs";

export function associationFilter(filter: AssociationFilter | null | undefined): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  checkCommuneCode(filter.commune, "filter.commune");
  const search = filter.search
    ? textSearch(params, filter.search, ["p.name"], [`p.rna = ${params.param(filter.search)}`, `p.siren = ${params.param(filter.search)}`])
    : null;
  return {
    params,
    rank: search?.rank,
    where: allOf([
      filter.department != null &&
        `p.commune_code IN (SELECT code FROM commune WHERE department_code = ${params.param(filter.department)})`,
      filter.commune != null && `p.commune_code = ${currentCommuneCodeSql(params.param(filter.commune))}`,
      !!filter.themes?.length && `p.themes && ${params.param(filter.themes)}::theme[]`,
      search?.where,
    ]),
  };
}
