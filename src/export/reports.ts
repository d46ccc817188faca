import { analyticsService } from "../analytics/analytics.service";
import {
  CoverageStatus,
  TerritoryLevel,
  type DepartmentCoverage,
  type IntercommunalityCoverage,
  type TerritoryComparison,
  type ThemeMatrix,
} from "../analytics/analytics.types";
import { canReadRestricted, type Viewer } from "../auth/viewer";
import type { RequestScope } from "../db/request-scope";
import type { IsoDate } from "../common/date";
import { Theme, THEME_LABELS } from "../common/theme";
import { ActionStatus } from "../convention/convention-enums";
import { FacilityKind } from "../facility/facility-enums";

/**
 * The exported reports as tables: one row per territory, typed columns with French headers. The
 * figures come from analyticsService, the same calls the GraphQL queries make, so an export always
 * equals the API. Column keys follow the GraphQL field names (nested lists flattened with a dot:
 * `actionsByTheme.YOUTH`), so a JSON export reads like the query result.
 */
export const REPORT_NAMES = ["coverage", "compare", "theme-matrix"] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export const isReportName = (value: string): value is ReportName => (REPORT_NAMES as readonly string[]).includes(value);

export type ColumnType = "text" | "integer" | "share" | "euros" | "date" | "boolean" | "enum";
export type Cell = string | number | boolean | null;

export interface ReportColumn {
  key: string;
  header: string;
  type: ColumnType;
  /** French labels of an enum column's codes (CSV and XLSX show labels, JSON keeps codes). */
  labels?: Readonly<Record<string, string>>;
  /** Only for callers who may read restricted fields of the département (canReadRestricted). */
  restricted?: boolean;
}

export interface ReportParameters {
  department: string;
  asOf: IsoDate;
  /** Territories of `compare` (the other reports are by EPCI). */
  level: TerritoryLevel;
}

export interface ReportTable {
  report: ReportName;
  title: string;
  parameters: ReportParameters;
  columns: ReportColumn[];
  rows: Array<Record<string, Cell>>;
}

const LEVEL_LABELS: Record<string, string> = { INTERCOMMUNALITY: "EPCI", COMMUNE: "Commune", DEPARTMENT: "Département" };

const COVERAGE_LABELS: Record<CoverageStatus, string> = {
  COVERED: "Couvert",
  PARTIAL: "Partiellement couvert",
  IN_PREPARATION: "CTG en préparation",
  EXPIRED: "CTG échue",
  NONE: "Aucune CTG",
};

const STATUS_LABELS: Record<ActionStatus, string> = {
  PLANNED: "prévues",
  UNDER_STUDY: "à l'étude",
  IN_PROGRESS: "en cours",
  DONE: "réalisées",
  PAUSED: "en pause",
  BLOCKED: "bloquées",
  ABANDONED: "abandonnées",
};

const THEMES = Object.values(Theme);
const STATUSES = Object.values(ActionStatus);
const FACILITY_KINDS = Object.values(FacilityKind);

const column = (key: string, header: string, type: ColumnType, extra: Partial<ReportColumn> = {}): ReportColumn => ({
  key,
  header,
  type,
  ...extra,
});

const COVERAGE_COLUMNS: ReportColumn[] = [
  column("level", "Maille", "enum", { labels: LEVEL_LABELS }),
  column("code", "Code", "text"),
  column("name", "Territoire", "text"),
  column("spansSeveralDepartments", "Déborde sur d'autres départements", "boolean"),
  column("communeCount", "Communes", "integer"),
  column("coveredCommuneCount", "Communes couvertes", "integer"),
  column("population", "Population", "integer"),
  column("coveredPopulation", "Population couverte", "integer"),
  column("coveredPopulationShare", "Part de la population couverte", "share"),
  column("allocataires", "Allocataires", "integer"),
  column("coveredAllocataires", "Allocataires couverts", "integer"),
  column("coveredAllocatairesShare", "Part des allocataires couverts", "share"),
  column("communesWithAllocataires", "Communes ayant une valeur d'allocataires", "integer"),
  column("communesWithIntercommunalityAllocataires", "Dont valeur issue de l'EPCI", "integer"),
  column("allocatairesPopulationShare", "Part de la population ayant une valeur d'allocataires", "share"),
  column("activeConventionCount", "CTG en vigueur", "integer"),
  column("impreciseConventionCount", "Dont CTG aux dates imprécises", "integer"),
];

/** Coverage of a département: one row per EPCI (its communes of the département), then the département's own figures. */
export function coverageTable(
  parameters: ReportParameters,
  department: DepartmentCoverage,
  epcis: readonly IntercommunalityCoverage[],
): ReportTable {
  const rows: Array<Record<string, Cell>> = epcis.map((e) => ({
    level: TerritoryLevel.INTERCOMMUNALITY,
    code: e.siren,
    name: e.name,
    spansSeveralDepartments: e.spansSeveralDepartments,
    communeCount: e.communeCount,
    coveredCommuneCount: e.coveredCommuneCount,
    population: e.population,
    coveredPopulation: e.coveredPopulation,
    coveredPopulationShare: e.coveredPopulationShare,
    allocataires: null,
    coveredAllocataires: null,
    coveredAllocatairesShare: null,
    communesWithAllocataires: null,
    communesWithIntercommunalityAllocataires: null,
    allocatairesPopulationShare: null,
    activeConventionCount: null,
    impreciseConventionCount: null,
  }));
  rows.push({
    level: "DEPARTMENT",
    code: department.departmentCode,
    name: department.departmentName,
    spansSeveralDepartments: null,
    communeCount: department.communeCount,
    coveredCommuneCount: department.coveredCommuneCount,
    population: department.population,
    coveredPopulation: department.coveredPopulation,
    coveredPopulationShare: department.coveredPopulationShare,
    allocataires: department.allocataires,
    coveredAllocataires: department.coveredAllocataires,
    coveredAllocatairesShare: department.coveredAllocatairesShare,
    communesWithAllocataires: department.communesWithAllocataires,
    communesWithIntercommunalityAllocataires: department.communesWithIntercommunalityAllocataires,
    allocatairesPopulationShare: department.allocatairesPopulationShare,
    activeConventionCount: department.activeConventionCount,
    impreciseConventionCount: department.impreciseConventionCount,
  });
  return {
    report: "coverage",
    title: `Couverture CTG — département ${department.departmentCode} au ${parameters.asOf}`,
    parameters,
    columns: COVERAGE_COLUMNS,
    rows,
  };
}

const COMPARE_COLUMNS: ReportColumn[] = [
  column("level", "Maille", "enum", { labels: LEVEL_LABELS }),
  column("code", "Code", "text"),
  column("name", "Territoire", "text"),
  column("spansSeveralDepartments", "Déborde sur d'autres départements", "boolean"),
  column("population", "Population", "integer"),
  column("communeCount", "Communes", "integer"),
  column("coveredCommuneCount", "Communes couvertes", "integer"),
  column("coveredPopulationShare", "Part de la population couverte", "share"),
  column("coverageStatus", "Couverture", "enum", { labels: COVERAGE_LABELS }),
  column("conventions", "CTG (références)", "text"),
  column("nextExpiry", "Prochaine échéance", "date"),
  column("activeConventionCount", "CTG en vigueur", "integer"),
  column("impreciseConventionCount", "Dont CTG aux dates imprécises", "integer"),
  column("actionCount", "Actions", "integer"),
  ...THEMES.map((theme) => column(`actionsByTheme.${theme}`, `Actions : ${THEME_LABELS[theme]}`, "integer")),
  ...STATUSES.map((status) => column(`actionsByStatus.${status}`, `Actions ${STATUS_LABELS[status]}`, "integer")),
  column("lateActionCount", "Actions en retard", "integer"),
  column("plannedEuros", "Prévu (euros)", "euros", { restricted: true }),
  column("actualEuros", "Réalisé (euros)", "euros", { restricted: true }),
  column("partnerCount", "Associations partenaires", "integer"),
  ...FACILITY_KINDS.flatMap((kind) => [
    column(`facilitiesByKind.${kind}.count`, `Équipements ${kind}`, "integer"),
    column(`facilitiesByKind.${kind}.capacity`, `Places ${kind}`, "integer"),
  ]),
];

/** Territories of a département compared; `references` names the conventions (GraphQL resolves them the same way, by id). */
export function compareTable(
  parameters: ReportParameters,
  territories: readonly TerritoryComparison[],
  references: ReadonlyMap<number, string>,
): ReportTable {
  const rows = territories.map((t) => {
    const row: Record<string, Cell> = {
      level: t.level,
      code: t.code,
      name: t.name,
      spansSeveralDepartments: t.spansSeveralDepartments,
      population: t.population,
      communeCount: t.communeCount,
      coveredCommuneCount: t.coveredCommuneCount,
      coveredPopulationShare: t.coveredPopulationShare,
      coverageStatus: t.coverageStatus,
      conventions: t.conventionIds
        .map((id) => references.get(id) ?? String(id))
        .sort()
        .join(" | "),
      nextExpiry: t.nextExpiry,
      activeConventionCount: t.activeConventionCount,
      impreciseConventionCount: t.impreciseConventionCount,
      actionCount: t.actionCount,
      lateActionCount: t.lateActionCount,
      plannedEuros: t.plannedEuros,
      actualEuros: t.actualEuros,
      partnerCount: t.partnerCount,
    };
    // Lists hold only the themes, statuses and kinds present; absent ones are zero.
    for (const theme of THEMES) row[`actionsByTheme.${theme}`] = t.actionsByTheme.find((x) => x.theme === theme)?.count ?? 0;
    for (const status of STATUSES) row[`actionsByStatus.${status}`] = t.actionsByStatus.find((x) => x.status === status)?.count ?? 0;
    for (const kind of FACILITY_KINDS) {
      const facilities = t.facilitiesByKind.find((x) => x.kind === kind);
      row[`facilitiesByKind.${kind}.count`] = facilities?.count ?? 0;
      row[`facilitiesByKind.${kind}.capacity`] = facilities?.capacity ?? 0;
    }
    return row;
  });
  const level = parameters.level === TerritoryLevel.COMMUNE ? "communes" : "EPCI";
  return {
    report: "compare",
    title: `Comparaison des territoires (${level}) — département ${parameters.department} au ${parameters.asOf}`,
    parameters,
    columns: COMPARE_COLUMNS,
    rows,
  };
}

const THEME_MATRIX_COLUMNS: ReportColumn[] = [
  column("code", "Code", "text"),
  column("name", "Territoire", "text"),
  ...THEMES.map((theme) => column(`counts.${theme}`, THEME_LABELS[theme], "integer")),
  column("total", "Total", "integer"),
];

/** Actions of the conventions in force, territories × themes, with a final row of totals. */
export function themeMatrixTable(parameters: ReportParameters, matrix: ThemeMatrix): ReportTable {
  const toRow = (code: string | null, name: string, counts: readonly number[], total: number) => {
    const row: Record<string, Cell> = { code, name, total };
    matrix.themes.forEach((theme, i) => {
      row[`counts.${theme}`] = counts[i];
    });
    return row;
  };
  const rows = matrix.rows.map((r) => toRow(r.code, r.name, r.counts, r.total));
  rows.push(
    toRow(
      null,
      "Total",
      matrix.totals,
      matrix.totals.reduce((sum, n) => sum + n, 0),
    ),
  );
  return {
    report: "theme-matrix",
    title: `Actions par thématique — département ${matrix.departmentCode} au ${matrix.asOf}`,
    parameters,
    columns: THEME_MATRIX_COLUMNS,
    rows,
  };
}

/** Restricted columns are dropped for a caller who may not read them in this département. */
export function visibleToViewer(table: ReportTable, viewer: Viewer): ReportTable {
  if (!table.columns.some((c) => c.restricted) || canReadRestricted(viewer, table.parameters.department)) return table;
  const columns = table.columns.filter((c) => !c.restricted);
  return { ...table, columns, rows: table.rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]))) };
}

/** Builds a report from the analytics, then keeps the columns the viewer may read. */
export async function buildReport(ctx: RequestScope, report: ReportName, parameters: ReportParameters): Promise<ReportTable> {
  const { department, asOf, level } = parameters;
  let table: ReportTable;
  if (report === "coverage") {
    const coverage = await analyticsService.departmentCoverage(ctx, department, asOf);
    table = coverageTable(parameters, coverage, await analyticsService.intercommunalityCoverage(ctx, department, asOf));
  } else if (report === "compare") {
    const territories = await analyticsService.compareTerritories(ctx, department, level, asOf, null);
    const ids = [...new Set(territories.flatMap((t) => t.conventionIds))];
    const conventions: Array<{ id: number; reference: string }> =
      ids.length === 0 ? [] : await ctx.manager.query(`SELECT id, reference FROM convention WHERE id = ANY($1)`, [ids]);
    table = compareTable(parameters, territories, new Map(conventions.map((c) => [c.id, c.reference])));
  } else {
    table = themeMatrixTable(parameters, await analyticsService.themeMatrix(ctx, department, asOf));
  }
  return visibleToViewer(table, ctx.viewer);
}
