import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { ANONYMOUS, Role, type Viewer } from "../../src/auth/viewer";
import { renderBilan } from "../../src/report/bilan";
import { addActionFollowUp, addGovernance, makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { docxParagraphs, pdfText, tableAfter, xlsxRows } from "../helpers/documents";
import { graphqlClient, nodes, type Conn } from "../helpers/graphql";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The comité de pilotage's bilan (issue 19): the figures read back from the generated PDF, DOCX and XLSX equal
 * the GraphQL answers, and the restricted parts follow the caller's rights.
 */
const TODAY = "2026-06-30";
const YEAR = 2025;
const AS_OF = "2025-12-31";
const SIREN = "200044253"; // CC du Bassin de Joinville en Champagne (52)
const SECRET = "bilan-test-secret-of-at-least-32-characters!";
const staff: Viewer = {
  kind: "user",
  subject: "agent-52",
  role: Role.CAF_AGENT,
  national: false,
  departments: ["52"],
  associationId: null,
};

interface Stats {
  actionStats: Array<{ funder: string | null; year: number | null; totals: string[]; plannedEuros: number; actualEuros: number }>;
  convention: {
    actions: Conn<{ title: string; daysLate: number; status: string }>;
  };
}

describe("the bilan of a convention", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let convention: { id: number; reference: string };
  let partner: number;
  let lateTitle: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    const manager = db.dataSource.manager;
    convention = await makeIntercommunalConvention(manager, SIREN, { actions: 3, partnersPerAction: 1 });
    const actions: Array<{ id: number; title: string; association_id: number }> = await manager.query(
      `SELECT a.id, a.title, p.association_id FROM action a JOIN partnership p ON p.action_id = a.id
       WHERE a.convention_id = $1 ORDER BY a.position`,
      [convention.id],
    );
    for (const action of actions) await addActionFollowUp(manager, action.id, { notedOn: "2025-03-15" });
    // The second action is late at the end of 2025; the first is done.
    await manager.query(`UPDATE action SET ends_on = '2025-09-30', status = 'IN_PROGRESS' WHERE id = $1`, [actions[1].id]);
    await manager.query(`UPDATE action SET ends_on = '2025-06-30', status = 'DONE', progress = 100 WHERE id = $1`, [actions[0].id]);
    lateTitle = actions[1].title;
    partner = actions[2].association_id;
    await addGovernance(manager, convention.id);
    await makeAssociation(manager, "52");
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const scope = (viewer: Viewer) => ({ manager: db.dataSource.manager, viewer, today: TODAY });
  const render = (viewer: Viewer, format: "pdf" | "docx" | "xlsx") =>
    renderBilan(scope(viewer), { kind: "convention", reference: convention.reference }, YEAR, format);

  async function answers(viewer: Viewer): Promise<Stats> {
    const { data, errors } = await api.run<Stats>(
      `query ($reference: String!, $asOf: Date!) {
        actionStats(filter: { convention: $reference, department: "52" }, groupBy: [FUNDER, YEAR], asOf: $asOf) {
          funder year totals plannedEuros actualEuros
        }
        convention(reference: $reference) { actions(first: 100) { edges { node { title status daysLate(asOf: $asOf) } } } }
      }`,
      { reference: convention.reference, asOf: AS_OF },
      viewer,
    );
    expect(errors).toBeUndefined();
    return data as Stats;
  }

  it("holds in its workbook the money, the actions and their lateness the API gives", async () => {
    const { actionStats, convention: graph } = await answers(staff);
    const sheets = await xlsxRows((await render(staff, "xlsx")).body);
    const rows = sheets.get(convention.reference) as unknown[][];
    expect(rows).toBeDefined();
    const money = tableAfter(rows, ["Financeur", "Année", "Prévu", "Réalisé"]);
    const total = actionStats.find((s) => s.totals.length === 2);
    expect(money.at(-1)).toEqual(["Total", "", total?.plannedEuros, total?.actualEuros]);
    const detail = actionStats.filter((s) => s.totals.length === 0);
    expect(money.length - 1).toBe(detail.length);
    expect(
      money
        .slice(0, -1)
        .map((m) => [m[2] ?? null, m[3] ?? null])
        .sort(),
    ).toEqual(detail.map((d) => [d.plannedEuros, d.actualEuros]).sort());

    const actions = tableAfter(rows, ["Rang", "Action", "État", "Priorité", "Échéance", "Jours de retard", "Avancement (%)", "Pilotes"]);
    const expected = nodes(graph.actions);
    expect(actions.map((a) => a[1]).sort()).toEqual(expected.map((a) => a.title).sort());
    // Late first, with the days the API counts.
    expect(actions[0][1]).toBe(lateTitle);
    expect(actions[0][5]).toBe(expected.find((a) => a.title === lateTitle)?.daysLate);
    expect(actions[0][5]).toBe(92);
  });

  it("prints the same figures in the PDF and the DOCX, with a chart", async () => {
    const { actionStats } = await answers(staff);
    const total = actionStats.find((s) => s.totals.length === 2);
    const euros = (n: number) => new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(n);
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
    const pdf = pdfText((await render(staff, "pdf")).body);
    const docx = await docxParagraphs((await render(staff, "docx")).body);
    const docxText = docx.paragraphs.join("\n");
    for (const text of [pdf, docxText]) {
      expect(text).toContain(convention.reference);
      expect(text).toContain(lateTitle);
      expect(text).toContain(plain(euros(total?.plannedEuros ?? -1)));
      expect(text).toContain(plain(euros(total?.actualEuros ?? -1)));
      expect(text).toContain("Plan d'actions 2025 validé");
      expect(text).toContain("Point d'étape : démarrage conforme");
      expect(text).toContain("Difficulté de recrutement (réservé)");
      expect(text).toContain("Familles touchées");
    }
    expect(docx.media.length).toBeGreaterThan(0);
  });

  it("gives a partner its own actions' money only, and an anonymous caller none", async () => {
    const partnerViewer: Viewer = {
      kind: "user",
      subject: "asso",
      role: Role.PARTNER,
      national: false,
      departments: [],
      associationId: partner,
    };
    const rows = (await xlsxRows((await render(partnerViewer, "xlsx")).body)).get(convention.reference) as unknown[][];
    const money = tableAfter(rows, ["Financeur", "Année", "Prévu", "Réalisé"]);
    const [own] = await db.dataSource.query(
      `SELECT round(sum(f.planned), 2)::float8 AS planned FROM action_funding f JOIN partnership p ON p.action_id = f.action_id
       WHERE p.association_id = $1 AND p.role = 'OPERATOR'`,
      [partner],
    );
    expect(money.at(-1)?.[2]).toBe(own.planned);
    const anonymous = pdfText((await render(ANONYMOUS, "pdf")).body);
    expect(anonymous).toContain("Montants réservés");
    expect(anonymous).not.toContain("Difficulté de recrutement (réservé)");
    expect(anonymous).toContain("Point d'étape : démarrage conforme");
  });

  it("gathers a département's conventions in one document", async () => {
    const sheets = await xlsxRows((await renderBilan(scope(staff), { kind: "department", code: "52" }, YEAR, "xlsx")).body);
    expect([...sheets.keys()]).toContain(convention.reference);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM convention WHERE department_code = '52' AND stage <> 'IN_PREPARATION'
         AND (starts_on IS NULL OR starts_on <= '2025-12-31') AND (ends_on IS NULL OR ends_on >= '2025-01-01')`,
    );
    expect(sheets.size).toBe(n + 1);
  });

  describe("over HTTP", () => {
    let hub: ListeningHub;
    beforeAll(async () => {
      hub = await listenHub(db.dataSource, { tokens: tokenConfig({ JWT_SECRET: SECRET }) });
    });
    afterAll(async () => {
      await hub.close();
    });

    it("answers the file, and names what is wrong", async () => {
      const token = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
      const ok = await fetch(`${hub.origin}/reports/bilan/${convention.reference}.pdf?year=${YEAR}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe("application/pdf");
      expect(ok.headers.get("content-disposition")).toContain(`bilan-${YEAR}-${convention.reference}.pdf`);
      expect(pdfText(Buffer.from(await ok.arrayBuffer()))).toContain(lateTitle);
      const cases: Array<[string, number, string]> = [
        [`/reports/bilan/${convention.reference}.odt?year=${YEAR}`, 400, "Format « odt » inconnu"],
        [`/reports/bilan/${convention.reference}.pdf?year=1990`, 400, 'Paramètre "year"'],
        [`/reports/bilan/${convention.reference}.pdf?year=deux`, 400, 'Paramètre "year"'],
        [`/reports/bilan/CTG-INCONNUE.pdf?year=${YEAR}`, 404, "CTG-INCONNUE"],
        [`/reports/bilan/departement/5X.xlsx?year=${YEAR}`, 400, "5X"],
      ];
      for (const [path, status, message] of cases) {
        const response = await fetch(`${hub.origin}${path}`);
        expect([path, response.status]).toEqual([path, status]);
        expect(((await response.json()) as { error: string }).error).toContain(message);
      }
    });
  });
});
