import { commandLineViewer, runImport } from "../../src/import/importer";
import { actionUpsertSpec } from "../../src/import/kinds/actions";
import { upsertBatches, upsertSql } from "../../src/import/upsert";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** A node of `EXPLAIN (ANALYZE, FORMAT JSON)`. */
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** Rows the statement read from `relation`, over every scan of it (rows per loop times loops). */
function rowsRead(node: PlanNode, relation: string): number {
  const own = node["Relation Name"] === relation && /Scan/.test(node["Node Type"])
    ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"]
    : 0;
  return (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), own);
}

const STORED = 3_000;
const BATCH = 1_000;

const actionRow = (i: number) => ({
  line: i + 2, convention_reference: "GRANDE-CTG-52", title: `Action ${i + 1} du grand plan d'actions`, description: null, theme: "YOUTH",
  status: "PLANNED", starts_on: null, ends_on: null, sdsf_axis: null, budget: null,
});

/**
 * Large files into one convention: 100,000 actions into one convention passed the statement timeout,
 * each row of a batch scanning every action of its convention to find its own (convention, title).
 */
describe("a large file into one convention", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    const report = await runImport(db.dataSource.manager, {
      kind: "conventions", fileName: "grande.csv", viewer: commandLineViewer("grande.csv"),
      content: Buffer.from("reference;title;department;holder_type;holder_code\nGRANDE-CTG-52;Grande CTG;52;commune;52448\n"),
    });
    expect(report.status).toBe("applied");
  });
  afterAll(() => db.close());

  it("finds each imported row's stored action by index: rows read grow with the batch, not with batch × stored actions", async () => {
    const present = (column: string) => ["convention_reference", "title", "theme"].includes(column);
    const spec = actionUpsertSpec(present);
    const actor = { subject: "test", role: "ADMIN" };
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      // As in one import: earlier batches written in the same transaction, statistics still those of an empty table.
      const stored = Array.from({ length: STORED }, (_, i) => actionRow(i));
      await upsertBatches(runner.manager, spec, stored, actor, 1_000);
      const batch = Array.from({ length: BATCH }, (_, i) => actionRow(STORED - BATCH / 2 + i));
      const [{ "QUERY PLAN": [plan] }]: Array<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }> = await runner.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${upsertSql(spec)}`, [JSON.stringify(batch), actor.subject, actor.role],
      );
      const read = rowsRead(plan.Plan, "action");
      // Index lookups: about one row per imported row, plus one pass for the convention's last position.
      expect(read).toBeLessThanOrEqual(2 * (STORED + BATCH));
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM action a JOIN convention c ON c.id = a.convention_id WHERE c.reference = 'GRANDE-CTG-52'`);
      expect(n).toBe(STORED + BATCH / 2);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it("imports 20,000 actions into one convention in batches, then finds them all unchanged", async () => {
    const lines = ["convention_reference;title;theme"];
    for (let i = 0; i < 20_000; i++) lines.push(`GRANDE-CTG-52;Action ${i + 1} du grand plan d'actions;YOUTH`);
    const content = Buffer.from(lines.join("\n"));
    const run = () => runImport(db.dataSource.manager, { kind: "actions", fileName: "grand-plan.csv", content, viewer: commandLineViewer("grand-plan.csv"), batchSize: 2_000 });
    const first = await run();
    expect([first.status, first.counts[0]]).toEqual(["applied", expect.objectContaining({ created: 20_000 })]);
    const again = await run();
    expect(again.counts[0]).toEqual(expect.objectContaining({ created: 0, updated: 0, unchanged: 20_000 }));
    const [positions] = await db.dataSource.query(
      `SELECT min(position)::int AS first, max(position)::int AS last, count(DISTINCT position)::int AS distinct FROM action a
       JOIN convention c ON c.id = a.convention_id WHERE c.reference = 'GRANDE-CTG-52'`);
    expect(positions).toEqual({ first: 1, last: 20_000, distinct: 20_000 });
  });
});
