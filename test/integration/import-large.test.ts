import type { EntityManager } from "typeorm";
import { commandLineViewer, runImport } from "../../src/import/importer";
import { ACTION_TABLE } from "../../src/convention/convention.table";
import { writeTableIds } from "../../src/db/table-writer";
import { actionsWrite } from "../../src/import/kinds/actions";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const BATCH = 1_000;
const BATCHES = 8;

const actionRow = (i: number) => ({
  line: i + 2,
  convention_reference: "GRANDE-CTG-52",
  title: `Action ${i + 1} du grand plan d'actions`,
  description: null,
  theme: "YOUTH",
  status: "PLANNED",
  starts_on: null,
  ends_on: null,
  sdsf_axis: null,
  budget: null,
  // The actions kind gives every row its (possibly empty) target publics: the column is NOT NULL.
  target_publics: [],
});

/** Rows this session read from the action table (sequential scans and index fetches), whatever the plans were. */
async function actionRowsRead(manager: EntityManager): Promise<number> {
  const [{ n }]: Array<{ n: string }> = await manager.query(
    `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'action'`,
  );
  return Number(n);
}

/**
 * Large files into one convention: 100,000 actions into one convention passed the statement timeout,
 * each row of a batch scanning every action of its convention to find its own (convention, title).
 */
describe("a large file into one convention", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    const report = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "grande.csv",
      viewer: commandLineViewer("grande.csv"),
      content: Buffer.from("reference;title;department;holder_type;holder_code\nGRANDE-CTG-52;Grande CTG;52;commune;52448\n"),
    });
    expect(report.status).toBe("applied");
  });
  afterAll(() => db.close());

  it("finds each imported row's stored action by index: rows read grow with the rows, not with rows × stored actions", async () => {
    const write = actionsWrite((column) => ["convention_reference", "title", "theme"].includes(column));
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      // As in one import: batch after batch in one transaction, the planner's statistics those of an empty table.
      const before = await actionRowsRead(runner.manager);
      const rows = Array.from({ length: BATCH * BATCHES }, (_, i) => actionRow(i));
      const outcome = await writeTableIds(runner.manager, ACTION_TABLE, write, rows, {
        actor: { subject: "test", role: "ADMIN" },
        batchSize: BATCH,
      });
      expect(outcome.created).toHaveLength(BATCH * BATCHES);
      const read = (await actionRowsRead(runner.manager)) - before;
      // Each batch may read the convention's stored actions once (its last position) and one row per imported row;
      // scanning the convention's actions for every row read 1,000 × 28,000 rows here.
      const storedBeforeEachBatch = (BATCH * BATCHES * (BATCHES - 1)) / 2;
      expect(read).toBeLessThanOrEqual(2 * (storedBeforeEachBatch + BATCH * BATCHES));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it("imports 10,000 actions into one convention in batches, then finds them all unchanged", async () => {
    const lines = ["convention_reference;title;theme"];
    for (let i = 0; i < 10_000; i++) lines.push(`GRANDE-CTG-52;Action ${i + 1} du grand plan d'actions;YOUTH`);
    const content = Buffer.from(lines.join("\n"));
    const run = () =>
      runImport(db.dataSource.manager, {
        kind: "actions",
        fileName: "grand-plan.csv",
        content,
        viewer: commandLineViewer("grand-plan.csv"),
        batchSize: 1_000,
      });
    const first = await run();
    expect([first.status, first.counts[0]]).toEqual(["applied", expect.objectContaining({ created: 10_000 })]);
    const again = await run();
    expect(again.counts[0]).toEqual(expect.objectContaining({ created: 0, updated: 0, unchanged: 10_000 }));
    const [positions] = await db.dataSource.query(
      `SELECT min(position)::int AS first, max(position)::int AS last, count(DISTINCT position)::int AS distinct FROM action a
       JOIN convention c ON c.id = a.convention_id WHERE c.reference = 'GRANDE-CTG-52'`,
    );
    expect(positions).toEqual({ first: 1, last: 10_000, distinct: 10_000 });
  });
});
