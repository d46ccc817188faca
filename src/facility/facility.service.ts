import type { EntityManager } from "typeorm";
import { checkCommuneCode, checkDepartmentCode } from "../common/validate";
import { entitySource, fetchPage, pageLoader, type Filter, type ListSpec, type NestedListSpec } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { orderingOf } from "../common/ordering";
import type { PageRequest } from "../common/pagination";
import { Facility } from "./facility.entity";
import { FacilityOrderField, type FacilityFilter, type FacilityOrder } from "./facility.inputs";

const FACILITY_ORDER: Record<FacilityOrderField, string> = {
  NAME: "f.name", KIND: "f.kind::text", CAPACITY: "coalesce(f.capacity, 0)", ID: "f.id",
};

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

const FACILITY_PARENTS = {
  commune: { parent: "f.commune_code", join: "" },
  department: { parent: "site.department_code", join: "JOIN commune site ON site.code = f.commune_code" },
} as const;

/** What each facility list reads (rows, filter, order), shared by the paged fetches below and the SQL compiler. */
export const facilityListSpecs = {
  facilities: (manager: EntityManager, filter: FacilityFilter | null | undefined, order: FacilityOrder | null | undefined): ListSpec => ({
    source: entitySource(manager, Facility, "f", "f.id"), filter: facilityFilter(filter), ordering: orderingOf(FACILITY_ORDER, order, FacilityOrderField.NAME),
  }),

  facilitiesBy: (
    manager: EntityManager, by: keyof typeof FACILITY_PARENTS, filter: FacilityFilter | null | undefined, order: FacilityOrder | null | undefined,
  ): NestedListSpec => ({
    source: entitySource(manager, Facility, "f", "f.id", FACILITY_PARENTS[by].join), parent: FACILITY_PARENTS[by].parent,
    filter: facilityFilter(filter), ordering: orderingOf(FACILITY_ORDER, order, FacilityOrderField.NAME),
  }),
};

export const facilityLists = {
  facilities: (manager: EntityManager, filter: FacilityFilter | null | undefined, order: FacilityOrder | null | undefined, page: PageRequest) =>
    fetchPage<Facility>(manager, facilityListSpecs.facilities(manager, filter, order), page),

  facilitiesBy: (
    manager: EntityManager, by: keyof typeof FACILITY_PARENTS,
    filter: FacilityFilter | null | undefined, order: FacilityOrder | null | undefined, page: PageRequest,
  ) => pageLoader<string, Facility>(manager, facilityListSpecs.facilitiesBy(manager, by, filter, order), page),
};
