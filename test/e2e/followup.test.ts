import { copyFileSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { buildHubSchema } from "../../src/server/schema";
import { createHubServer, type HubServer } from "../../src/server/app";
import { addActionFollowUp, addGovernance, makeAssociation } from "../helpers/factories";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The follow-up pages of issue 19 in Debian's Chromium: the convention's follow-up (late actions, status by
 * objective, money by year, indicator charts, notes, comités, the pack's links), the département's actions by CTG,
 * the sign-in by pasted token, the progress form with its version check, and the import page's report.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--lang=fr-FR",
];
const SCREENSHOTS = path.join(__dirname, "screenshots");
const README_IMAGE = path.join(__dirname, "..", "..", "docs", "dashboard-convention-followup.png");
const SECRET = "e2e-followup-secret-of-at-least-32-characters";
const DATE = "2025-06-30";
const JOINVILLE = "CTG-52-2023-200044253";
const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
/** Intl writes narrow and plain no-break spaces: compared as plain spaces. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

/** A string expression (the test is compiled without the DOM typings): the elements wider than the window. */
const WIDE_ELEMENTS = `[...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest(".table-wrap"))
  .slice(-5).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className : ""))`;

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe("the follow-up pages in a browser", () => {
  let db: TestDatabase;
  let hub: HubServer;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let agentToken: string;
  let partnerAssociation: number;
  const pageErrors: string[] = [];
  const outside: string[] = [];

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer<T>> {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLAnswer<T>;
  }

  /** Desktop and phone widths; the page must not scroll sideways on a phone. */
  async function screenshots(name: string): Promise<void> {
    await page.waitForTimeout(1200); // the bar charts' drawing animation
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(1200);
    const overflow = Number(await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
    // What sticks out (innermost last), named by tag, id and class: the failure says where to look.
    const wide = overflow > 0 ? await page.evaluate(WIDE_ELEMENTS) : [];
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-390.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect({ overflow: Math.max(overflow, 0), wide }).toEqual({ overflow: 0, wide: [] });
  }

  const actionsOf = async () => {
    const answer = await graphql<{
      convention: {
        actions: { edges: { node: { id: string; title: string; version: number; status: string; progress: number | null } }[] };
      };
    }>(
      `query($r: String!) { convention(reference: $r) { actions(first: 50, orderBy: { field: POSITION }) { edges { node { id title version status progress } } } } }`,
      {
        r: JOINVILLE,
      },
    );
    return answer.data!.convention.actions.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await openTestDatabase();
    const manager = db.dataSource.manager;
    const [{ id: conventionId }] = await manager.query(`SELECT id FROM convention WHERE reference = $1`, [JOINVILLE]);
    const actions: { id: number }[] = await manager.query(`SELECT id FROM action WHERE convention_id = $1 ORDER BY position LIMIT 3`, [
      conventionId,
    ]);
    // The third action is piloted by an association too: its partner token may write that action's follow-up.
    partnerAssociation = await makeAssociation(manager, "52");
    for (const [i, { id }] of actions.entries())
      await addActionFollowUp(manager, id, { notedOn: `2025-0${3 + i}-15`, associationId: i === 2 ? partnerAssociation : undefined });
    // Two late actions (due before the page's date, neither done nor abandoned), the older one first.
    await manager.query(`UPDATE action SET ends_on = '2025-01-31', status = 'IN_PROGRESS', progress = 40 WHERE id = $1`, [actions[0].id]);
    await manager.query(`UPDATE action SET ends_on = '2025-05-31' WHERE id = $1`, [actions[1].id]);
    await addGovernance(manager, conventionId);
    // addGovernance's placeholder (a territory's indicator on the convention, without any value) is a row no writer
    // of the hub accepts: the plan workbook exports it and its import refuses it. Removed so the round trip can apply.
    await manager.query(`DELETE FROM indicator_value WHERE convention_id = $1 AND indicator = 'allocataires' AND value IS NULL`, [
      conventionId,
    ]);
    // The reference case links no action to an objective: two of them are, here, to the first and second objectives.
    await manager.query(
      `UPDATE action a SET objective_id = o.id FROM objective o
       WHERE o.convention_id = $1 AND ((a.id = $2 AND o.position = 1) OR (a.id = $3 AND o.position = 2))`,
      [conventionId, actions[0].id, actions[2].id],
    );
    const tokens = tokenConfig({ JWT_SECRET: SECRET });
    agentToken = await mintToken(SECRET, { subject: "e2e-agent-52", role: Role.CAF_AGENT, departments: ["52"] });
    hub = await createHubServer(db.dataSource, await buildHubSchema(), { logger: { error: () => undefined }, tokens });
    server = hub.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
    await context.route("**/*", (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1" || hostname === "localhost") return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await hub?.stop();
    await db?.close();
  });

  it("shows the follow-up to a visitor: late actions with their days and pilots, statuses, charts, notes, comités; money said reserved", async () => {
    await page.goto(`${base}/conventions/${JOINVILLE}?date=${DATE}`);
    await page.waitForSelector("#late-actions tbody tr");
    const { data } = await graphql<{
      convention: { actions: { edges: { node: { title: string; daysLate: number; pilots: { name: string | null }[] } }[] } };
    }>(
      `query($r: String!, $d: Date!) { convention(reference: $r) { actions(first: 50, filter: { late: true, asOf: $d }) { edges { node { title daysLate(asOf: $d) pilots { name } } } } } }`,
      { r: JOINVILLE, d: DATE },
    );
    const late = data!.convention.actions.edges.map((e) => e.node).sort((a, b) => b.daysLate - a.daysLate);
    expect(late.map((a) => a.daysLate)).toEqual([150, 30]);
    const rows = await page
      .locator("#late-actions tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    expect(rows.map((r) => [r[0], r[3]])).toEqual(late.map((a) => [a.title, String(a.daysLate)]));
    expect(rows[0][4]).toContain(late[0].pilots[0].name);
    // Status by objective: each objective's actions as the API links them, every action counted once.
    const objectives = await graphql<{ convention: { objectives: { title: string; actions: { id: string }[] }[] } }>(
      `query($r: String!) { convention(reference: $r) { objectives { title actions { id } } } }`,
      { r: JOINVILLE },
    );
    const byObjective = await page
      .locator("#status-by-objective tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent ?? "", tr.children[tr.children.length - 1].textContent ?? ""]));
    const linked = objectives.data!.convention.objectives.map((o) => [o.title, String(o.actions.length)]);
    const loose = (await actionsOf()).length - linked.reduce((sum, [, n]) => sum + Number(n), 0);
    expect(byObjective).toEqual(loose > 0 ? [...linked, ["Sans objectif", String(loose)]] : linked);
    expect(linked.some(([, n]) => Number(n) > 0)).toBe(true);
    await expect(page.locator("#followup").innerText()).resolves.not.toMatch(/\bnull\b|undefined|NaN/);
    await expect(page.locator("#money-reserved").innerText()).resolves.toMatch(/réservés aux agents CAF/);
    // One chart per indicator of an action (baseline, target, result), drawn on a canvas.
    await page.waitForSelector('#indicators .chart-box[data-drawn="true"] canvas');
    await expect(page.locator("#indicators figure.chart").count()).resolves.toBe(3);
    await expect(page.locator("#notes-timeline li").count()).resolves.toBe(6);
    // A visitor reads the public notes, and that a reserved one exists.
    await expect(page.locator("#notes-timeline").innerText()).resolves.toContain("Note réservée");
    await expect(page.locator("#meetings").innerText()).resolves.toContain("Comité de pilotage du 10 février 2025");
    // The pack: the bilan of the chosen year in three formats, and the plan workbook.
    await page.selectOption("#bilan-year", "2024");
    const links = await page.locator("#bilan-links a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(["pdf", "docx", "xlsx"].map((f) => `/reports/bilan/${JOINVILLE}.${f}?year=2024`));
    await expect(page.locator('a[href="/reports/plan/CTG-52-2023-200044253.xlsx"]').innerText()).resolves.toBe("Plan d'actions (classeur)");
    const pdf = await fetch(`${base}${links[0]}`);
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    // No form without a writer's token.
    await expect(page.locator("#progress-form").count()).resolves.toBe(0);
  });

  it("signs in with a pasted token, then shows the money by year as the API answers it", async () => {
    await page.click("#sign-in-open");
    await page.fill("#token-input", agentToken);
    await page.press("#token-input", "Enter");
    await page.waitForSelector('#money-chart .chart-box[data-drawn="true"] canvas');
    const { data } = await graphql<{
      actionStats: { year: number | null; totals: string[]; plannedEuros: number; actualEuros: number | null }[];
    }>(
      `query($r: String!) { actionStats(filter: { convention: $r, department: "52" }, groupBy: [YEAR], asOf: "${DATE}") { year totals plannedEuros actualEuros } }`,
      { r: JOINVILLE },
      agentToken,
    );
    const years = data!.actionStats.filter((r) => r.totals.length === 0 && r.year !== null).sort((a, b) => a.year! - b.year!);
    expect(years.map((r) => r.year)).toEqual([2024, 2025]);
    const shown = await page
      .locator("#money-chart-table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    expect(shown.map((r) => r.map(spaces))).toEqual(
      years.map((r) => [
        String(r.year),
        spaces(euros.format(r.plannedEuros)),
        r.actualEuros === null ? "—" : spaces(euros.format(r.actualEuros)),
      ]),
    );
    await expect(page.locator("#money-reserved").count()).resolves.toBe(0);
    await page.waitForSelector("#progress-form");
    await screenshots("convention-followup");
    await page.locator("#followup").screenshot({ path: path.join(SCREENSHOTS, "convention-followup-section-1280.png") });
    mkdirSync(path.dirname(README_IMAGE), { recursive: true });
    copyFileSync(path.join(SCREENSHOTS, "convention-followup-section-1280.png"), README_IMAGE);
  });

  it("updates an action's status and progress from the keyboard, with its version", async () => {
    const [first] = await actionsOf();
    await page.selectOption("#progress-action", first.id);
    await expect(page.inputValue("#progress-version")).resolves.toBe(String(first.version));
    await page.focus("#progress-status");
    await page.selectOption("#progress-status", "DONE");
    await page.fill("#progress-value", "100");
    await page.fill("#progress-note", "Terminée en juin");
    await page.focus("#progress-note");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#progress-message .state--success");
    const [after] = await actionsOf();
    expect(after).toMatchObject({ id: first.id, status: "DONE", progress: 100, version: first.version + 1 });
    await expect(page.inputValue("#progress-version")).resolves.toBe(String(first.version + 1));
    // A progress out of range is refused in the page, in French, before anything is sent.
    await page.fill("#progress-value", "140");
    await page.click("#progress-form button[type=submit]");
    await expect(page.locator("#progress-message").innerText()).resolves.toBe("L'avancement est un nombre entier de 0 à 100.");
    await expect(page.getAttribute("#progress-value", "aria-invalid")).resolves.toBe("true");
  });

  it("shows a stale version as a conflict in French, and saves after the reload it offers", async () => {
    const second = (await actionsOf())[1];
    await page.selectOption("#progress-action", second.id);
    // Someone else saves the same action meanwhile.
    const other = await graphql(
      `mutation($id: ID!, $v: Int!) { updateActionProgress(id: $id, version: $v, input: { progress: 10 }) { version } }`,
      { id: second.id, v: second.version },
      agentToken,
    );
    expect(other.errors).toBeUndefined();
    await page.fill("#progress-value", "55");
    await page.click("#progress-form button[type=submit]");
    const conflict = page.locator("#progress-conflict");
    await conflict.waitFor();
    await expect(conflict.innerText()).resolves.toMatch(/Conflit de version : cette action a été modifiée par quelqu'un d'autre/);
    expect((await actionsOf())[1].progress).toBe(10); // nothing written
    await page.click("#progress-conflict button");
    // The action read again, selected, with its new version; the focus back in the form.
    await page.waitForSelector("#progress-reloaded");
    await expect(page.inputValue("#progress-action")).resolves.toBe(second.id);
    await expect(page.inputValue("#progress-value")).resolves.toBe("10");
    await expect(page.inputValue("#progress-version")).resolves.toBe(String(second.version + 1));
    await expect(page.evaluate("document.activeElement.id")).resolves.toBe("progress-status");
    await page.fill("#progress-value", "55");
    await page.click("#progress-form button[type=submit]");
    await page.waitForSelector("#progress-message .state--success");
    expect((await actionsOf())[1]).toMatchObject({ progress: 55, version: second.version + 2 });
  });

  it("adds a note, records an indicator's result and an actual amount (its stale version a conflict)", async () => {
    const third = (await actionsOf())[2];
    await page.selectOption("#progress-action", third.id);
    await page.waitForSelector("#actual-form");
    // A note, dated the French way.
    await page.fill("#note-date", "20/06/2025");
    await page.fill("#note-text", "Réunion des familles : 14 présentes");
    await page.click("#note-form button[type=submit]");
    const written = page.locator("#write-message p");
    await written.waitFor();
    await expect(written.innerText()).resolves.toBe("Note du 20/06/2025 ajoutée au journal.");
    // A result of the action's indicator for 2025, typed with a decimal comma.
    await page.selectOption("#result-indicator", { label: "Familles touchées 2025 (cible 80 familles)" });
    await page.fill("#result-value", "61,5");
    await page.click("#result-form button[type=submit]");
    await page.waitForSelector("#write-message p:text('Résultat 2025 enregistré')");
    // The actual amount of the 2025 operating line; then a stale version of it.
    const index = await page
      .locator("#actual-line option")
      .evaluateAll((options) => options.findIndex((o) => (o.textContent ?? "").startsWith("2025, fonctionnement")));
    await page.selectOption("#actual-line", { index });
    const version = Number(await page.inputValue("#actual-version"));
    await page.fill("#actual-value", "14 250,50");
    await page.click("#actual-form button[type=submit]");
    await page.waitForSelector("#write-message p:text('Réalisé enregistré')");
    await expect(page.locator("#write-message").innerText()).resolves.toMatch(
      /^Réalisé enregistré : 14[\u00a0\u202f ]251[\u00a0\u202f ]€ \(version \d+\)\.$/,
    );
    const { data } = await graphql<{
      node: {
        notes: { notedOn: string; text: string }[];
        indicatorValues: { year: number; value: number | null }[];
        budgetLines: { year: number | null; kind: string; version: number; actual: number | null }[];
      };
    }>(
      `query($id: ID!) { node(id: $id) { ... on Action { notes { notedOn text } indicatorValues { year value } budgetLines { year kind version actual } } } }`,
      { id: third.id },
      agentToken,
    );
    expect(data!.node.notes[0]).toEqual({ notedOn: "2025-06-20", text: "Réunion des familles : 14 présentes" });
    expect(data!.node.indicatorValues.find((v) => v.year === 2025)?.value).toBe(61.5);
    const line = data!.node.budgetLines.find((l) => l.year === 2025 && l.kind === "OPERATING")!;
    expect(line).toMatchObject({ actual: 14250.5, version: version + 1 });
    // The version the page read before: as if someone else had saved the line meanwhile.
    await page.evaluate(`document.getElementById("actual-version").value = "${version}"`);
    await page.fill("#actual-value", "1");
    await page.click("#actual-form button[type=submit]");
    await page.waitForSelector("#write-message #progress-conflict");
    await expect(page.locator("#write-message #progress-conflict").innerText()).resolves.toMatch(/^Conflit de version/);
    const again = await graphql<{ node: { budgetLines: { year: number | null; kind: string; actual: number | null }[] } }>(
      `query($id: ID!) { node(id: $id) { ... on Action { budgetLines { year kind actual } } } }`,
      { id: third.id },
      agentToken,
    );
    expect(again.data!.node.budgetLines.find((l) => l.year === 2025 && l.kind === "OPERATING")?.actual).toBe(14250.5);
  });

  it("lets a partner write the action it pilots, refuses the others in French, and keeps the money reserved", async () => {
    const token = await mintToken(SECRET, { subject: "e2e-partner", role: Role.PARTNER, association: partnerAssociation });
    const partner = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
    const other = await partner.newPage();
    other.on("pageerror", (error) => pageErrors.push(error.message));
    try {
      await other.goto(`${base}/conventions/${JOINVILLE}?date=${DATE}&token=${token}`);
      await other.waitForSelector("#progress-form");
      await expect(other.locator("#token-status").innerText()).resolves.toMatch(/^Connecté : partenaire/);
      await expect(other.locator("#money-reserved").count()).resolves.toBe(1);
      const [first, , third] = await actionsOf();
      await other.selectOption("#progress-action", third.id);
      await other.fill("#progress-value", "70");
      await other.click("#progress-form button[type=submit]");
      await other.waitForSelector("#progress-message .state--success");
      expect((await actionsOf())[2].progress).toBe(70);
      await other.selectOption("#progress-action", first.id);
      await other.fill("#progress-value", "5");
      await other.click("#progress-form button[type=submit]");
      await other.waitForSelector("#progress-message [role=alert]");
      await expect(other.locator("#progress-message").innerText()).resolves.toMatch(
        /^Modification refusée : votre jeton ne donne pas de droits sur cette action\./,
      );
      expect((await actionsOf())[0].progress).toBe(100);
    } finally {
      await partner.close();
    }
  });

  it("compares the département's actions by CTG, with the money for its agent", async () => {
    await page.goto(`${base}/departements/52?date=${DATE}`);
    await page.waitForSelector('#actions-comparison tbody tr[data-convention="CTG-52-2023-200044253"]');
    const { data } = await graphql<{
      actionStats: { convention: string | null; totals: string[]; actions: number; lateActions: number; plannedEuros: number | null }[];
    }>(
      `{ actionStats(filter: { department: "52" }, groupBy: [CONVENTION], asOf: "${DATE}") { convention totals actions lateActions plannedEuros } }`,
      {},
      agentToken,
    );
    const joinville = data!.actionStats.find((r) => r.convention === JOINVILLE && r.totals.length === 0)!;
    const cells = await page
      .locator(`#actions-comparison tbody tr[data-convention="${JOINVILLE}"] > *`)
      .evaluateAll((tds) => tds.map((td) => td.textContent ?? ""));
    expect(cells.slice(0, 3)).toEqual([JOINVILLE, String(joinville.actions), String(joinville.lateActions)]);
    expect(joinville.lateActions).toBe(1); // the first late action is done now
    expect(spaces(cells[cells.length - 2])).toBe(spaces(euros.format(joinville.plannedEuros!)));
    await page.waitForSelector('#actions-chart .chart-box[data-drawn="true"] canvas');
    await screenshots("departement-actions");
  });

  it("uploads a file and shows its report: counts, notices, then problems by line and column", async () => {
    await page.goto(`${base}/imports`);
    await page.waitForSelector("#import-form");
    await page.selectOption("#import-kind", "facilities");
    // Argentolles (52018) is a former code: the report says it was read as its current commune.
    await page.setInputFiles("#import-file", {
      name: "equipements.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("kind;name;commune\nEAJE;Crèche du suivi;52250\nRPE;Relais d'Argentolles;52018\n"),
    });
    await page.click("#import-form button[type=submit]");
    await page.waitForSelector('#import-report[data-status="applied"]');
    const counts = await page
      .locator("#import-counts tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    expect(counts).toEqual([["équipements", "2", "0", "0"]]);
    const notices = await page
      .locator("#import-notices tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    expect(notices.map((n) => n.slice(0, 3))).toEqual([["3", "commune", "« 52018 »"]]);
    const stored = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM facility WHERE name IN ('Crèche du suivi', 'Relais d''Argentolles')`,
    );
    expect(stored).toEqual([{ n: 2 }]);
    await screenshots("import");
    // A file with a problem: refused as a whole, the problem by line and column.
    await page.setInputFiles("#import-file", {
      name: "equipements.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("kind;name;commune\nEAJE;Crèche bis;52250\nPISCINE;Piscine;52250\n"),
    });
    await page.click("#import-form button[type=submit]");
    await page.waitForSelector('#import-report[data-status="rejected"]');
    const problems = await page
      .locator("#import-problems tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    expect(problems.map((p) => p.slice(0, 3))).toEqual([["3", "kind", "« PISCINE »"]]);
    await expect(page.locator("#import-report").innerText()).resolves.toContain("Import refusé : rien n'a été écrit.");
    // The plan workbook as the convention page offers it, sent back unchanged: one report per sheet, nothing to change.
    const workbook = await fetch(`${base}/reports/plan/${JOINVILLE}.xlsx`, { headers: { authorization: `Bearer ${agentToken}` } });
    expect(workbook.status).toBe(200);
    await page.selectOption("#import-kind", "plan");
    await page.setInputFiles("#import-file", {
      name: `plan-${JOINVILLE}.xlsx`,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await workbook.arrayBuffer()),
    });
    await page.click("#import-form button[type=submit]");
    await page.waitForSelector("#import-report section, #import-refused, #import-report[data-status=rejected]");
    const status = await page.locator("#import-report").getAttribute("data-status");
    // On a refusal, the page's text (each sheet's problems by line and column) is the failure's message.
    const shown = status === "applied" ? "" : await page.locator("#import-result").innerText();
    expect({ status, shown }).toEqual({ status: "applied", shown: "" });
    const sheets = await page
      .locator("#import-report section")
      .evaluateAll((sections) =>
        sections.map((section) => [
          section.getAttribute("data-kind"),
          [...section.querySelectorAll("tbody tr")].map((tr) => [...tr.children].slice(1, 3).map((c) => c.textContent)),
        ]),
      );
    expect(sheets.length).toBeGreaterThan(1);
    for (const [kind, rows] of sheets)
      expect({ kind, changed: (rows as string[][]).filter((r) => r.some((n) => n !== "0")) }).toEqual({ kind, changed: [] });
  });

  it("fetched nothing from outside the machine and raised no script error", () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
