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
  /** Codes this current commune held before (mergers, changes of chef-lieu). */
  anciensCodes?: string[];
  /** In 1.1.1 (COG 2021) the communes of the collectivités d'outre-mer carry this instead of a département. */
  collectiviteOutremer?: { code: string };
  /** The current commune a commune déléguée or associée belongs to. */
  chefLieu?: string;
  /** The commune a municipal arrondissement (Paris, Lyon, Marseille) belongs to. */
  commune?: string;
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
  /** Communes déléguées and associées (each with its `chefLieu`): codes a user may still write. */
  attached: PackageCommune[];
  epci: PackageEpci[];
}

const PACKAGE = "@etalab/decoupage-administratif";
/**
 * The COG year each major version holds. Each major is cut when the package moves to the next COG: 2.0.0 (21 Feb
 * 2022) came three days after 1.1.1, 3.0.0 (Feb 2023) after 2.3.1, 5.0.0 (Mar 2025) after 4.1.0; and the mergers
 * between releases are those of 1 January of the next COG (Conques-en-Rouergue's chef-lieu moved to 12218 in 5.x,
 * the COG 2025), the current communes, less the 94 of the collectivités d'outre-mer (975, 977, 978, 98x), are INSEE's totals of
 * 1 January: 34,965 (2021), 34,955, 34,945, 34,935, 34,875 (2025 and 2026).
 */
const VINTAGE_BY_MAJOR: Record<string, number> = { "6": 2026, "5": 2025, "4": 2024, "3": 2023, "2": 2022, "1": 2021 };

/** The package releases installed side by side (npm aliases in package.json), by the COG year each holds. */
export const VINTAGE_PACKAGES: ReadonlyArray<{ year: number; name: string }> = [
  { year: 2021, name: "geo2021" },
  { year: 2022, name: "geo2022" },
  { year: 2023, name: "geo2023" },
  { year: 2024, name: "geo2024" },
  { year: 2025, name: "geo2025" },
  { year: 2026, name: PACKAGE },
];

/** The COG year of a release of the package, from its version. */
export function vintageYearOf(version: string): number | null {
  return VINTAGE_BY_MAJOR[version.split(".")[0]] ?? null;
}

/** Reads the national geography from the npm package (or one of its aliased releases): never a hand-typed list. */
export function readGeographyPackage(name: string = PACKAGE): GeographyPackage {
  const load = createRequire(__filename);
  const version = (load(`${name}/package.json`) as { version: string }).version;
  const all = load(`${name}/data/communes.json`) as PackageCommune[];
  return {
    version,
    vintage: `COG ${vintageYearOf(version) ?? "unknown"} (${PACKAGE} ${version})`,
    regions: load(`${name}/data/regions.json`) as PackageRegion[],
    departments: load(`${name}/data/departements.json`) as PackageDepartment[],
    // Only current communes count: communes déléguées, associées and arrondissements are not territories of a CTG.
    communes: all.filter((c) => c.type === "commune-actuelle"),
    attached: all.filter((c) => (c.type === "commune-deleguee" || c.type === "commune-associee") && c.chefLieu != null),
    epci: load(`${name}/data/epci.json`) as PackageEpci[],
  };
}

/** The municipal arrondissements of Paris, Lyon and Marseille, each with the commune it belongs to. */
export function readArrondissements(name: string = PACKAGE): Map<string, string> {
  const all = createRequire(__filename)(`${name}/data/communes.json`) as PackageCommune[];
  return new Map(all.flatMap((c) => (c.type === "arrondissement-municipal" && c.commune ? [[c.code, c.commune] as const] : [])));
}

/** The COG year of the current geography (the `commune` and `intercommunality` tables). */
export const CURRENT_COG_YEAR = VINTAGE_PACKAGES[VINTAGE_PACKAGES.length - 1].year;
