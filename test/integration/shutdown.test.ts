import { shutDown } from "../../src/server/shutdown";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const QUERY = `{ convention(reference: "CTG-52-2023-200044253") { reference title } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What SIGTERM/SIGINT run (src/main.ts): a request in flight finishes, a new one is refused, the pool closes last. */
describe("graceful shutdown", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  let base: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
    base = `${listening.origin}/graphql`;
  });
  afterAll(() => db.close());

  const post = () =>
    fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) });

  it("finishes the request in flight, refuses new ones, then closes the database", async () => {
    // The request is held in flight by a lock on the table it reads, released after the shutdown has begun.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holder!: Promise<void>;
    const locked = new Promise<void>((lockTaken) => {
      holder = db.dataSource.transaction(async (tx) => {
        await tx.query(`LOCK TABLE convention IN ACCESS EXCLUSIVE MODE`);
        lockTaken();
        await released;
      });
    });
    await locked;
    const inFlight = post();
    await sleep(100);

    const stopped = shutDown(listening.server, listening.hub, db.dataSource, 5_000);
    await sleep(100);
    const refused = await post().then(
      () => "answered",
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");
    expect(db.dataSource.isInitialized).toBe(true);

    release();
    await holder;
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { convention: { reference: "CTG-52-2023-200044253", title: expect.stringContaining("Joinville") } },
    });
    await stopped;
    expect(db.dataSource.isInitialized).toBe(false);
  });
});
