import { auditServer } from "graphql-http";
import { responseCacheConfig } from "../../src/config";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The GraphQL-over-HTTP conformance audit of `graphql-http`, against the real server: no error and no warning,
 * with the response cache on (Apollo's pipeline answers every request) and off (the compiled-read route answers
 * the reads it can once Apollo has validated their document — the audit repeats `{ __typename }`, so the route answers
 * from its second time — and Apollo the rest). Notices (GET without a preflight header, refused by CSRF prevention) remain.
 */
describe.each([
  ["on", true],
  ["off", false],
])("GraphQL over HTTP conformance (response cache %s)", (_label, enabled) => {
  let db: TestDatabase;
  let listening: ListeningHub;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource, { cache: { ...responseCacheConfig({}), enabled }, compiledReads: true });
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  it("has no error and no warning", async () => {
    const url = `${listening.origin}/graphql`;
    const results = await auditServer({ url, fetchFn: fetch });
    const findings = results.flatMap((result) =>
      result.status === "error" || result.status === "warn" ? [`${result.status} ${result.id} ${result.name}: ${result.reason}`] : [],
    );
    expect(findings).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
