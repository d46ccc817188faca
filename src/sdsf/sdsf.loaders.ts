import type { EntityManager } from "typeorm";
import { rowsByKeys } from "../db/list-query";
import { manyByRowKey, oneByRowKey } from "../graph/loader-utils";
import { SdsfAxis } from "./sdsf-axis.entity";
import { SdsfScheme } from "./sdsf-scheme.entity";


export function createSdsfLoaders(manager: EntityManager) {
  return {
    sdsfSchemeById: oneByRowKey<number, SdsfScheme>((ids) => rowsByKeys(manager, SdsfScheme, "s", "s.id", ids)),
    sdsfSchemesByDepartmentCode: manyByRowKey<string, SdsfScheme>(
      (codes) => rowsByKeys(manager, SdsfScheme, "s", "s.department_code", codes, { order: "s.starts_on NULLS FIRST, s.id" })),
    sdsfAxisById: oneByRowKey<number, SdsfAxis>((ids) => rowsByKeys(manager, SdsfAxis, "x", "x.id", ids)),
    sdsfAxesBySchemeId: manyByRowKey<number, SdsfAxis>(
      (ids) => rowsByKeys(manager, SdsfAxis, "x", "x.scheme_id", ids, { order: "x.number" })),
  };
}
