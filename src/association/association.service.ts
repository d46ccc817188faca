import type { EntityManager } from "typeorm";
import { checkCommuneCode, checkDepartmentCode } from "../common/validate";
import { entitySource, fetchPage, pageLoader, type Filter, type ListSpec, type NestedListSpec } from "../db/list-query";
import { SqlParams, allOf } from "../db/sql";
import { textSearch } from "../db/text-search";
import { orderingOf } from "../graphql/ordering";
import type { PageRequest } from "../graphql/pagination";
import { AssociationOrderField, type AssociationFilter, type AssociationOrder } from "./association.inputs";
import { PartnerAssociation } from "./partner-association.entity";

const ASSOCIATION_ORDER: Record<AssociationOrderField, string> = {
  NAME: "p.name", RNA: "coalesce(p.rna, '')", ID: "p.id",
};

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
      filter.commune != null && `p.commune_code = ${params.param(filter.commune)}`,
      !!filter.themes?.length && `p.themes && ${params.param(filter.themes)}::theme[]`,
      search?.where,
    ]),
  };
}

/** The parents a nested association list can hang from. */
const ASSOCIATION_PARENTS = {
  commune: { parent: "p.commune_code", join: "" },
  department: { parent: "seat.department_code", join: "JOIN commune seat ON seat.code = p.commune_code" },
} as const;

/** What each association list reads (rows, filter, order), shared by the paged fetches below and the SQL compiler. */
export const associationListSpecs = {
  associations: (manager: EntityManager, filter: AssociationFilter | null | undefined, order: AssociationOrder | null | undefined): ListSpec => {
    const where = associationFilter(filter);
    return {
      source: entitySource(manager, PartnerAssociation, "p", "p.id"), filter: where,
      ordering: orderingOf(ASSOCIATION_ORDER, order, AssociationOrderField.NAME, where.rank),
    };
  },

  associationsBy: (
    manager: EntityManager, by: keyof typeof ASSOCIATION_PARENTS, filter: AssociationFilter | null | undefined, order: AssociationOrder | null | undefined,
  ): NestedListSpec => {
    const where = associationFilter(filter);
    return {
      source: entitySource(manager, PartnerAssociation, "p", "p.id", ASSOCIATION_PARENTS[by].join), parent: ASSOCIATION_PARENTS[by].parent,
      filter: where, ordering: orderingOf(ASSOCIATION_ORDER, order, AssociationOrderField.NAME, where.rank),
    };
  },
};

export const associationLists = {
  associations: (manager: EntityManager, filter: AssociationFilter | null | undefined, order: AssociationOrder | null | undefined, page: PageRequest) =>
    fetchPage<PartnerAssociation>(manager, associationListSpecs.associations(manager, filter, order), page),

  associationsBy: (
    manager: EntityManager, by: keyof typeof ASSOCIATION_PARENTS,
    filter: AssociationFilter | null | undefined, order: AssociationOrder | null | undefined, page: PageRequest,
  ) => pageLoader<string, PartnerAssociation>(manager, associationListSpecs.associationsBy(manager, by, filter, order), page),
};
