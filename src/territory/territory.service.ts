import type { EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { checkDepartmentCode, checkRange, checkSiren } from "../common/validate";
import { activeOnSql } from "../convention/convention-status";
import { entitySource, fetchPage, pageLoader, type Filter, type ListSpec, type NestedListSpec } from "../db/list-query";
import { SqlParams, allOf, likePattern, likePrefix } from "../db/sql";
import { orderingOf } from "../common/ordering";
import type { PageRequest } from "../common/pagination";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import {
  CommuneOrderField, DepartmentOrderField, IntercommunalityOrderField,
  type CommuneFilter, type CommuneOrder, type DepartmentFilter, type DepartmentOrder,
  type IntercommunalityFilter, type IntercommunalityOrder,
} from "./territory.inputs";

const DEPARTMENT_ORDER: Record<DepartmentOrderField, string> = { CODE: "d.code", NAME: "d.name" };
const COMMUNE_ORDER: Record<CommuneOrderField, string> = { CODE: "m.code", NAME: "m.name", POPULATION: "coalesce(m.population, 0)" };
const INTERCOMMUNALITY_ORDER: Record<IntercommunalityOrderField, string> = { SIREN: "i.siren", NAME: "i.name", POPULATION: "i.population" };

/** SQL: the commune aliased `m` is covered on the date placeholder by at least one ACTIVE convention. */
export function coveredOnSql(m: string, asOf: string): string {
  return `EXISTS (SELECT 1 FROM convention_commune cc JOIN convention v ON v.id = cc.convention_id
                  WHERE cc.commune_code = ${m}.code AND ${activeOnSql("v", asOf)})`;
}

export function departmentFilter(filter: DepartmentFilter | null | undefined): Filter {
  const params = new SqlParams();
  return {
    params,
    where: allOf([
      filter?.region != null && `d.region_code = ${params.param(filter.region)}`,
      filter?.search && `(d.name ILIKE ${params.param(likePattern(filter.search))} OR d.code = ${params.param(filter.search)})`,
    ]),
  };
}

export function communeFilter(filter: CommuneFilter | null | undefined, today: IsoDate): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  checkSiren(filter?.intercommunality, "filter.intercommunality");
  checkRange(filter?.populationMin, filter?.populationMax, "filter.populationMin");
  const covered = filter?.covered != null
    ? `${filter.covered ? "" : "NOT "}${coveredOnSql("m", `${params.param(filter.coveredOn ?? today)}::date`)}`
    : null;
  return {
    params,
    where: allOf([
      filter?.department != null && `m.department_code = ${params.param(filter.department)}`,
      filter?.intercommunality != null && `m.intercommunality_siren = ${params.param(filter.intercommunality)}`,
      filter?.populationMin != null && `coalesce(m.population, 0) >= ${params.param(filter.populationMin)}`,
      filter?.populationMax != null && `coalesce(m.population, 0) <= ${params.param(filter.populationMax)}`,
      filter?.search && `(m.name ILIKE ${params.param(likePattern(filter.search))} OR m.code LIKE ${params.param(likePrefix(filter.search))})`,
      covered,
    ]),
  };
}

export function intercommunalityFilter(filter: IntercommunalityFilter | null | undefined): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  return {
    params,
    where: allOf([
      filter?.department != null &&
        `EXISTS (SELECT 1 FROM commune m WHERE m.intercommunality_siren = i.siren AND m.department_code = ${params.param(filter.department)})`,
      filter?.kind != null && `i.kind = ${params.param(filter.kind)}`,
      filter?.search && `(i.name ILIKE ${params.param(likePattern(filter.search))} OR i.siren = ${params.param(filter.search)})`,
    ]),
  };
}

const departmentSource = (manager: EntityManager) => entitySource(manager, Department, "d", "d.code");
const communeSource = (manager: EntityManager) => entitySource(manager, Commune, "m", "m.code");
const intercommunalitySource = (manager: EntityManager) => entitySource(manager, Intercommunality, "i", "i.siren");

/** What each territory list reads (rows, filter, order), shared by the paged fetches below and the SQL compiler. */
export const territoryListSpecs = {
  departments: (manager: EntityManager, filter: DepartmentFilter | null | undefined, order: DepartmentOrder | null | undefined): ListSpec => ({
    source: departmentSource(manager), filter: departmentFilter(filter), ordering: orderingOf(DEPARTMENT_ORDER, order, DepartmentOrderField.CODE),
  }),

  communes: (manager: EntityManager, filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, today: IsoDate): ListSpec => ({
    source: communeSource(manager), filter: communeFilter(filter, today), ordering: orderingOf(COMMUNE_ORDER, order, CommuneOrderField.CODE),
  }),

  intercommunalities: (
    manager: EntityManager, filter: IntercommunalityFilter | null | undefined, order: IntercommunalityOrder | null | undefined,
  ): ListSpec => ({
    source: intercommunalitySource(manager), filter: intercommunalityFilter(filter),
    ordering: orderingOf(INTERCOMMUNALITY_ORDER, order, IntercommunalityOrderField.SIREN),
  }),

  /** Communes of a département or an EPCI (`parent` is the grouping column). */
  communesBy: (
    manager: EntityManager, parent: "m.department_code" | "m.intercommunality_siren",
    filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, today: IsoDate,
  ): NestedListSpec => ({ ...territoryListSpecs.communes(manager, filter, order, today), parent }),

  /** Communes covered by a convention. */
  coveredCommunesBy: (
    manager: EntityManager, filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, today: IsoDate,
  ): NestedListSpec => ({
    ...territoryListSpecs.communes(manager, filter, order, today),
    source: entitySource(manager, Commune, "m", "m.code", "JOIN convention_commune cov ON cov.commune_code = m.code"),
    parent: "cov.convention_id",
  }),
};

/** Root and nested lists of the territories: each is one SQL statement (plus a count when asked). */
export const territoryLists = {
  departments: (manager: EntityManager, filter: DepartmentFilter | null | undefined, order: DepartmentOrder | null | undefined, page: PageRequest) =>
    fetchPage<Department>(manager, territoryListSpecs.departments(manager, filter, order), page),

  communes: (manager: EntityManager, filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, page: PageRequest, today: IsoDate) =>
    fetchPage<Commune>(manager, territoryListSpecs.communes(manager, filter, order, today), page),

  intercommunalities: (
    manager: EntityManager, filter: IntercommunalityFilter | null | undefined, order: IntercommunalityOrder | null | undefined, page: PageRequest,
  ) => fetchPage<Intercommunality>(manager, territoryListSpecs.intercommunalities(manager, filter, order), page),

  communesBy: (
    manager: EntityManager, parent: "m.department_code" | "m.intercommunality_siren",
    filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, page: PageRequest, today: IsoDate,
  ) => pageLoader<string, Commune>(manager, territoryListSpecs.communesBy(manager, parent, filter, order, today), page),

  coveredCommunesBy: (
    manager: EntityManager, filter: CommuneFilter | null | undefined, order: CommuneOrder | null | undefined, page: PageRequest, today: IsoDate,
  ) => pageLoader<number, Commune>(manager, territoryListSpecs.coveredCommunesBy(manager, filter, order, today), page),
};
