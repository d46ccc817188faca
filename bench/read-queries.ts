/**
 * The read queries of the read bench (a lean list, three dashboard-style reads, six analytics, a convention's
 * follow-up), shared by the bench (bench/read.ts) and the floor server
 * (bench/floor-server.ts). Kept free of heavy imports: the floor server loads only this, `pg` and PGlite.
 */

export const QUERY_NAMES = [
  "departmentCommunes",
  "dashboard",
  "convention",
  "nationalList",
  "departmentCoverage",
  "compareTerritories",
  "nationalCoverage",
  "nationalHistory",
  "departmentHistory",
  "nationalHistoryAsOf",
  "departmentHistoryAsOf",
  "actionStats",
  "conventionFollowUp",
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export const isQueryName = (value: string): value is QueryName => (QUERY_NAMES as readonly string[]).includes(value);

/** What each query is asked for: the hub gets them as GraphQL variables (or literals), the floor as its JSON body. */
export interface DepartmentCommunesVariables {
  code: string;
}
export interface DashboardVariables {
  code: string;
}
export interface ConventionVariables {
  ref: string;
}
export interface NationalListVariables {
  asOf: string;
  themes: string[];
}
/** A département's analytics (departmentCoverage, compareTerritories at EPCI level) on a date. */
export interface DepartmentAnalyticsVariables {
  code: string;
  asOf: string;
}
export interface NationalCoverageVariables {
  asOf: string;
}
/** coverageHistory by year from `from` to `to`: national when `department` is null. */
export interface HistoryVariables {
  department: string | null;
  from: string;
  to: string;
}

/** actionStats nationally, by département × status × late, on a date. */
export interface ActionStatsVariables {
  asOf: string;
}
/** A convention's follow-up: its actions with pilots, budget lines, fundings, indicator values and notes, late on a date. */
export interface ConventionFollowUpVariables {
  ref: string;
  asOf: string;
}

export interface QueryVariables {
  departmentCommunes: DepartmentCommunesVariables;
  dashboard: DashboardVariables;
  convention: ConventionVariables;
  nationalList: NationalListVariables;
  departmentCoverage: DepartmentAnalyticsVariables;
  compareTerritories: DepartmentAnalyticsVariables;
  nationalCoverage: NationalCoverageVariables;
  nationalHistory: HistoryVariables;
  departmentHistory: HistoryVariables;
  nationalHistoryAsOf: HistoryVariables;
  departmentHistoryAsOf: HistoryVariables;
  actionStats: ActionStatsVariables;
  conventionFollowUp: ConventionFollowUpVariables;
}

/**
 * Queries read with a token (a national ANALYST's, signed with BENCH_JWT_SECRET, which the bench gives the hub): they
 * select money, contacts and reserved notes, restricted to staff, as an analyst's follow-up screens do.
 */
export const WITH_ANALYST_TOKEN: ReadonlySet<QueryName> = new Set(["actionStats", "conventionFollowUp"]);

/** The bench's own HS256 secret (at least 32 characters), known to the hub it starts and to nothing else. */
export const BENCH_JWT_SECRET = "ctg-hub-read-bench-secret-not-for-production";

/**
 * The lean list's département: Haute-Marne, 426 communes, so the first page of 500 holds them all (a fixed code, so runs
 * on different data sets compare; the geography is the same in every one).
 */
export const LEAN_LIST_DEPARTMENT = "52";

/** The national list's fixed filter (the GraphQL document below carries the same values as literals). */
export const NATIONAL_LIST_VARIABLES: NationalListVariables = { asOf: "2025-06-30", themes: ["YOUTH"] };

/**
 * The date the analytics are asked for (a fixed date, so runs on different days compare). Its figures are asked on
 * the current geography (`geography: CURRENT`), what the floors compute: on a past date the default (AS_OF) reads that
 * date's vintage once vintages are loaded, a different statement (see README, "Figures on a past geography").
 */
export const ANALYTICS_AS_OF = "2025-06-30";

/**
 * The history's period: the end of each year from 2015 to 2024, then ANALYTICS_AS_OF — 11 points, as the dashboard's
 * France page draws (it starts 8 years back; 10 here, to weigh a little more).
 */
export const HISTORY_FROM = "2015-12-31";

const historyDocument = (geography: "CURRENT" | "AS_OF") =>
  `query ($department: String, $from: Date!, $to: Date!) { coverageHistory(department: $department, from: $from, to: $to, step: YEAR, geography: ${geography}) { date population coveredPopulation coveredPopulationShare coveredCommuneCount${geography === "AS_OF" ? " geographyVintage" : ""} } }`;

/** The GraphQL documents, as a dashboard client would send them. */
export const GRAPHQL_DOCUMENTS: Record<QueryName, string> = {
  departmentCommunes: `query ($code: String!) { communes(first: 500, filter: {department: $code}) { totalCount edges { node { code name population intercommunality { siren name } } } } }`,
  dashboard: `query ($code: String!) { communes(first: 500, filter: {department: $code}) { edges { node { code name population intercommunality { siren name } conventions { reference status } } } } }`,
  convention: `query ($ref: String!) { convention(reference: $ref) { reference title stage signedOn startsOn endsOn themes status holder { ... on Commune { code name } ... on Intercommunality { siren name } } signatories { role name } coveredCommunes(first: 500) { edges { node { code name population } } } objectives { position title } actions(first: 100) { edges { node { title theme status progress partners { role association { name rna } } } } } sdsfAxes { number title } } }`,
  nationalList: `{ conventions(first: 100, filter: { themes: [YOUTH], status: [ACTIVE], asOf: "2025-06-30" }, orderBy: {field: ENDS_ON}) { totalCount edges { cursor node { reference title endsOn department { code name } } } } }`,
  departmentCoverage: `query ($code: String!, $asOf: Date) { departmentCoverage(code: $code, asOf: $asOf, geography: CURRENT) { communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare allocataires coveredAllocataires byIntercommunality { siren name communeCount coveredCommuneCount coveredPopulationShare } } }`,
  compareTerritories: `query ($code: String!, $asOf: Date) { compareTerritories(department: $code, level: INTERCOMMUNALITY, asOf: $asOf, geography: CURRENT) { code name population communeCount coveredCommuneCount coveredPopulationShare coverageStatus nextExpiry actionCount actionsByTheme { theme count } partnerCount facilitiesByKind { kind count capacity } } }`,
  nationalCoverage: `query ($asOf: Date) { nationalCoverage(asOf: $asOf, geography: CURRENT) { departmentCode communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare } }`,
  nationalHistory: historyDocument("CURRENT"),
  departmentHistory: historyDocument("CURRENT"),
  // Each point on the COG vintage of its date (issue 20): the data set's database must hold the vintages
  // (npm run import:geography), else the hub counts on the current geography and the floor's check fails.
  nationalHistoryAsOf: historyDocument("AS_OF"),
  departmentHistoryAsOf: historyDocument("AS_OF"),
  actionStats: `query ($asOf: Date) { actionStats(groupBy: [DEPARTMENT, STATUS, LATE], asOf: $asOf) { totals department status late actions lateActions plannedEuros actualEuros } }`,
  conventionFollowUp: `query ($ref: String!, $asOf: Date) { convention(reference: $ref) { reference title actions(first: 100) { edges { node { title status priority late(asOf: $asOf) daysLate(asOf: $asOf) pilots { kind name role organisation contact association { name } } budgetLines { year kind unit planned actual } fundings { funder year planned actual } indicatorValues { indicator year baseline target value } notes { notedOn author restricted text } } } } } }`,
};

/** Page sizes the documents ask for (the floor's LIMITs). */
export const PAGE = { departmentCommunes: 500, dashboardCommunes: 500, coveredCommunes: 500, actions: 100, nationalList: 100 } as const;
