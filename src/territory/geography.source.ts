import { createRequire } from "node:module";

/** The fields of `@etalab/decoupage-administratif` the hub uses (checked against 6.0.0). */
export interface PackageRegion {
  code: string;
  nom: string;
}
export interface PackageDepartment {
  code: string;
  nom: string;
  region: string;
  chefLieu?: string;
  zone: string;
}
export interface PackageCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  siren?: string;
  codesPostaux?: string[];
  population?: number;
}
export interface PackageEpci {
  code: string;
  nom: string;
  type: string;
  populationTotale: number;
  populationMunicipale: number;
  membres: Array<{ code: string }>;
}

export interface GeographyPackage {
  version: string;
  vintage: string;
  regions: PackageRegion[];
  departments: PackageDepartment[];
  communes: PackageCommune[];
  epci: PackageEpci[];
}

const PACKAGE = "@etalab/decoupage-administratif";
/** The package's README maps each major version to its vintage (millésime) of the official geography. */
const VINTAGE_BY_MAJOR: Record<string, string> = { "6": "2026", "5": "2025", "4": "2024" };

/** Reads the national geography from the npm package: never a hand-typed list. */
export function readGeographyPackage(): GeographyPackage {
  const load = createRequire(__filename);
  const version = (load(`${PACKAGE}/package.json`) as { version: string }).version;
  const year = VINTAGE_BY_MAJOR[version.split(".")[0]] ?? "unknown";
  return {
    version,
    vintage: `COG ${year} (${PACKAGE} ${version})`,
    regions: load(`${PACKAGE}/data/regions.json`) as PackageRegion[],
    departments: load(`${PACKAGE}/data/departements.json`) as PackageDepartment[],
    // Only current communes count: communes déléguées, associées and arrondissements are not territories of a CTG.
    communes: (load(`${PACKAGE}/data/communes.json`) as PackageCommune[]).filter((c) => c.type === "commune-actuelle"),
    epci: load(`${PACKAGE}/data/epci.json`) as PackageEpci[],
  };
}
