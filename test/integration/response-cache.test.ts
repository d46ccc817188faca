import { createHash } from "node:crypto";
import { createConnection } from "node:net";
import type { DataSource } from "typeorm";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { responseCacheConfig, type ResponseCacheConfig } from "../../src/config";
import { createDataSource } from "../../src/server/database";
import { listenHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const JOINVILLE = "CTG-52-2023-200044253";
/** Restricted (internal notes): CAF agents of the département see it, anyone else gets FORBIDDEN on it. */
const CONVENTION = `query Convention($reference: String!) {
  convention(reference: $reference) { id version title internalNotes }
}`;
const PUBLIC_CONVENTION = `query PublicConvention($reference: String!) {
  convention(reference: $reference) { id version title }
}`;
const UPDATE = `mutation Update($id: ID!, $version: Int!, $notes: String!) {
  updateConvention(id: $id, version: $version, input: { internalNotes: $notes }) { version }
}`;
const AUDIT = `query Audit($id: String!) { auditLog(entity: "convention", id: $id) { edges { node { operation } } } }`;

interface ConventionView {
  id: string;
  version: number;
  title: string;
  internalNotes: string | null;
}
interface Answer<T> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: Array<{ extensions?: { code?: string } }>;
}

/** A hub listening on a free port, and a client for it. */
async function startHub(dataSource: DataSource, cache: ResponseCacheConfig) {
  const listening = await listenHub(dataSource, { tokens: tokenConfig({ JWT_SECRET: SECRET }), cache });
  const base = `${listening.origin}/graphql`;
  return {
    async post<T>(query: string, variables: Record<string, unknown>, token?: string, extensions?: object): Promise<Answer<T>> {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const body = JSON.stringify({ query: query || undefined, variables, extensions });
      const response = await fetch(base, { method: "POST", headers, body });
      const answer = (await response.json()) as { data?: T; errors?: Answer<T>["errors"] };
      return { status: response.status, headers: response.headers, data: answer.data ?? null, errors: answer.errors };
    },
    /** A GET request, as a CDN-friendly client sends a persisted query. */
    async get<T>(params: Record<string, unknown>): Promise<Answer<T>> {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, JSON.stringify(v)]));
      const response = await fetch(`${base}?${query}`, { headers: { "apollo-require-preflight": "true" } });
      const body = (await response.json()) as { data?: T; errors?: Answer<T>["errors"] };
      return { status: response.status, headers: response.headers, data: body.data ?? null, errors: body.errors };
    },
    close: listening.close,
  };
}
type Hub = Awaited<ReturnType<typeof startHub>>;

/** Served from the cache: Apollo's response cache sets `age` on hits only. */
const fromCache = (answer: Answer<unknown>) => answer.headers.get("age") !== null;
const statements = (answer: Answer<unknown>) => Number(answer.headers.get("x-sql-statements"));

const cacheConfig = (overrides: Partial<ResponseCacheConfig> = {}): ResponseCacheConfig => ({
  ...responseCacheConfig({}),
  // Each run keeps its own keys: test databases are copies of one template, with the same data version.
  namespace: `ctg-hub-test-${process.pid}-${Date.now().toString(36)}`,
  ...overrides,
});

describe("response cache", () => {
  let db: TestDatabase;
  let agent: string;
  let partner: string;
  let otherAgent: string;
  beforeAll(async () => {
    otherAgent = await mintToken(SECRET, { subject: "agent-75", role: Role.CAF_AGENT, departments: ["75"] });
    db = await openTestDatabase();
    agent = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
    partner = await mintToken(SECRET, { subject: "partner-1", role: Role.PARTNER, association: 1 });
  });
  afterAll(() => db.close());

  describe("in memory (the default)", () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(db.dataSource, cacheConfig());
    });
    afterAll(() => hub.close());

    it("answers a repeated query from the cache with one SQL statement (the data version)", async () => {
      const first = await hub.post<{ convention: ConventionView }>(PUBLIC_CONVENTION, { reference: JOINVILLE });
      const second = await hub.post<{ convention: ConventionView }>(PUBLIC_CONVENTION, { reference: JOINVILLE });
      expect(fromCache(first)).toBe(false);
      expect(fromCache(second)).toBe(true);
      expect(second.data).toEqual(first.data);
      expect(statements(first)).toBeGreaterThan(1);
      expect(statements(second)).toBe(1);
    });

    it("shows a committed write on the next read, to every caller", async () => {
      const before = await hub.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
      await hub.post(CONVENTION, { reference: JOINVILLE }, agent);
      const { id, version } = before.data!.convention;
      const notes = `Relu le ${new Date().toISOString()}`;
      const update = await hub.post(UPDATE, { id, version, notes }, agent);
      expect(update.errors).toBeUndefined();

      const after = await hub.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
      expect(fromCache(after)).toBe(false);
      expect(after.data!.convention).toMatchObject({ internalNotes: notes, version: version + 1 });
      const anonymous = await hub.post<{ convention: ConventionView }>(PUBLIC_CONVENTION, { reference: JOINVILLE });
      expect(anonymous.data!.convention.version).toBe(version + 1);
    });

    it("never serves one scope's answer to another (restricted fields differ)", async () => {
      const asAgent = await hub.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
      expect(fromCache(await hub.post(CONVENTION, { reference: JOINVILLE }, agent))).toBe(true);
      expect(asAgent.data!.convention.internalNotes).not.toBeNull();
      for (const [caller, token] of [
        ["agent of 75", otherAgent],
        ["partner", partner],
        ["anonymous", undefined],
      ] as const) {
        const answer = await hub.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, token);
        expect({
          caller,
          cached: fromCache(answer),
          notes: answer.data!.convention.internalNotes,
          codes: answer.errors?.map((e) => e.extensions?.code),
        }).toEqual({ caller, cached: false, notes: null, codes: ["FORBIDDEN"] });
      }
    });

    it("never caches the audit log (its types say maxAge 0), nor a mutation", async () => {
      const { data } = await hub.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
      const first = await hub.post(AUDIT, { id: data!.convention.id }, agent);
      const second = await hub.post(AUDIT, { id: data!.convention.id }, agent);
      expect(first.errors).toBeUndefined();
      expect(fromCache(second)).toBe(false);
      expect(statements(second)).toBeGreaterThan(1);
    });

    it("accepts automatic persisted queries: the hash alone once the query is known, over POST and GET", async () => {
      const sha256Hash = createHash("sha256").update(PUBLIC_CONVENTION).digest("hex");
      const extensions = { persistedQuery: { version: 1, sha256Hash } };
      const variables = { reference: JOINVILLE };
      const unknown = await hub.post<null>("", variables, undefined, extensions);
      expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
      const registered = await hub.post<{ convention: ConventionView }>(PUBLIC_CONVENTION, variables, undefined, extensions);
      expect(registered.data?.convention.title).toContain("Joinville");
      const byHash = await hub.post<{ convention: ConventionView }>("", variables, undefined, extensions);
      expect(byHash.data).toEqual(registered.data);
      const byGet = await hub.get<{ convention: ConventionView }>({ variables, extensions });
      expect(byGet.status).toBe(200);
      expect(byGet.data).toEqual(registered.data);
    });

    it("keys an answer on its arguments: the coverage weighed by another indicator is computed, then cached", async () => {
      const WEIGHTED = `query Weighted($weight: String) {
        departmentCoverage(code: "52", asOf: "2025-06-30", weight: $weight) { weighted { code total } }
      }`;
      type Weighted = { departmentCoverage: { weighted: { code: string; total: number } } };
      const allocataires = await hub.post<Weighted>(WEIGHTED, { weight: "allocataires" });
      expect(fromCache(await hub.post(WEIGHTED, { weight: "allocataires" }))).toBe(true);
      const population = await hub.post<Weighted>(WEIGHTED, { weight: "population" });
      expect(fromCache(population)).toBe(false);
      // The reference case's figures of the Joinville EPCI: 2,246 allocataires, 12,241 inhabitants.
      expect([allocataires.data?.departmentCoverage.weighted, population.data?.departmentCoverage.weighted]).toEqual([
        { code: "allocataires", total: 2246 },
        { code: "population", total: 12241 },
      ]);
      expect(fromCache(await hub.post(WEIGHTED, { weight: "population" }))).toBe(true);
    });

    it("keeps errors out of the cache", async () => {
      const bad = await hub.post(PUBLIC_CONVENTION, { reference: 42 });
      const again = await hub.post(PUBLIC_CONVENTION, { reference: 42 });
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(fromCache(again)).toBe(false);
    });
  });

  it("keeps answering, uncached, when its Redis is unreachable", async () => {
    const hub = await startHub(db.dataSource, cacheConfig({ redisUrl: "redis://127.0.0.1:1" }));
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await hub.post<{ convention: ConventionView }>(PUBLIC_CONVENTION, { reference: JOINVILLE });
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.convention.title).toContain("Joinville");
        expect(fromCache(answer)).toBe(false);
      }
    } finally {
      await hub.close();
    }
  });

  describe("turned off (RESPONSE_CACHE=off)", () => {
    it("executes every request", async () => {
      const hub = await startHub(db.dataSource, cacheConfig({ enabled: false }));
      try {
        await hub.post(PUBLIC_CONVENTION, { reference: JOINVILLE });
        const second = await hub.post(PUBLIC_CONVENTION, { reference: JOINVILLE });
        expect(fromCache(second)).toBe(false);
        // no data version to read: the one statement is the answer's
        expect(statements(second)).toBe(1);
      } finally {
        await hub.close();
      }
    });
  });
});

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Whether a Redis answers: a developer's machine may have none; CI always has one. */
async function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("response cache shared through Redis by two hubs", () => {
  let db: TestDatabase;
  let second: DataSource;
  let hubA: Hub;
  let hubB: Hub;
  let agent: string;
  let available = true;
  beforeAll(async () => {
    available = await redisReachable(REDIS_URL);
    if (!available) {
      if (process.env.CI === "true") throw new Error(`CI needs Redis at ${REDIS_URL}`);
      console.warn(`Redis not reachable at ${REDIS_URL}: the shared-cache tests are skipped (CI runs them)`);
      return;
    }
    db = await openTestDatabase();
    // Two hubs with nothing in common but the database and Redis. The embedded database lives in one process:
    // there both hubs share its data source; on PostgreSQL each has its own pool, like two processes.
    second = db.config.kind === "postgres" ? await createDataSource(db.config, { logErrors: false }).initialize() : db.dataSource;
    const shared = cacheConfig({ redisUrl: REDIS_URL });
    hubA = await startHub(db.dataSource, shared);
    hubB = await startHub(second, shared);
    agent = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
  });
  afterAll(async () => {
    if (!available) return;
    await hubA.close();
    await hubB.close();
    if (second !== db.dataSource) await second.destroy();
    await db.close();
  });

  it("serves in one hub what the other cached, and both see a write made through one of them", async () => {
    if (!available) return;
    const cached = await hubA.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
    // The cache is written in the background after the answer: wait until the other hub finds it.
    let fromB = await hubB.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
    for (let i = 0; i < 20 && !fromCache(fromB); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      fromB = await hubB.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
    }
    expect(fromCache(fromB)).toBe(true);
    expect(fromB.data).toEqual(cached.data);

    const { id, version } = cached.data!.convention;
    const notes = `Écrit par le hub A le ${new Date().toISOString()}`;
    expect((await hubA.post(UPDATE, { id, version, notes }, agent)).errors).toBeUndefined();

    const afterB = await hubB.post<{ convention: ConventionView }>(CONVENTION, { reference: JOINVILLE }, agent);
    expect(fromCache(afterB)).toBe(false);
    expect(afterB.data!.convention).toMatchObject({ internalNotes: notes, version: version + 1 });
  });
});
