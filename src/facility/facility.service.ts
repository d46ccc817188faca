import { checkCommuneCode, checkDepartmentCode } from "../common/validate";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { currentCommuneCodeSql } from "../common/codes";
import { type FacilityFilter } from "./facility.inputs";

export function facilityFilter(filter: FacilityFilter | null | undefined): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  checkCommuneCode(filter.commune, "filter.commune");
  return {
    params,
    where: allOf([
      !!filter.kinds?.length && `f.kind = ANY(${params.param(filter.kinds)}::facility_kind[])`,
      filter.commune != null && `f.commune_code = ${currentCommuneCodeSql(params.param(filter.commune))}`,
      filter.department != null &&
        `f.commune_code IN (SELECT code FROM commune WHERE department_code = ${params.param(filter.department)})`,
    ]),
  };
}
