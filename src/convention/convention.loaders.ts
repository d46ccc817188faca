import type { EntityManager } from "typeorm";
import { nestDotted, rowsByKeys } from "../db/list-query";
import { manyByKey, manyByRowKey, oneByRowKey } from "../graph/loader-utils";
import { Action } from "./action.entity";
import { ConventionSignatory } from "./convention-signatory.entity";
import { Convention } from "./convention.entity";
import { Objective } from "./objective.entity";

/** A commune covered by a convention: the rows of convention_commune. */
export interface CoverageLink { conventionId: number; communeCode: string }
/** An SDSF axis declined by a convention: the rows of convention_sdsf_axis. */
export interface AxisLink { conventionId: number; sdsfAxisId: number }

function coverageLinks(manager: EntityManager, column: "commune_code" | "convention_id", keys: Array<string | number>) {
  return manager.query(
    `SELECT convention_id AS "conventionId", commune_code AS "communeCode"
     FROM convention_commune WHERE ${column} = ANY($1) ORDER BY commune_code, convention_id`,
    [keys],
  ) as Promise<CoverageLink[]>;
}

const toConvention = (row: Record<string, unknown>) => nestDotted<Convention>(row);

export function createConventionLoaders(manager: EntityManager) {
  return {
    conventionById: oneByRowKey<number, Convention>(
      (ids) => rowsByKeys(manager, Convention, "c", "c.id", ids, { mapRow: toConvention })),
    successorByConventionId: oneByRowKey<number, Convention>(
      (ids) => rowsByKeys(manager, Convention, "c", "c.predecessor_id", ids, { mapRow: toConvention })),
    coverageByCommuneCode: manyByKey<string, CoverageLink>((codes) => coverageLinks(manager, "commune_code", codes), (l) => l.communeCode),
    coverageByConventionId: manyByKey<number, CoverageLink>((ids) => coverageLinks(manager, "convention_id", ids), (l) => l.conventionId),
    sdsfAxisLinksByConventionId: manyByKey<number, AxisLink>(
      (ids) => manager.query(
        `SELECT convention_id AS "conventionId", sdsf_axis_id AS "sdsfAxisId" FROM convention_sdsf_axis
         WHERE convention_id = ANY($1) ORDER BY sdsf_axis_id`,
        [ids],
      ),
      (l) => l.conventionId,
    ),
    signatoriesByConventionId: manyByRowKey<number, ConventionSignatory>(
      (ids) => rowsByKeys(manager, ConventionSignatory, "s", "s.convention_id", ids, { order: "s.position" })),
    objectiveById: oneByRowKey<number, Objective>((ids) => rowsByKeys(manager, Objective, "o", "o.id", ids)),
    objectivesByConventionId: manyByRowKey<number, Objective>(
      (ids) => rowsByKeys(manager, Objective, "o", "o.convention_id", ids, { order: "o.position" })),
    actionById: oneByRowKey<number, Action>((ids) => rowsByKeys(manager, Action, "a", "a.id", ids)),
    actionsByObjectiveId: manyByRowKey<number, Action>(
      (ids) => rowsByKeys(manager, Action, "a", "a.objective_id", ids, { order: "a.position, a.id" })),
  };
}

export type ConventionLoaders = ReturnType<typeof createConventionLoaders>;
