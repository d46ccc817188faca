import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import { buildHubSchema } from "../../src/server/schema";
import { createHubServer, type HubServer, type HubServerOptions } from "../../src/server/app";

/** The hub listening on a free port of 127.0.0.1, as a test talks to it. */
export interface ListeningHub {
  hub: HubServer;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Stops listening, then stops the hub (the data source stays open: it is the test's). */
  close(): Promise<void>;
}

/** Tests provoke errors on purpose: they assert on answers rather than read the hub's error log. */
const QUIET = { error: () => undefined };

export async function listenHub(dataSource: DataSource, options: Partial<HubServerOptions> = {}): Promise<ListeningHub> {
  const hub = await createHubServer(dataSource, await buildHubSchema(), { logger: QUIET, ...options });
  const server = hub.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    hub,
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await hub.stop();
    },
  };
}
