import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import express from "express";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { httpErrorHandler } from "../../src/http/http-errors";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const SECRET = "http-errors-test-secret-of-at-least-32-characters";
const JSON_TYPE = { "content-type": "application/json" };

interface Case {
  label: string;
  path: string;
  init: RequestInit;
  status: number;
  code: string;
  message: RegExp;
}

/** No stack and no server path ever leaves the hub, whatever NODE_ENV (unset here, as `npm start` runs it). */
describe("HTTP errors", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  const logged: string[] = [];
  const previousEnv = process.env.NODE_ENV;
  beforeAll(async () => {
    delete process.env.NODE_ENV;
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource, {
      logger: { error: (message: string) => void logged.push(message) },
      tokens: tokenConfig({ JWT_SECRET: SECRET }),
    });
  });
  afterAll(async () => {
    process.env.NODE_ENV = previousEnv;
    await listening.close();
    await db.close();
  });

  /** The answer: status, and the body read as the short JSON error it must be. */
  async function errorOf(path: string, init: RequestInit) {
    const response = await fetch(`${listening.origin}${path}`, init);
    const text = await response.text();
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(text.length).toBeLessThan(600);
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|<html|<pre>|Error: /);
    const body = JSON.parse(text) as { error?: string; code?: string; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const message = body.error ?? body.errors?.[0]?.message;
    const code = body.code ?? body.errors?.[0]?.extensions?.code;
    return { status: response.status, message, code, allow: response.headers.get("allow") };
  }

  const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  const cases: Case[] = [
    {
      label: "malformed JSON",
      path: "/graphql",
      init: { method: "POST", headers: JSON_TYPE, body: "{ bad" },
      status: 400,
      code: "BAD_REQUEST",
      message: /JSON mal formé/,
    },
    {
      label: "a body over 1 MB",
      path: "/graphql",
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: /trop volumineux : au plus 1 Mo/,
      init: { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: "{ sources { code } }", padding: "x".repeat(1_100_000) }) },
    },
    {
      label: "an unknown charset",
      path: "/graphql",
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: /Jeu de caractères non pris en charge/,
      init: { method: "POST", headers: { "content-type": "application/json; charset=koi8-x" }, body: "{}" },
    },
    {
      label: "an unknown content encoding",
      path: "/graphql",
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: /Encodage du corps/,
      init: { method: "POST", headers: { ...JSON_TYPE, "content-encoding": "snappy" }, body: "{}" },
    },
    {
      label: "a corrupt gzip body",
      path: "/graphql",
      status: 400,
      code: "BAD_REQUEST",
      message: /illisible/,
      init: { method: "POST", headers: { ...JSON_TYPE, "content-encoding": "gzip" }, body: "pas du gzip" },
    },
    {
      label: "variables nested 5,000 deep",
      path: "/graphql",
      status: 400,
      code: "BAD_REQUEST",
      message: /JSON trop imbriqué/,
      init: {
        method: "POST",
        headers: JSON_TYPE,
        body: `{"query":"query ($f: CommuneFilter) { communes(filter: $f) { totalCount } }","variables":{"f":${deep(5_000)}}}`,
      },
    },
    {
      label: "a list nested 5,000 deep",
      path: "/graphql",
      status: 400,
      code: "BAD_REQUEST",
      message: /JSON trop imbriqué/,
      init: {
        method: "POST",
        headers: JSON_TYPE,
        body: `{"query":"query ($t: [Theme!]) { conventions(filter: { themes: $t }) { totalCount } }","variables":{"t":${"[".repeat(5_000)}${"]".repeat(5_000)}}}`,
      },
    },
    {
      label: "undeclared variables nested 5,000 deep",
      path: "/graphql",
      status: 400,
      code: "BAD_REQUEST",
      message: /JSON trop imbriqué/,
      init: {
        method: "POST",
        headers: JSON_TYPE,
        body: `{"query":"{ sources { code } }","variables":{"x":${deep(5_000)}},"extensions":{"y":${deep(40)}}}`,
      },
    },
    {
      // As deep as a URL may carry (Node refuses request lines past 16 kB with a bare 431 before any route).
      label: "GET variables nested 1,000 deep",
      status: 400,
      code: "BAD_REQUEST",
      message: /JSON trop imbriqué/,
      path: `/graphql?query=${encodeURIComponent("{ sources { code } }")}&variables=${encodeURIComponent(`{"x":${deep(1_000)}}`)}`,
      init: { headers: { "apollo-require-preflight": "1" } },
    },
    {
      label: "an unknown path",
      path: "/nulle-part",
      init: {},
      status: 404,
      code: "NOT_FOUND",
      message: /Ressource introuvable : GET \/nulle-part/,
    },
    { label: "a missing asset", path: "/assets/app/absent.js", init: {}, status: 404, code: "NOT_FOUND", message: /introuvable/ },
    { label: "a badly encoded path", path: "/departements/%E0%A4%A", init: {}, status: 400, code: "BAD_REQUEST", message: /mal encodée/ },
    {
      label: "PUT on /graphql",
      path: "/graphql",
      init: { method: "PUT", headers: JSON_TYPE, body: "{}" },
      status: 405,
      code: "BAD_REQUEST",
      message: /GET ou en POST/,
    },
    {
      label: "POST on /healthz",
      path: "/healthz",
      init: { method: "POST" },
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: /POST non autorisée/,
    },
    {
      label: "DELETE on an export",
      path: "/export/coverage.csv?department=52",
      init: { method: "DELETE" },
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: /DELETE/,
    },
    {
      label: "GET on an import",
      path: "/import/actions",
      init: {},
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: /GET non autorisée ici : POST/,
    },
    {
      label: "POST on a dashboard page",
      path: "/departements/52",
      init: { method: "POST" },
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: /POST/,
    },
    {
      label: "DELETE on an asset",
      path: "/assets/app/app.js",
      init: { method: "DELETE" },
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: /DELETE/,
    },
    {
      label: "a text/plain body (CSRF prevention)",
      path: "/graphql",
      status: 400,
      code: "BAD_REQUEST",
      message: /protection CSRF/,
      init: { method: "POST", headers: { "content-type": "text/plain" }, body: "{ sources { code } }" },
    },
  ];

  it.each(cases.map((c) => [c.label, c] as const))("answers %s with a short French JSON error", async (_label, c) => {
    const answer = await errorOf(c.path, c.init);
    expect({ status: answer.status, code: answer.code }).toEqual({ status: c.status, code: c.code });
    expect(answer.message).toMatch(c.message);
    if (c.status === 405) expect(answer.allow).toMatch(/GET|POST/);
  });

  it("still answers a gzip body, and a page or an asset that exists", async () => {
    const gzipped = await fetch(`${listening.origin}/graphql`, {
      method: "POST",
      headers: { ...JSON_TYPE, "content-encoding": "gzip" },
      body: gzipSync(JSON.stringify({ query: "{ sources { code } }" })),
    });
    expect(gzipped.status).toBe(200);
    expect((await fetch(`${listening.origin}/assets/app/app.js`)).status).toBe(200);
    expect((await fetch(`${listening.origin}/departements/52`)).status).toBe(200);
  });

  it("answers a value the database refuses as bad input, never a server error", async () => {
    const token = await mintToken(SECRET, { subject: "agent", role: Role.ADMIN });
    const post = (body: unknown) =>
      fetch(`${listening.origin}/graphql`, {
        method: "POST",
        headers: { ...JSON_TYPE, authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const mutation = `mutation ($input: IndicatorInput!) { setIndicator(input: $input) { value } }`;
    for (const input of [
      { indicator: "allocataires", territoryCode: "52250", year: 2024, value: 1e308 },
      { indicator: "allocataires", territoryCode: "52250", year: 2024, value: 12, note: "nul\u0000byte" },
    ]) {
      const response = await post({ query: mutation, variables: { input } });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(response.status).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("masks an unexpected failure of any route and logs it once", async () => {
    const app = express();
    const lines: string[] = [];
    app.get("/boom", () => {
      throw new Error("secret internal detail at /srv/hub/src/x.ts:12");
    });
    app.use(httpErrorHandler({ error: (message) => void lines.push(message) }));
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: "Erreur interne du serveur", code: "INTERNAL_SERVER_ERROR" });
      expect(lines).toEqual(["unexpected error on GET /boom"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
