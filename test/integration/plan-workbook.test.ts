import ExcelJS from "exceljs";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { ANONYMOUS, Role, type Viewer } from "../../src/auth/viewer";
import { importPlanWorkbook } from "../../src/import/plan-workbook";
import type { ImportReport } from "../../src/import/report";
import { renderPlanWorkbook } from "../../src/report/plan.export";
import { addActionFollowUp, addGovernance, makeIntercommunalConvention } from "../helpers/factories";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The plan of actions as a workbook, both ways (issue 19): exported with fixed columns and lists in the cells, the same
 * workbook imports back changing nothing; an edited one creates and updates all or nothing, with the row and column of
 * each problem; actions are removed only when asked.
 */
const SIREN = "200044253"; // CC du Bassin de Joinville en Champagne (52)
const SECRET = "plan-workbook-test-secret-of-32-characters!!";
const agent: Viewer = {
  kind: "user",
  subject: "agent-52",
  role: Role.CAF_AGENT,
  national: false,
  departments: ["52"],
  associationId: null,
};

const changed = (reports: ImportReport[]) =>
  reports.flatMap((r) => r.counts).reduce((sum, c) => sum + c.created + c.updated + (c.deleted ?? 0), 0);

async function load(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}
const save = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

describe("the plan workbook", () => {
  let db: TestDatabase;
  let convention: { id: number; reference: string };
  const digest = async () =>
    (
      await db.dataSource.query(`SELECT md5(string_agg(row(a.*)::text, '|' ORDER BY a.id)) AS d FROM action a WHERE a.convention_id = $1`, [
        convention.id,
      ])
    )[0].d as string;

  beforeAll(async () => {
    db = await openTestDatabase();
    const manager = db.dataSource.manager;
    convention = await makeIntercommunalConvention(manager, SIREN, { actions: 3, partnersPerAction: 1 });
    await manager.query(`INSERT INTO objective (convention_id, position, title) VALUES ($1, 1, 'Soutenir la parentalité')`, [
      convention.id,
    ]);
    await manager.query(
      `UPDATE action SET objective_id = (SELECT id FROM objective WHERE convention_id = $1), priority = 'HIGH',
         target_publics = '{FAMILIES,PARENTS}', starts_on = '2024-01-01', ends_on = '2026-12-31', budget = 1250.5,
         description = 'Ateliers « parents-enfants » ; 2 séances/mois', elected_referent_name = 'Mme Martin'
       WHERE convention_id = $1 AND position = 1`,
      [convention.id],
    );
    const [first, second]: Array<{ id: number }> = await manager.query(
      "SELECT id FROM action WHERE convention_id = $1 ORDER BY position LIMIT 2",
      [convention.id],
    );
    await addActionFollowUp(manager, first.id);
    await addActionFollowUp(manager, second.id, { funderCommune: "52250" });
    // A territory's figure filed on the convention (allocataires): not a plan indicator, left out of the workbook.
    await addGovernance(manager, convention.id);
    await manager.query(
      `UPDATE action SET parent_action_id = (SELECT id FROM action WHERE convention_id = $1 AND position = 1) WHERE convention_id = $1 AND position = 3`,
      [convention.id],
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const exported = async () =>
    (await renderPlanWorkbook({ manager: db.dataSource.manager, viewer: agent, today: "2026-06-30" }, convention.reference)).body;
  const importBack = (content: Buffer, replace = false) =>
    importPlanWorkbook(db.dataSource.manager, { fileName: "plan.xlsx", content, viewer: agent, replace });

  it("imports back unchanged: nothing created, updated or removed", async () => {
    const before = await digest();
    const reports = await importBack(await exported());
    expect(reports.map((r) => [r.kind, r.status, r.problems])).toEqual(
      ["objectives", "actions", "pilots", "budget_lines", "fundings", "indicators"].map((kind) => [kind, "applied", []]),
    );
    // Every follow-up row went through the workbook and back.
    expect(reports.find((r) => r.kind === "fundings")?.counts.find((c) => c.table === "action_funding")?.unchanged).toBe(6);
    expect(reports.flatMap((r) => r.counts).filter((c) => c.created + c.updated + (c.deleted ?? 0) > 0)).toEqual([]);
    expect(await digest()).toBe(before);
  });

  it("takes back a reference case's plan unchanged (Joinville: objectives, actions, its territory's figures left out)", async () => {
    const reference = "CTG-52-2023-200044253";
    const body = (await renderPlanWorkbook({ manager: db.dataSource.manager, viewer: agent, today: "2026-06-30" }, reference)).body;
    const reports = await importBack(body);
    expect(reports.map((r) => [r.kind, r.status, r.problems])).toEqual(
      ["objectives", "actions", "pilots", "budget_lines", "fundings", "indicators"].map((kind) => [kind, "applied", []]),
    );
    expect(changed(reports)).toBe(0);
    const counts = Object.fromEntries(reports.map((r) => [r.kind, r.counts.reduce((sum, c) => sum + c.unchanged, 0)]));
    expect(counts).toMatchObject({ objectives: 4, actions: 7 });
  });

  it("writes French labels, with the enumerations as lists in the cells", async () => {
    const workbook = await load(await exported());
    const actions = workbook.getWorksheet("Actions") as ExcelJS.Worksheet;
    const header = (actions.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(actions.getCell(2, col("status")).value).toBe("En cours");
    expect(actions.getCell(2, col("priority")).value).toBe("Élevée");
    expect(actions.getCell(2, col("target_publics")).value).toBe("Familles | Parents");
    expect(actions.getCell(4, col("parent_position")).value).toBe(1);
    expect(actions.getCell(2, col("status")).dataValidation).toMatchObject({ type: "list", formulae: [expect.stringMatching(/^Listes!/)] });
    expect(actions.getCell(50, col("theme")).dataValidation).toMatchObject({ type: "list" });
  });

  it("refuses an edited workbook with a bad cell by row and column, and writes nothing", async () => {
    const before = await digest();
    const workbook = await load(await exported());
    const actions = workbook.getWorksheet("Actions") as ExcelJS.Worksheet;
    const header = (actions.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    actions.getCell(2, col("status")).value = "Réalisée";
    actions.getCell(3, col("ends_on")).value = "31/02/2026";
    const reports = await importBack(await save(workbook));
    const actionReport = reports.find((r) => r.kind === "actions");
    expect(actionReport?.status).toBe("rejected");
    expect(actionReport?.problems).toEqual([{ line: 3, column: "ends_on", value: "31/02/2026", reason: expect.any(String) }]);
    expect(await digest()).toBe(before);
  });

  it("creates and updates from an edited workbook, sub-actions included, and removes only when asked", async () => {
    const workbook = await load(await exported());
    const actions = workbook.getWorksheet("Actions") as ExcelJS.Worksheet;
    const header = (actions.getRow(1).values as unknown[]).slice(1) as string[];
    actions.getCell(2, header.indexOf("status") + 1).value = "Réalisée";
    const added: Record<string, unknown> = {
      convention_reference: convention.reference,
      position: 4,
      parent_position: 2,
      title: "Nouvelle sous-action",
      theme: "Jeunesse",
      status: "Prévue",
      priority: "Basse",
    };
    actions.addRow(header.map((h) => added[h] ?? null));
    const reports = await importBack(await save(workbook));
    const counts = reports.find((r) => r.kind === "actions")?.counts.find((c) => c.table === "action");
    expect([counts?.created, counts?.updated]).toEqual([1, 1]);
    const rows = await db.dataSource.query(
      `SELECT a.position, a.status::text, a.priority::text, p.position AS parent FROM action a LEFT JOIN action p ON p.id = a.parent_action_id
       WHERE a.convention_id = $1 ORDER BY a.position`,
      [convention.id],
    );
    expect(rows.map((r: { position: number; status: string; parent: number | null }) => [r.position, r.status, r.parent])).toEqual([
      [1, "DONE", null],
      [2, "IN_PROGRESS", null],
      [3, "IN_PROGRESS", 1],
      [4, "PLANNED", 2],
    ]);

    // Row 5 (sub-action 4) deleted from the sheet: left alone, then removed when asked.
    const again = await load(await exported());
    const sheet = again.getWorksheet("Actions") as ExcelJS.Worksheet;
    sheet.spliceRows(5, 1);
    expect(changed(await importBack(await save(again)))).toBe(0);
    const replaced = await importBack(await save(again), true);
    expect(replaced.find((r) => r.kind === "actions")?.counts.find((c) => c.table === "action")?.deleted).toBe(1);
    const [{ n }] = await db.dataSource.query("SELECT count(*)::int AS n FROM action WHERE convention_id = $1", [convention.id]);
    expect(n).toBe(3);
  });

  describe("over HTTP", () => {
    let hub: ListeningHub;
    beforeAll(async () => {
      hub = await listenHub(db.dataSource, { tokens: tokenConfig({ JWT_SECRET: SECRET }) });
    });
    afterAll(async () => {
      await hub.close();
    });

    it("serves the workbook to the département's staff and takes it back", async () => {
      const token = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
      const auth = { authorization: `Bearer ${token}` };
      const refused = await fetch(`${hub.origin}/reports/plan/${convention.reference}.xlsx`);
      expect(refused.status).toBe(403);
      const response = await fetch(`${hub.origin}/reports/plan/${convention.reference}.xlsx`, { headers: auth });
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      const posted = await fetch(`${hub.origin}/import/plan?dryRun=true`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        body,
      });
      expect(posted.status).toBe(200);
      const answer = (await posted.json()) as { status: string; reports: Array<{ kind: string }>; summary: string };
      expect(answer.status).toBe("dry-run");
      expect(answer.summary).toContain("Rien à changer");
      const garbage = await fetch(`${hub.origin}/import/plan`, { method: "POST", headers: auth, body: "pas un classeur" });
      expect(garbage.status).toBe(400);
      expect(((await garbage.json()) as { error: string }).error).toContain("Classeur illisible");
    });
  });

  it("is refused to a reader without the budgets' rights", async () => {
    await expect(
      renderPlanWorkbook({ manager: db.dataSource.manager, viewer: ANONYMOUS, today: "2026-06-30" }, convention.reference),
    ).rejects.toThrow(/réservé/);
  });
});
