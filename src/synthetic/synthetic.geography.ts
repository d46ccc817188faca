import { createRequire } from "node:module";
import type { EntityManager } from "typeorm";
import type { SyntheticCommune, SyntheticDepartment, SyntheticGeography, SyntheticIntercommunality } from "./plan.types";
import { SyntheticDataError } from "./synthetic.report";

// ---------------------------------------------------------------------------------------------
// Reading the geography
// ---------------------------------------------------------------------------------------------

/**
 * INSEE's type of name of each département (for "CAF de la Haute-Marne"): not stored in the database,
 * read from the geography package the database was loaded from. Null when the package cannot be read.
 */
export function departmentTypeLiaison(): Map<string, number> {
  try {
    const load = createRequire(__filename);
    const rows = load("@etalab/decoupage-administratif/data/departements.json") as Array<{ code: string; typeLiaison?: number }>;
    return new Map(rows.filter((r) => typeof r.typeLiaison === "number").map((r) => [r.code, r.typeLiaison as number]));
  } catch {
    return new Map();
  }
}

/**
 * The geography already in the database. Only metropolitan and overseas départements: the collectivités
 * d'outre-mer (Saint-Pierre-et-Miquelon, Polynésie, Nouvelle-Calédonie…) have their own social-security
 * bodies, not a CAF, and sign no CTG.
 */
export async function readSyntheticGeography(manager: EntityManager): Promise<SyntheticGeography> {
  const liaison = departmentTypeLiaison();
  const departments: Array<{ code: string; name: string }> = await manager.query(
    `SELECT code, name FROM department WHERE zone IN ('METRO', 'DROM') ORDER BY code`,
  );
  const communes: Array<{
    code: string;
    name: string;
    department_code: string;
    population: number | null;
    intercommunality_siren: string | null;
  }> = await manager.query(
    `SELECT c.code, c.name, c.department_code, c.population, c.intercommunality_siren
       FROM commune c JOIN department d ON d.code = c.department_code
       WHERE d.zone IN ('METRO', 'DROM') ORDER BY c.code`,
  );
  const intercommunalities: SyntheticIntercommunality[] = await manager.query(`SELECT siren, name FROM intercommunality ORDER BY siren`);
  if (communes.length === 0) {
    throw new SyntheticDataError("no commune in the database: import the geography first (npm run import:geography)");
  }
  return {
    departments: departments.map((d): SyntheticDepartment => ({ code: d.code, name: d.name, typeLiaison: liaison.get(d.code) ?? null })),
    communes: communes.map(
      (c): SyntheticCommune => ({
        code: c.code,
        name: c.name,
        departmentCode: c.department_code,
        population: c.population,
        intercommunalitySiren: c.intercommunality_siren,
      }),
    ),
    intercommunalities,
  };
}
