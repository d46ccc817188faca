import type { EntityManager } from "typeorm";
import { rowsByKeys } from "../db/list-query";
import { manyByKey, manyByRowKey, oneByRowKey } from "../graph/loader-utils";
import { TerritoryIndicator } from "../indicator/territory-indicator.entity";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import { Region } from "./region.entity";

interface DepartmentLink { departmentCode: string; siren: string }

/** Which départements each EPCI has member communes in (89 EPCI span several). */
function departmentLinks(manager: EntityManager, column: "department_code" | "intercommunality_siren", keys: string[]) {
  return manager.query(
    `SELECT DISTINCT department_code AS "departmentCode", intercommunality_siren AS "siren"
     FROM commune WHERE intercommunality_siren IS NOT NULL AND ${column} = ANY($1)
     ORDER BY 1, 2`,
    [keys],
  ) as Promise<DepartmentLink[]>;
}


export function createTerritoryLoaders(manager: EntityManager) {
  return {
    regionByCode: oneByRowKey<string, Region>((keys) => rowsByKeys(manager, Region, "r", "r.code", keys)),
    departmentByCode: oneByRowKey<string, Department>((keys) => rowsByKeys(manager, Department, "d", "d.code", keys)),
    communeByCode: oneByRowKey<string, Commune>((keys) => rowsByKeys(manager, Commune, "m", "m.code", keys)),
    intercommunalityBySiren: oneByRowKey<string, Intercommunality>(
      (keys) => rowsByKeys(manager, Intercommunality, "i", "i.siren", keys)),
    intercommunalitySirensByDepartmentCode: manyByKey<string, DepartmentLink>(
      (codes) => departmentLinks(manager, "department_code", codes),
      (link) => link.departmentCode,
    ),
    departmentCodesByIntercommunalitySiren: manyByKey<string, DepartmentLink>(
      (sirens) => departmentLinks(manager, "intercommunality_siren", sirens),
      (link) => link.siren,
    ),
    indicatorsByCommuneCode: manyByRowKey<string, TerritoryIndicator>(
      (keys) => rowsByKeys(manager, TerritoryIndicator, "t", "t.commune_code", keys, { order: "t.indicator, t.year" })),
    indicatorsByIntercommunalitySiren: manyByRowKey<string, TerritoryIndicator>(
      (keys) => rowsByKeys(manager, TerritoryIndicator, "t", "t.intercommunality_siren", keys, { order: "t.indicator, t.year" })),
  };
}

export type TerritoryLoaders = ReturnType<typeof createTerritoryLoaders>;
