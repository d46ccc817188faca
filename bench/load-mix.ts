import { createHash } from "node:crypto";
import pg from "pg";
import { dashboardDocuments, sdsfDocument, type DashboardDocuments } from "../src/dashboard/dashboard.documents";
import { mulberry32 } from "../src/synthetic/prng";

export { dashboardDocuments, sdsfDocument };

/**
 * The load bench's request mix: what the dashboard's pages send (src/dashboard/public/views/*.js), for page visits
 * spread over départements, conventions and dates. The GraphQL documents are read from the page code itself, so the
 * bench sends exactly what a browser sends, and follows the pages when they change.
 *
 *   France page      DashboardFrance (nationalCoverage + expiringConventions) and DashboardFranceHistory (national
 *                    coverageHistory, plus the followed département's when one is chosen)
 *   Département page DashboardDepartmentHistory, DashboardDepartment (department, departmentCoverage, compareTerritories
 *                    by EPCI or by commune, themeMatrix, expiring and lapsed conventions), DashboardSdsf (its SDSF schemes)
 *   Convention page  DashboardConvention
 */

export const REQUEST_KINDS = ["france", "franceHistory", "departmentHistory", "department", "sdsf", "convention"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Share of the page visits (France, département, convention): analysts mostly open départements. */
export const VISIT_WEIGHTS = { france: 0.2, department: 0.5, convention: 0.3 } as const;
/** Share of the visits at today's date (the pages' default); the others use a bookmarked date. */
export const TODAY_SHARE = 0.6;
export const OTHER_DATES = ["2025-06-30", "2024-12-31", "2023-06-30"] as const;
/** Share of the département visits comparing communes instead of EPCI (`?niveau=communes`), and of the France visits following a département. */
export const COMMUNE_LEVEL_SHARE = 0.2;
export const FOLLOWED_DEPARTMENT_SHARE = 0.5;
/** Years of history the pages draw before the chosen date (france.js HISTORY_YEARS, department.js). */
const HISTORY_YEARS = 8;

/** format.js addMonths: the same day `months` later, clamped to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// What the visits are spread over

export interface MixDepartment {
  code: string;
  communes: number;
  schemeIds: string[];
}
export interface MixPicks {
  departments: MixDepartment[];
  conventions: string[];
  dates: string[];
  today: string;
}

/** The départements (all with communes, or `departmentCount` spread evenly by code) and `conventionCount` conventions of theirs. */
export async function pickMix(url: string, today: string, departmentCount: number | null, conventionCount: number): Promise<MixPicks> {
  const client = new pg.Client({ connectionString: url, application_name: "ctg-hub-bench" });
  await client.connect();
  try {
    const { rows } = await client.query<{ code: string; communes: number; schemes: string[] }>(`
      SELECT d.code, count(m.code)::int AS communes,
        coalesce((SELECT array_agg(s.id::text ORDER BY s.id) FROM sdsf_scheme s WHERE s.department_code = d.code), '{}') AS schemes
      FROM department d JOIN commune m ON m.department_code = d.code
      GROUP BY d.code ORDER BY d.code`);
    const all = rows.map((r) => ({ code: r.code, communes: r.communes, schemeIds: r.schemes }));
    const departments =
      departmentCount === null || departmentCount >= all.length
        ? all
        : Array.from({ length: departmentCount }, (_, i) => all[Math.floor((i * all.length) / departmentCount)]);
    // md5 order: a fixed, unbiased sample (neither the oldest nor one département's).
    const conventions = await client.query<{ reference: string }>(
      `SELECT reference FROM convention WHERE department_code = ANY($1) ORDER BY md5(reference) LIMIT $2`,
      [departments.map((d) => d.code), conventionCount],
    );
    if (departments.length === 0 || conventions.rows.length === 0) throw new Error("load bench: no département or convention to visit");
    return { departments, conventions: conventions.rows.map((r) => r.reference), dates: [today, ...OTHER_DATES], today };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The generator

export interface MixRequest {
  kind: RequestKind;
  document: string;
  variables: Record<string, unknown>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The request body as the dashboard's api.js sends it: with automatic persisted queries, the hash alone (the hub
 * knows the document from an earlier full request: `registrationBodies`); without, the document and its variables.
 */
export function requestBody(request: MixRequest, persisted: boolean, hashes: Map<string, string>): string {
  if (!persisted) return JSON.stringify({ query: request.document, variables: request.variables });
  let hash = hashes.get(request.document);
  if (hash === undefined) hashes.set(request.document, (hash = sha256(request.document)));
  return JSON.stringify({ variables: request.variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
}

/**
 * Page visits, each expanded into the requests its page sends, handed out one request at a time: with many clients,
 * a visit's requests go out together on several connections, as a browser sends them in parallel.
 */
export class DashboardMix {
  private readonly random: () => number;
  private readonly queue: MixRequest[] = [];

  constructor(
    private readonly documents: DashboardDocuments,
    private readonly picks: MixPicks,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  next(): MixRequest {
    if (this.queue.length === 0) this.queue.push(...this.visit());
    return this.queue.shift() as MixRequest;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private date(): string {
    return this.random() < TODAY_SHARE ? this.picks.today : this.pick(OTHER_DATES);
  }

  private visit(): MixRequest[] {
    const r = this.random();
    if (r < VISIT_WEIGHTS.france) return this.franceVisit();
    if (r < VISIT_WEIGHTS.france + VISIT_WEIGHTS.department) return this.departmentVisit();
    return [
      {
        kind: "convention",
        document: this.documents.convention,
        variables: { reference: this.pick(this.picks.conventions), asOf: this.date() },
      },
    ];
  }

  private franceVisit(): MixRequest[] {
    const asOf = this.date();
    const followed = this.random() < FOLLOWED_DEPARTMENT_SHARE ? this.pick(this.picks.departments).code : null;
    return [
      {
        kind: "franceHistory",
        document: this.documents.franceHistory,
        variables: {
          asOf,
          from: `${Number(asOf.slice(0, 4)) - HISTORY_YEARS}-12-31`,
          department: followed,
          withDepartment: followed !== null,
        },
      },
      { kind: "france", document: this.documents.france, variables: { asOf, before: addMonths(asOf, 12) } },
    ];
  }

  private departmentVisit(): MixRequest[] {
    const asOf = this.date();
    const department = this.pick(this.picks.departments);
    const level = this.random() < COMMUNE_LEVEL_SHARE ? "COMMUNE" : "INTERCOMMUNALITY";
    const requests: MixRequest[] = [
      {
        kind: "departmentHistory",
        document: this.documents.departmentHistory,
        variables: { code: department.code, asOf, from: `${Number(asOf.slice(0, 4)) - HISTORY_YEARS}-12-31` },
      },
      {
        kind: "department",
        document: this.documents.department,
        variables: { code: department.code, asOf, before: addMonths(asOf, 12), level },
      },
    ];
    // The page asks for the SDSF alignment once the first answer names the schemes (none: no request).
    if (department.schemeIds.length > 0) {
      const variables: Record<string, unknown> = { asOf };
      department.schemeIds.forEach((id, i) => {
        variables[`s${i}`] = id;
      });
      requests.push({ kind: "sdsf", document: sdsfDocument(department.schemeIds.length), variables });
    }
    return requests;
  }
}

/**
 * One full request (document, variables and hash) per distinct document of the mix: what registers the hashes with
 * the hub's persisted-query store, as a browser's first visit does.
 */
export function registrationBodies(documents: DashboardDocuments, picks: MixPicks): string[] {
  const mix = new DashboardMix(documents, picks, 1);
  const first = new Map<string, MixRequest>();
  for (let i = 0; i < 5_000; i += 1) {
    const request = mix.next();
    if (!first.has(request.document)) first.set(request.document, request);
  }
  return [...first.values()].map((r) =>
    JSON.stringify({
      query: r.document,
      variables: r.variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(r.document) } },
    }),
  );
}

/** How many different requests the mix can send (each one a response-cache entry). */
export function distinctRequests(picks: MixPicks): number {
  const dates = picks.dates.length;
  const departments = picks.departments.length;
  const withSdsf = picks.departments.filter((d) => d.schemeIds.length > 0).length;
  const france = dates + dates * (departments + 1);
  const department = dates * departments + dates * departments * 2 + dates * withSdsf;
  return france + department + dates * picks.conventions.length;
}
