import type { DataSource } from "typeorm";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { responseCacheConfig } from "../../src/config";
import { createDataSource } from "../../src/server/database";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, testServerUrl, type TestDatabase } from "../helpers/test-database";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const JOINVILLE = "CTG-52-2023-200044253";
const READ = `query($r: String!) { convention(reference: $r) { id version title } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $notes: String!) {
  updateConvention(id: $id, version: $v, input: { internalNotes: $notes }) { version title internalNotes }
}`;

// Replicas exist only for PostgreSQL; the "replica" here is a second database, told apart by a title
// changed in it alone, so the test sees which server answered each read.
const onPostgres = testServerUrl() ? describe : describe.skip;

onPostgres("read replicas (DATABASE_REPLICA_URLS)", () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let routed: DataSource;
  let listening: ListeningHub;
  let base: string;
  beforeAll(async () => {
    primary = await openTestDatabase();
    replica = await openTestDatabase();
    await replica.dataSource.query(`UPDATE convention SET title = 'Lu sur la réplique' WHERE reference = $1`, [JOINVILLE]);
    if (primary.config.kind !== "postgres" || replica.config.kind !== "postgres") throw new Error("PostgreSQL only");
    routed = await createDataSource({ ...primary.config, replicaUrls: [replica.config.url] }, { logErrors: false }).initialize();
    listening = await listenHub(routed, {
      tokens: tokenConfig({ JWT_SECRET: SECRET }),
      cache: { ...responseCacheConfig({}), enabled: false },
    });
    base = `${listening.origin}/graphql`;
  });
  afterAll(async () => {
    await listening.close();
    await routed.destroy();
    await replica.close();
    await primary.close();
  });

  const post = async <T>(query: string, variables: Record<string, unknown>, token?: string) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(base, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: T; errors?: unknown[] };
  };

  it("reads a query operation from the replica", async () => {
    const { data, errors } = await post<{ convention: { title: string } }>(READ, { r: JOINVILLE });
    expect(errors).toBeUndefined();
    expect(data?.convention.title).toBe("Lu sur la réplique");
  });

  it("writes a mutation, and reads its payload, on the primary only", async () => {
    const token = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
    const [{ id, version }] = await primary.dataSource.query(`SELECT id, version FROM convention WHERE reference = $1`, [JOINVILLE]);
    const { data, errors } = await post<{ updateConvention: { version: number; title: string; internalNotes: string } }>(
      UPDATE,
      { id: String(id), v: version, notes: "Écrit sur le primaire" },
      token,
    );
    expect(errors).toBeUndefined();
    expect(data?.updateConvention).toEqual({
      version: version + 1,
      title: expect.not.stringContaining("réplique"),
      internalNotes: "Écrit sur le primaire",
    });
    const notesOn = async (db: TestDatabase) =>
      (await db.dataSource.query(`SELECT internal_notes FROM convention WHERE reference = $1`, [JOINVILLE]))[0].internal_notes;
    expect(await notesOn(primary)).toBe("Écrit sur le primaire");
    expect(await notesOn(replica)).not.toBe("Écrit sur le primaire");
  });
});
