import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { mintToken, tokenConfig, type TokenConfig } from "../../src/auth/tokens";
import { ANONYMOUS, Role, type Viewer } from "../../src/auth/viewer";
import { THEME_LABELS, Theme } from "../../src/common/theme";
import { parseExportRequest, runExport } from "../../src/export/export.service";
import { buildHubSchema } from "../../src/server/schema";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import { createHubServer, type HubServer } from "../../src/server/app";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const AS_OF = "2025-06-30";
const SECRET = "export-test-secret-of-at-least-32-characters";

interface Comparison {
  level: string;
  code: string;
  name: string;
  spansSeveralDepartments: boolean;
  population: number;
  communeCount: number;
  coveredCommuneCount: number;
  coveredPopulationShare: number;
  coverageStatus: string;
  nextExpiry: string | null;
  actionCount: number;
  activeConventionCount: number;
  impreciseConventionCount: number;
  actionsByTheme: Array<{ theme: string; count: number }>;
  actionsByStatus: Array<{ status: string; count: number }>;
  partnerCount: number;
  facilitiesByKind: Array<{ kind: string; count: number; capacity: number }>;
  conventions: Array<{ reference: string }>;
}

interface ExportJson {
  report: string;
  columns: Array<{ key: string; header: string; type: string }>;
  rows: Array<Record<string, unknown>>;
}

/** Exports are checked against the GraphQL answers to the same question, on data loaded by the example imports. */
describe("exports", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    for (const kind of ["sdsf", "conventions", "associations", "actions", "facilities", "indicators"] as ImportKindName[]) {
      const file = `examples/${kind}.csv`;
      const report = await runImport(db.dataSource.manager, {
        kind,
        fileName: file,
        content: readFileSync(path.join(__dirname, "../..", file)),
        viewer: commandLineViewer(file),
      });
      expect(report.status).toBe("applied");
    }
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const exported = async (
    report: string,
    format: string,
    extra: Record<string, string | boolean> = {},
    viewer: Viewer = commandLineViewer("export-test"),
  ) => {
    const request = parseExportRequest({ report, format, department: "52", asOf: AS_OF, ...extra }, AS_OF);
    return runExport({ manager: db.dataSource.manager, viewer, today: "2026-01-01" }, request);
  };
  const exportedJson = async (report: string, extra: Record<string, string> = {}) =>
    JSON.parse((await exported(report, "json", extra)).body.toString("utf8")) as ExportJson;
  /** CSV rows as objects keyed by the French headers, after checking the BOM. */
  const exportedCsv = async (report: string, extra: Record<string, string | boolean> = {}) => {
    const body = (await exported(report, "csv", extra)).body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(body.toString("utf8").slice(1), { delimiter: ";" });
    const [header, ...rows] = records;
    return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
  };
  const query = async <T>(text: string, variables: Record<string, unknown>): Promise<T> => {
    const { data, errors } = await api.run<T>(text, variables);
    expect(errors).toBeUndefined();
    return data as T;
  };

  const compareQuery = (level: string) =>
    query<{ compareTerritories: Comparison[] }>(
      `query ($d: String!, $l: TerritoryLevel!, $a: Date) { compareTerritories(department: $d, level: $l, asOf: $a) {
      level code name spansSeveralDepartments population communeCount coveredCommuneCount coveredPopulationShare coverageStatus
      nextExpiry activeConventionCount impreciseConventionCount actionCount actionsByTheme { theme count } actionsByStatus { status count } partnerCount
      facilitiesByKind { kind count capacity } conventions { reference } } }`,
      { d: "52", l: level, a: AS_OF },
    ).then((data) => data.compareTerritories);

  it.each(["INTERCOMMUNALITY", "COMMUNE"])("compare (%s) as JSON equals compareTerritories", async (level) => {
    const expected = await compareQuery(level);
    const json = await exportedJson("compare", { level });
    expect(json.rows).toHaveLength(expected.length);
    json.rows.forEach((row, i) => {
      const t = expected[i];
      expect(row).toMatchObject({
        level: t.level,
        code: t.code,
        name: t.name,
        spansSeveralDepartments: t.spansSeveralDepartments,
        population: t.population,
        communeCount: t.communeCount,
        coveredCommuneCount: t.coveredCommuneCount,
        coveredPopulationShare: t.coveredPopulationShare,
        coverageStatus: t.coverageStatus,
        nextExpiry: t.nextExpiry,
        actionCount: t.actionCount,
        partnerCount: t.partnerCount,
        activeConventionCount: t.activeConventionCount,
        impreciseConventionCount: t.impreciseConventionCount,
        conventions: t.conventions
          .map((c) => c.reference)
          .sort()
          .join(" | "),
      });
      for (const { theme, count } of t.actionsByTheme) expect(row[`actionsByTheme.${theme}`]).toBe(count);
      for (const { status, count } of t.actionsByStatus) expect(row[`actionsByStatus.${status}`]).toBe(count);
      for (const { kind, count, capacity } of t.facilitiesByKind) {
        expect([row[`facilitiesByKind.${kind}.count`], row[`facilitiesByKind.${kind}.capacity`]]).toEqual([count, capacity]);
      }
    });
    // The example data make the figures non-trivial: actions, partners and facilities of the CA de Chaumont.
    if (level === "INTERCOMMUNALITY") {
      expect(json.rows.find((r) => r.code === "200068658")).toMatchObject({
        actionCount: 3,
        partnerCount: 1,
        "facilitiesByKind.EAJE.capacity": 30,
      });
    }
  });

  it("compare keeps the money columns for staff of the département, as compareTerritories restricts them", async () => {
    const admin = commandLineViewer("export-test");
    const { data, errors } = await api.run<{ compareTerritories: Array<Record<string, unknown>> }>(
      `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "${AS_OF}") { code lateActionCount plannedEuros actualEuros } }`,
      {},
      admin,
    );
    expect(errors).toBeUndefined();
    const json = await exportedJson("compare", { level: "INTERCOMMUNALITY" });
    expect(json.columns.filter((c) => c.type === "euros").map((c) => c.key)).toEqual(["plannedEuros", "actualEuros"]);
    expect(
      json.rows.map((r) => ({
        code: r.code,
        lateActionCount: r.lateActionCount,
        plannedEuros: r.plannedEuros,
        actualEuros: r.actualEuros,
      })),
    ).toEqual(data!.compareTerritories);
    for (const viewer of [ANONYMOUS, { ...admin, role: Role.ANALYST, national: false, departments: ["10"] }]) {
      const outside = JSON.parse(
        (await exported("compare", "json", { level: "INTERCOMMUNALITY" }, viewer)).body.toString("utf8"),
      ) as ExportJson;
      expect(outside.columns.map((c) => c.key)).not.toContain("plannedEuros");
      expect(outside.columns.map((c) => c.key)).toContain("lateActionCount");
      expect(Object.keys(outside.rows[0])).not.toContain("actualEuros");
    }
  });

  it("compare as CSV: BOM, `;`, French headers, the same numbers (decimal comma on request)", async () => {
    const expected = await compareQuery("INTERCOMMUNALITY");
    for (const decimalComma of [false, true]) {
      const rows = await exportedCsv("compare", { level: "INTERCOMMUNALITY", decimalComma });
      expect(rows).toHaveLength(expected.length);
      rows.forEach((row, i) => {
        const t = expected[i];
        const share = row["Part de la population couverte"];
        expect(share.includes(decimalComma ? "." : ",")).toBe(false);
        expect(Number(share.replace(",", "."))).toBe(t.coveredPopulationShare);
        expect([row.Code, Number(row.Population), Number(row.Actions), Number(row["Associations partenaires"])]).toEqual([
          t.code,
          t.population,
          t.actionCount,
          t.partnerCount,
        ]);
        expect(Number(row[`Actions : ${THEME_LABELS[Theme.YOUTH]}`])).toBe(t.actionsByTheme.find((x) => x.theme === "YOUTH")?.count ?? 0);
        expect(row["Déborde sur d'autres départements"]).toBe(t.spansSeveralDepartments ? "oui" : "non");
      });
    }
  });

  it("coverage as JSON and CSV equals departmentCoverage and its byIntercommunality", async () => {
    const { departmentCoverage: d } = await query<{
      departmentCoverage: Record<string, unknown> & { byIntercommunality: Array<Record<string, unknown>> };
    }>(
      `query ($d: String!, $a: Date) { departmentCoverage(code: $d, asOf: $a) {
        departmentCode departmentName communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare
        allocataires coveredAllocataires coveredAllocatairesShare communesWithAllocataires communesWithIntercommunalityAllocataires
        allocatairesPopulationShare activeConventionCount impreciseConventionCount
        byIntercommunality { siren name spansSeveralDepartments communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare } } }`,
      { d: "52", a: AS_OF },
    );
    const json = await exportedJson("coverage");
    const { byIntercommunality, departmentCode, departmentName, ...figures } = d;
    expect(json.rows.slice(0, -1)).toEqual(
      byIntercommunality.map(({ siren, ...epci }) => ({
        level: "INTERCOMMUNALITY",
        code: siren,
        ...epci,
        allocataires: null,
        coveredAllocataires: null,
        coveredAllocatairesShare: null,
        communesWithAllocataires: null,
        communesWithIntercommunalityAllocataires: null,
        allocatairesPopulationShare: null,
        activeConventionCount: null,
        impreciseConventionCount: null,
      })),
    );
    expect(json.rows.at(-1)).toEqual({
      level: "DEPARTMENT",
      code: departmentCode,
      name: departmentName,
      spansSeveralDepartments: null,
      ...figures,
    });
    // The example indicators give Haute-Marne allocataires: the figure is there, and equal. Four communes have their own
    // value; the Joinville EPCI's 2,246 (reference case) count for its 59 communes, none of which has one; the CA de
    // Chaumont's 8,960 do not, Chaumont having its own (no double count).
    expect(figures.allocataires).toBe(4812 + 6035 + 1527 + 702 + 2246);
    expect([figures.communesWithAllocataires, figures.communesWithIntercommunalityAllocataires]).toEqual([4 + 59, 59]);

    const csv = await exportedCsv("coverage", { decimalComma: true });
    const total = csv.at(-1) as Record<string, string>;
    expect([
      total.Maille,
      total.Code,
      Number(total.Allocataires),
      Number(total["Part des allocataires couverts"].replace(",", ".")),
    ]).toEqual(["Département", "52", figures.allocataires, figures.coveredAllocatairesShare]);
  });

  it("theme-matrix as JSON and CSV equals themeMatrix", async () => {
    const { themeMatrix: m } = await query<{
      themeMatrix: { themes: string[]; rows: Array<{ code: string; name: string; counts: number[]; total: number }>; totals: number[] };
    }>(`query ($d: String!, $a: Date) { themeMatrix(department: $d, asOf: $a) { themes rows { code name counts total } totals } }`, {
      d: "52",
      a: AS_OF,
    });
    const json = await exportedJson("theme-matrix");
    const asRow = (code: string | null, name: string, counts: number[], total: number) => ({
      code,
      name,
      total,
      ...Object.fromEntries(m.themes.map((theme, i) => [`counts.${theme}`, counts[i]])),
    });
    expect(json.rows).toEqual([
      ...m.rows.map((r) => asRow(r.code, r.name, r.counts, r.total)),
      asRow(
        null,
        "Total",
        m.totals,
        m.totals.reduce((a, b) => a + b, 0),
      ),
    ]);
    expect(m.totals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const csv = await exportedCsv("theme-matrix");
    expect(csv.map((r) => [r.Code, Number(r[THEME_LABELS[Theme.EARLY_CHILDHOOD]]), Number(r.Total)])).toEqual([
      ...m.rows.map((r) => [r.code, r.counts[0], r.total]),
      ["", m.totals[0], m.totals.reduce((a, b) => a + b, 0)],
    ]);
  });

  it("xlsx opens with exceljs, with numeric cells, percentages and dates typed", async () => {
    const expected = await compareQuery("INTERCOMMUNALITY");
    const workbook = new ExcelJS.Workbook();
    const body = (await exported("compare", "xlsx", { level: "INTERCOMMUNALITY" })).body;
    // exceljs declares its own Buffer type (an ArrayBuffer): give it the bytes as one.
    await workbook.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet("compare");
    expect(sheet).toBeDefined();
    const headers = (sheet!.getRow(1).values as unknown[]).slice(1);
    const col = (header: string) => headers.indexOf(header) + 1;
    expect(sheet!.rowCount).toBe(expected.length + 1);
    expected.forEach((t, i) => {
      const row = sheet!.getRow(i + 2);
      expect(row.getCell(col("Code")).value).toBe(t.code);
      expect(row.getCell(col("Population")).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(col("Population")).value).toBe(t.population);
      expect(row.getCell(col("Part de la population couverte")).value).toBe(t.coveredPopulationShare);
      expect(row.getCell(col("Part de la population couverte")).numFmt).toBe("0.00%");
      const expiry = row.getCell(col("Prochaine échéance")).value;
      expect(expiry === null ? null : (expiry as Date).toISOString().slice(0, 10)).toBe(t.nextExpiry);
    });
    expect(expected.some((t) => t.nextExpiry !== null)).toBe(true);
  });

  describe("over HTTP", () => {
    let hub: HubServer;
    let server: Server;
    let base: string;
    const tokens: TokenConfig = tokenConfig({ JWT_SECRET: SECRET });
    beforeAll(async () => {
      hub = await createHubServer(db.dataSource, await buildHubSchema(), { logger: { error: () => undefined }, tokens });
      server = hub.app.listen(0);
      await new Promise((resolve) => server.once("listening", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await hub.stop();
    });

    it("answers text/csv with a BOM and `;`, the same bytes as the command line, to an anonymous caller", async () => {
      const response = await fetch(`${base}/export/compare.csv?department=52&level=INTERCOMMUNALITY&asOf=${AS_OF}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="compare-52-INTERCOMMUNALITY-${AS_OF}.csv"`);
      const body = Buffer.from(await response.arrayBuffer());
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(body.toString("utf8").split("\r\n")[0]).toMatch(/^\uFEFFMaille;Code;Territoire;/);
      // The command line's export for the same caller: without the money columns, restricted to staff.
      expect(body.equals((await exported("compare", "csv", { level: "INTERCOMMUNALITY" }, ANONYMOUS)).body)).toBe(true);
      expect(body.toString("utf8")).not.toContain("Prévu (euros)");
    });

    it("serves JSON and xlsx with their content types, for a caller with a token", async () => {
      const token = await mintToken(SECRET, { subject: "analyste", role: Role.ANALYST, departments: ["52"] });
      const json = await fetch(`${base}/export/theme-matrix.json?department=52&asOf=${AS_OF}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect([json.status, json.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
      expect(((await json.json()) as ExportJson).rows).toEqual((await exportedJson("theme-matrix")).rows);
      const xlsx = await fetch(`${base}/export/coverage.xlsx?department=52&asOf=${AS_OF}`);
      expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    });

    it.each([
      ["/export/compare.csv?department=5", 400, /département/],
      ["/export/compare.csv?department=52&asOf=2025-02-30", 400, /date/],
      ["/export/compare.csv?department=52&level=REGION", 400, /maille/],
      ["/export/ranking.csv?department=52", 400, /rapport inconnu/],
      ["/export/compare.pdf?department=52", 400, /format inconnu/],
      ["/export/compare.csv?department=985", 400, /département inconnu/],
    ])("refuses %s with %i", async (url, status, message) => {
      const response = await fetch(`${base}${url}`);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    });

    it("refuses an expired token with 401, as GraphQL does", async () => {
      const token = await mintToken(SECRET, { subject: "ancien", role: Role.ANALYST }, "-1h");
      const response = await fetch(`${base}/export/compare.csv?department=52`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    });
  });
});
