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

/** What the SDSF scheme list reads (rows, filter, order), shared by the paged fetch below and the SQL compiler. */
export const sdsfListSpecs = {
  sdsfSchemes: (manager: EntityManager, filter: SdsfSchemeFilter | null | undefined): ListSpec => ({
    source: entitySource(manager, SdsfScheme, "s", "s.id"), filter: sdsfSchemeFilter(filter),
    ordering: { expression: "s.department_code", descending: false },
  }),
};

export const sdsfLists = {
  sdsfSchemes: (manager: EntityManager, filter: SdsfSchemeFilter | null | undefined, page: PageRequest) =>
    fetchPage<SdsfScheme>(manager, sdsfListSpecs.sdsfSchemes(manager, filter), page),
};
