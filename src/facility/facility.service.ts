import type { EntityManager } from "typeorm";
import { checkCommuneCode, checkDepartmentCode } from "../common/validate";
import { entitySource, fetchPage, pageLoader, type Filter, type ListSpec, type NestedListSpec } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { orderingOf } from "../common/ordering";
import type { PageRequest } from "../common/pagination";
import { Facility } from "./facility.entity";
import { FacilityOrderField, type FacilityFilter, type FacilityOrder } from "./facility.inputs";

export function facilityFilter(filter: FacilityFilter | null | undefined): Filter {
  const params = new SqlParams();
  if (!filter) return { params, where: "TRUE" };
  checkDepartmentCode(filter.department, "filter.department");
  checkCommuneCode(filter.commune, "filter.commune");
  return {
    params,
    where: allOf([
      !!filter.kinds?.length && `f.kind = ANY(${params.param(filter.kinds)}::facility_kind[])`,
      filter.commune != null && `f.commune_code = ${params.param(filter.commune)}`,
      filter.department != null &&
        `f.commune_code IN (SELECT code FROM commune WHERE department_code = ${params.param(filter.department)})`,
    ]),
  };
}
