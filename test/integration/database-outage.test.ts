import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/server/database";
import { buildHubSchema } from "../../src/server/schema";
import { createHubServer, type HubServer } from "../../src/server/app";
import { PrivatePostgres } from "../helpers/private-postgres";

/**
 * The database going away and coming back: requests during the outage get SERVICE_UNAVAILABLE,
 * the process survives the pool's idle-client errors, and service resumes by itself.
 * (The embedded database lives in the process: it cannot go away without the hub.)
 */
const withPrivateServer = process.env.TEST_DATABASE_URL && PrivatePostgres.available() ? describe : describe.skip;

withPrivateServer("database outage", () => {
  let cluster: PrivatePostgres;
  let dataSource: DataSource;
  let hub: HubServer;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    cluster = PrivatePostgres.create(55432 + (process.pid % 1000));
    dataSource = await createDataSource(
      {
        kind: "postgres",
        url: cluster.url,
        poolSize: 4,
        timeouts: { connectMs: 1_000, statementMs: 5_000, lockMs: 1_000, idleInTransactionMs: 5_000 },
      },
      { logErrors: false },
    ).initialize();
    await dataSource.runMigrations({ transaction: "each" });
    hub = await createHubServer(dataSource, await buildHubSchema(), { logger: { error: () => undefined } });
    server = hub.app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await hub.stop();
    await dataSource.destroy().catch(() => undefined);
    cluster.destroy();
  });

  const ask = async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ sources { code } }" }),
    });
    return (await response.json()) as { data?: { sources: unknown[] } | null; errors?: Array<{ extensions?: { code?: string } }> };
  };

  it("answers SERVICE_UNAVAILABLE during the outage and recovers when the database is back", async () => {
    expect((await ask()).data).toEqual({ sources: [] });
    // Several requests so the pool holds idle clients that the shutdown will kill.
    await Promise.all([ask(), ask(), ask()]);

    cluster.stop();
    const during = await Promise.all([ask(), ask()]);
    for (const answer of during) expect(answer.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");

    cluster.start();
    let recovered = false;
    for (let attempt = 0; attempt < 20 && !recovered; attempt++) {
      recovered = (await ask()).data !== undefined && (await ask()).errors === undefined;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
  }, 60_000);
});
