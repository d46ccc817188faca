import { auditServer } from "graphql-http";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The GraphQL-over-HTTP conformance audit of `graphql-http`, against the real server: no error-level finding. */
describe("GraphQL over HTTP conformance", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  it("has no error-level finding", async () => {
    const url = `${listening.origin}/graphql`;
    const results = await auditServer({ url, fetchFn: fetch });
    const errors = results.flatMap((result) => (result.status === "error" ? [`${result.id} ${result.name}: ${result.reason}`] : []));
    expect(errors).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
