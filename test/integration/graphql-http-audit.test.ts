import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auditServer } from "graphql-http";
import { buildHubSchema } from "../../src/graphql/schema";
import { createHubServer, type HubServer } from "../../src/server/app";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The GraphQL-over-HTTP conformance audit of `graphql-http`, against the real server: no error-level finding. */
describe("GraphQL over HTTP conformance", () => {
  let db: TestDatabase;
  let hub: HubServer;
  let server: Server;
  beforeAll(async () => {
    db = await openTestDatabase();
    hub = await createHubServer(db.dataSource, await buildHubSchema(), { logger: { error: () => undefined } });
    server = hub.app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await hub.stop();
    await db.close();
  });

  it("has no error-level finding", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const results = await auditServer({ url, fetchFn: fetch });
    const errors = results.flatMap((result) => (result.status === "error" ? [`${result.id} ${result.name}: ${result.reason}`] : []));
    expect(errors).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
