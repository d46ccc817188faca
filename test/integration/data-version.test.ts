import { readDataVersion } from "../../src/db/data-version";
import { markWriteScoped } from "../../src/auth/write-scope";
import { inDataTransaction, inWriteTransaction } from "../../src/db/write";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The data version keys every cached answer: it moves on when a transaction wrote a row, and only then.
 * A file that changes nothing must not empty every cache.
 */
describe("data version", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  const version = () => readDataVersion(db.dataSource.manager);
  const run = (kind: ImportKindName, text: string, dryRun = false) =>
    runImport(db.dataSource.manager, {
      kind,
      fileName: `${kind}.csv`,
      content: Buffer.from(text, "utf8"),
      viewer: commandLineViewer(`${kind}.csv`),
      dryRun,
    });

  /** The version moves by `expected` (0 or 1) across `work`. */
  const expectBump = async (expected: 0 | 1, work: () => Promise<unknown>) => {
    const [instance, before] = (await version()).split(":");
    await work();
    expect(await version()).toBe(`${instance}:${Number(before) + expected}`);
  };

  const FACILITIES = "kind;name;commune\nEAJE;Crèche du test de version;52121\nRPE;Relais du test de version;52448\n";

  it("an import that creates rows moves it on once", async () => {
    await expectBump(1, async () =>
      expect((await run("facilities", FACILITIES)).counts[0]).toEqual(expect.objectContaining({ created: 2 })),
    );
  });

  it("a header-only file, a re-imported unchanged file, a dry run and a refused file leave it", async () => {
    await expectBump(0, async () => expect((await run("facilities", "kind;name;commune\n")).status).toBe("applied"));
    await expectBump(0, async () =>
      expect((await run("facilities", FACILITIES)).counts[0]).toEqual(expect.objectContaining({ unchanged: 2 })),
    );
    await expectBump(0, async () =>
      expect((await run("facilities", `${FACILITIES}LAEP;Nouveau lieu;52121\n`, true)).status).toBe("dry-run"),
    );
    await expectBump(0, async () => expect((await run("facilities", "kind;name;commune\nEAJE;Crèche;99999\n")).status).toBe("rejected"));
  });

  it("an import that changes one row moves it on", async () => {
    await expectBump(1, async () => {
      const report = await run("facilities", "kind;name;commune;capacity\nEAJE;Crèche du test de version;52121;24\n");
      expect(report.counts[0]).toEqual(expect.objectContaining({ updated: 1 }));
    });
  });

  it("any data transaction that wrote no row leaves it, even right after one that wrote (statistics not yet flushed)", async () => {
    const manager = db.dataSource.manager;
    await expectBump(1, () =>
      inDataTransaction(manager, (tx) => tx.query(`UPDATE facility SET capacity = 25 WHERE name = 'Crèche du test de version'`)),
    );
    await expectBump(0, () => inDataTransaction(manager, (tx) => tx.query(`SELECT count(*) FROM facility`)));
    await expectBump(0, () => inDataTransaction(manager, (tx) => tx.query(`UPDATE facility SET capacity = 1 WHERE false`)));
    // ON CONFLICT … DO UPDATE … WHERE false locks the conflicting row without changing it.
    await expectBump(0, () =>
      inDataTransaction(manager, (tx) =>
        tx.query(
          `INSERT INTO convention SELECT * FROM convention ORDER BY id LIMIT 1 ON CONFLICT (id) DO UPDATE SET title = excluded.title WHERE false`,
        ),
      ),
    );
    // A caller's write asks the write scope (src/auth/write-scope.ts); the test marks it as asked.
    await expectBump(0, () =>
      inWriteTransaction(manager, commandLineViewer("lecture"), (tx) => {
        markWriteScoped(tx);
        return tx.query(`SELECT 1`);
      }),
    );
    await expectBump(1, () =>
      inWriteTransaction(manager, commandLineViewer("suppression"), (tx) => {
        markWriteScoped(tx);
        return tx.query(`DELETE FROM facility WHERE name = 'Relais du test de version'`);
      }),
    );
  });
});
