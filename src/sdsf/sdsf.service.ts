import type { EntityManager } from "typeorm";
import { checkDepartmentCode } from "../common/validate";
import { entitySource, fetchPage, type Filter, type ListSpec } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import type { PageRequest } from "../common/pagination";
import { SdsfScheme } from "./sdsf-scheme.entity";
import type { SdsfSchemeFilter } from "./sdsf.inputs";

export function sdsfSchemeFilter(filter: SdsfSchemeFilter | null | undefined): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  return { params, where: allOf([filter?.department != null && `s.department_code = ${params.param(filter.department)}`]) };
}
