import { mintToken } from "../src/auth/tokens";
import { Role } from "../src/auth/viewer";
import {
  ANALYTICS_AS_OF,
  BENCH_JWT_SECRET,
  GRAPHQL_DOCUMENTS,
  HISTORY_FROM,
  LEAN_LIST_DEPARTMENT,
  NATIONAL_LIST_VARIABLES,
  type QueryName,
  type QueryVariables,
  WITH_ANALYST_TOKEN,
} from "./read-queries";
import type { Picks, Probe, RunningServer } from "./read-settings";

// ---------------------------------------------------------------------------------------------
// Requests: what each server is sent for each query

export interface Target {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** `token`: the analyst's token, sent to the hub with the queries of WITH_ANALYST_TOKEN. */
export function targetFor(server: RunningServer, name: QueryName, variables: QueryVariables[QueryName], token?: string): Target {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (server.kind === "hub") {
    if (WITH_ANALYST_TOKEN.has(name)) {
      if (token === undefined) throw new Error(`${name} is read with an analyst's token: none given`);
      headers.authorization = `Bearer ${token}`;
    }
    // The national list carries its filter as literals, as the brief's document does.
    const body = name === "nationalList" ? { query: GRAPHQL_DOCUMENTS[name] } : { query: GRAPHQL_DOCUMENTS[name], variables };
    return { url: `http://127.0.0.1:${server.port}/graphql`, body: JSON.stringify(body), headers };
  }
  return { url: `http://127.0.0.1:${server.port}/${name}`, body: JSON.stringify(variables), headers };
}

/** The token of a national ANALYST, signed with the secret the bench gives the hub. */
export function analystToken(): Promise<string> {
  return mintToken(BENCH_JWT_SECRET, { subject: "read-bench", role: Role.ANALYST });
}

export function variablesFor(name: QueryName, picks: Picks): QueryVariables[QueryName] {
  switch (name) {
    case "departmentCommunes":
      return { code: LEAN_LIST_DEPARTMENT };
    case "dashboard":
      return { code: picks.department.code };
    case "convention":
      return { ref: picks.convention.reference };
    case "nationalList":
      return NATIONAL_LIST_VARIABLES;
    case "departmentCoverage":
    case "compareTerritories":
      return { code: (picks.largestDepartment ?? picks.department).code, asOf: ANALYTICS_AS_OF };
    case "nationalCoverage":
      return { asOf: ANALYTICS_AS_OF };
    case "nationalHistory":
    case "nationalHistoryAsOf":
      return { department: null, from: HISTORY_FROM, to: ANALYTICS_AS_OF };
    case "departmentHistory":
    case "departmentHistoryAsOf":
      return { department: (picks.largestDepartment ?? picks.department).code, from: HISTORY_FROM, to: ANALYTICS_AS_OF };
    case "actionStats":
      return { asOf: ANALYTICS_AS_OF };
    case "conventionFollowUp":
      return { ref: picks.convention.reference, asOf: ANALYTICS_AS_OF };
  }
}

// ---------------------------------------------------------------------------------------------
// Answers: their size and items, and a cheap check that hub and floor return the same values. Whether the hub's
// compiled reads answer as its resolvers do is a test (test/integration/parity.test.ts), not the bench's business:
// this only guards against a floor that would measure less (or other) work than the hub.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const text = (value: Json): string => (value === null ? "" : String(value));

/**
 * Every scalar of an answer as `key=value`, whatever its nesting (the hub's `edges { node }` or the floor's plain
 * arrays), sorted: the same rows give the same list. Cursors are left out (opaque: the hub's may carry more than the
 * floor's).
 */
function scalars(value: Json, key: string, out: string[]): string[] {
  if (Array.isArray(value)) for (const item of value) scalars(item, key, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (k !== "cursor") scalars(v, k === "edges" || k === "node" ? key : k, out);
  } else out.push(`${key}=${text(value)}`);
  return out;
}

/** Items of each list by name (a connection counts under its field's name, not `edges`), and `totalCount` when asked. */
function itemsOf(value: Json, key: string, counts: Record<string, number>): Record<string, number> {
  if (Array.isArray(value)) {
    counts[key] = (counts[key] ?? 0) + value.length;
    for (const item of value) itemsOf(item, key, counts);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "totalCount" && typeof v === "number") counts.totalCount = v;
      else itemsOf(v, k === "edges" || k === "node" ? key : k, counts);
    }
  }
  return counts;
}

export interface Answer {
  probe: Probe;
  /** Sorted `key=value` of every scalar (see scalars). */
  values: string[];
}

/** One request outside any load: status, size, items, the hub's SQL statement count and GraphQL errors. */
export async function probe(server: RunningServer, target: Target): Promise<Answer> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: target.headers,
    body: target.body,
    signal: AbortSignal.timeout(60_000),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as Json;
  const isHub = server.kind === "hub";
  const data = isHub && body !== null && typeof body === "object" && !Array.isArray(body) ? (body.data ?? null) : body;
  const errors = isHub && body !== null && typeof body === "object" && !Array.isArray(body) ? body.errors : undefined;
  const header = response.headers.get("x-sql-statements");
  return {
    probe: {
      status: response.status,
      bytes: Buffer.byteLength(raw),
      sqlStatements: header === null ? null : Number(header),
      items: itemsOf(data, "(root)", {}),
      graphqlErrors: Array.isArray(errors) ? errors.map((e) => JSON.stringify(e)) : [],
    },
    values: scalars(data, "", []).sort(),
  };
}

/** Why hub and floor do not return the same values (the first difference), or nothing. */
export function sameValues(name: QueryName, hub: Answer, floor: Answer): string[] {
  if (hub.probe.graphqlErrors.length > 0) return [`${name}: the hub answered with errors: ${hub.probe.graphqlErrors.join("; ")}`];
  if (hub.probe.status !== 200 || floor.probe.status !== 200)
    return [`${name}: HTTP status hub ${hub.probe.status}, floor ${floor.probe.status}`];
  const length = Math.max(hub.values.length, floor.values.length);
  for (let i = 0; i < length; i++) {
    if (hub.values[i] !== floor.values[i]) {
      return [
        `${name}: values differ (hub ${hub.values.length}, floor ${floor.values.length}); first: hub "${hub.values[i] ?? "(none)"}", floor "${floor.values[i] ?? "(none)"}"`,
      ];
    }
  }
  return [];
}
