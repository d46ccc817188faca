import { In, type EntityManager } from "typeorm";
import { manyByKey, oneByKey } from "../graphql/loader-utils";
import { Action } from "./action.entity";
import { ConventionSignatory } from "./convention-signatory.entity";
import { Convention } from "./convention.entity";
import { Objective } from "./objective.entity";

/** A commune covered by a convention: the rows of convention_commune. */
export interface CoverageLink { conventionId: number; communeCode: string }

function coverageLinks(manager: EntityManager, column: "commune_code" | "convention_id", keys: Array<string | number>) {
  return manager.query(
    `SELECT convention_id AS "conventionId", commune_code AS "communeCode"
     FROM convention_commune WHERE ${column} = ANY($1) ORDER BY commune_code, convention_id`,
    [keys],
  ) as Promise<CoverageLink[]>;
}

export function createConventionLoaders(manager: EntityManager) {
  const conventionById = oneByKey<number, Convention>((ids) => manager.findBy(Convention, { id: In(ids) }), (c) => c.id);
  const successorByConventionId = oneByKey<number, Convention>(
    (ids) => manager.findBy(Convention, { predecessorId: In(ids) }),
    (c) => c.predecessorId ?? 0,
  );
  const conventionsByDepartmentCode = manyByKey<string, Convention>(
    (codes) => manager.find(Convention, { where: { departmentCode: In(codes) }, order: { reference: "ASC" } }),
    (c) => c.departmentCode,
  );
  const conventionsByHolderIntercommunalitySiren = manyByKey<string, Convention>(
    (sirens) => manager.find(Convention, { where: { holderIntercommunalitySiren: In(sirens) }, order: { reference: "ASC" } }),
    (c) => c.holderIntercommunalitySiren ?? "",
  );
  const coverageByCommuneCode = manyByKey<string, CoverageLink>(
    (codes) => coverageLinks(manager, "commune_code", codes),
    (link) => link.communeCode,
  );
  const coverageByConventionId = manyByKey<number, CoverageLink>(
    (ids) => coverageLinks(manager, "convention_id", ids),
    (link) => link.conventionId,
  );
  const signatoriesByConventionId = manyByKey<number, ConventionSignatory>(
    (ids) => manager.find(ConventionSignatory, { where: { conventionId: In(ids) }, order: { position: "ASC" } }),
    (s) => s.conventionId,
  );
  const objectiveById = oneByKey<number, Objective>((ids) => manager.findBy(Objective, { id: In(ids) }), (o) => o.id);
  const objectivesByConventionId = manyByKey<number, Objective>(
    (ids) => manager.find(Objective, { where: { conventionId: In(ids) }, order: { position: "ASC" } }),
    (o) => o.conventionId,
  );
  const actionsByConventionId = manyByKey<number, Action>(
    (ids) => manager.find(Action, { where: { conventionId: In(ids) }, order: { position: "ASC", id: "ASC" } }),
    (a) => a.conventionId,
  );
  const actionsByObjectiveId = manyByKey<number, Action>(
    (ids) => manager.find(Action, { where: { objectiveId: In(ids) }, order: { position: "ASC", id: "ASC" } }),
    (a) => a.objectiveId ?? 0,
  );
  return {
    conventionById,
    successorByConventionId,
    conventionsByDepartmentCode,
    conventionsByHolderIntercommunalitySiren,
    coverageByCommuneCode,
    coverageByConventionId,
    signatoriesByConventionId,
    objectiveById,
    objectivesByConventionId,
    actionsByConventionId,
    actionsByObjectiveId,
  };
}

export type ConventionLoaders = ReturnType<typeof createConventionLoaders>;
