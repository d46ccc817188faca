import { checkDepartmentCode } from "../common/validate";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import type { SdsfSchemeFilter } from "./sdsf.inputs";

export function sdsfSchemeFilter(filter: SdsfSchemeFilter | null | undefined): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  return { params, where: allOf([filter?.department != null && `s.department_code = ${params.param(filter.department)}`]) };
}
