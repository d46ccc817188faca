import { In, type EntityManager } from "typeorm";
import { manyByKey, oneByKey } from "../graphql/loader-utils";
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
  const regionByCode = oneByKey<string, Region>((codes) => manager.findBy(Region, { code: In(codes) }), (r) => r.code);
  const departmentByCode = oneByKey<string, Department>(
    (codes) => manager.findBy(Department, { code: In(codes) }),
    (d) => d.code,
  );
  const communeByCode = oneByKey<string, Commune>((codes) => manager.findBy(Commune, { code: In(codes) }), (c) => c.code);
  const intercommunalityBySiren = oneByKey<string, Intercommunality>(
    (sirens) => manager.findBy(Intercommunality, { siren: In(sirens) }),
    (i) => i.siren,
  );
  const communesByDepartmentCode = manyByKey<string, Commune>(
    (codes) => manager.find(Commune, { where: { departmentCode: In(codes) }, order: { code: "ASC" } }),
    (c) => c.departmentCode,
  );
  const communesByIntercommunalitySiren = manyByKey<string, Commune>(
    (sirens) => manager.find(Commune, { where: { intercommunalitySiren: In(sirens) }, order: { code: "ASC" } }),
    (c) => c.intercommunalitySiren ?? "",
  );
  const intercommunalitySirensByDepartmentCode = manyByKey<string, DepartmentLink>(
    (codes) => departmentLinks(manager, "department_code", codes),
    (link) => link.departmentCode,
  );
  const departmentCodesByIntercommunalitySiren = manyByKey<string, DepartmentLink>(
    (sirens) => departmentLinks(manager, "intercommunality_siren", sirens),
    (link) => link.siren,
  );
  return {
    regionByCode,
    departmentByCode,
    communeByCode,
    intercommunalityBySiren,
    communesByDepartmentCode,
    communesByIntercommunalitySiren,
    intercommunalitySirensByDepartmentCode,
    departmentCodesByIntercommunalitySiren,
  };
}

export type TerritoryLoaders = ReturnType<typeof createTerritoryLoaders>;
