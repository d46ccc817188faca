import { ANONYMOUS, Role, type Viewer } from "../../src/auth/viewer";
import { TerritoryLevel } from "../../src/analytics/analytics.types";
import { visibleToViewer, type ReportTable } from "../../src/export/reports";
import { csvCell, toCsv } from "../../src/export/writers";
import { parseBoolean, parseCommuneCode, parseDate, parseDecimal, parseInteger } from "../../src/import/fields";
import { importKinds, readRows } from "../../src/import/importer";
import { renewalDepths, type ConventionRow } from "../../src/import/kinds/conventions";
import { sortProblems } from "../../src/import/problems";
import { detectDelimiter, readCsv } from "../../src/import/source-file";
import { parseThemes } from "../../src/import/vocabulary";

const value = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string }) => (parsed.ok ? parsed.value : `✗ ${parsed.reason}`);

/** Reading and checking files without a database. */
describe("import parsing", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["05/03/2024", "2024-03-05"],
    ["5/3/2024", "2024-03-05"],
  ])("reads the date %s", (raw, expected) => expect(value(parseDate(raw))).toBe(expected));

  it.each(["2024-02-30", "31/02/2024", "2024-13-01", "2024/03/05", "hier"])("refuses the date %s", (raw) => {
    expect(parseDate(raw).ok).toBe(false);
  });

  it.each([
    ["1234", 1234],
    ["1 234,5", 1234.5],
    ["1\u00a0234,50", 1234.5],
    ["12,25", 12.25],
    ["12.25", 12.25],
    ["1.234,56", 1234.56],
    ["1,234.56", 1234.56],
    ["-3", -3],
    [42, 42],
  ])("reads the number %p", (raw, expected) => expect(value(parseDecimal(raw))).toBe(expected));

  it.each(["abc", "1,2,3", "12,", "", "1..2"])("refuses the number %p", (raw) => expect(parseDecimal(raw).ok).toBe(false));

  it("reads integers, commune codes and booleans as spreadsheets write them", () => {
    expect([value(parseInteger("12,0")), parseInteger("12,5").ok]).toEqual([12, false]);
    expect([value(parseCommuneCode("1001")), value(parseCommuneCode("2a004")), parseCommuneCode("5225").ok]).toEqual([
      "01001",
      "2A004",
      true,
    ]);
    expect(parseCommuneCode("123456").ok).toBe(false);
    expect(["oui", "NON", "true", "0", "Vrai"].map((raw) => value(parseBoolean(raw)))).toEqual([true, false, true, false, true]);
  });

  it("reads themes from codes or French labels, in the enumeration's order, without repeats", () => {
    expect(value(parseThemes("YOUTH|petite enfance|Jeunesse|EARLY_CHILDHOOD"))).toEqual(["EARLY_CHILDHOOD", "YOUTH"]);
    expect(value(parseThemes(["HEALTH", "youth"]))).toEqual(["YOUTH", "HEALTH"]);
    expect(value(parseThemes("YOUTH|CUISINE"))).toMatch(/^✗ « CUISINE » : valeur inconnue/);
  });

  it("detects the separator from the header line, ignoring quoted ones", () => {
    expect(detectDelimiter('a,"b;c",d\n1;2;3;4')).toBe(",");
    expect(detectDelimiter("a;b,c;d")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("seule")).toBe(";");
  });

  it("gives each record the line where it starts, across quoted line breaks and CRLF, skipping empty rows", () => {
    const csv = readCsv('a;b\r\n1;"x\r\ny"\r\n;\r\n\r\n2;3\r\n4;5;6\r\n');
    expect(csv.records.map((r) => [r.line, r.values[1]])).toEqual([
      [2, "x\ny"],
      [6, "3"],
    ]);
    expect(csv.problems).toEqual([{ line: 7, column: null, value: null, reason: "3 champs au lieu de 2 (séparateur « ; »)" }]);
  });

  it("reports each broken quote on its own line and goes on reading", () => {
    const csv = readCsv('a;b\n1;x"y\n\n"open;2\n3;4\n');
    expect(csv.problems.map((p) => [p.line, p.value, p.reason.split(" :")[0]])).toEqual([
      [2, '1;x"y', "guillemet mal placé"],
      [4, '"open;2', "guillemet ouvert jamais refermé"],
    ]);
    expect(csv.records).toEqual([]);
  });

  it("matches headers case- and accent-insensitively and reports a problem per bad cell, in one pass", () => {
    const file = "Référence;Titre;Département;holder_type;holder_code;starts_on;ends_on\nAB;X;52;EPCI;20006865;2024-01-01;2023-01-01\n";
    const { problems, source } = readRows(importKinds.conventions, Buffer.from(file), "c.csv", { indicator: null });
    expect(sortProblems(problems.first(), source.headers).map((p) => [p.line, p.column])).toEqual([
      [2, "Référence"],
      [2, "Titre"],
      [2, "holder_code"],
      [2, "ends_on"],
    ]);
  });

  it("orders renewals so a predecessor is written before its successor, and finds loops", () => {
    const row = (reference: string, predecessorReference: string | null) => ({ reference, predecessorReference }) as ConventionRow;
    expect(Object.fromEntries(renewalDepths([row("C", "B"), row("B", "A"), row("A", "OLD")]))).toEqual({ A: 0, B: 1, C: 2 });
    expect([...renewalDepths([row("X", "Y"), row("Y", "X"), row("Z", null)]).keys()]).toEqual(["Z"]);
  });
});

describe("export writing", () => {
  const table: ReportTable = {
    report: "coverage",
    title: "t",
    parameters: { department: "52", asOf: "2025-06-30", level: TerritoryLevel.INTERCOMMUNALITY },
    columns: [
      { key: "name", header: "Territoire", type: "text" },
      { key: "share", header: "Part", type: "share" },
      { key: "notes", header: "Notes internes", type: "text", restricted: true },
    ],
    rows: [{ name: "Joinville; centre", share: 0.25, notes: "réservé" }],
  };

  it("writes CSV with a BOM, `;`, CRLF and quotes where needed; decimal comma on request", () => {
    expect(toCsv(table)).toBe('\uFEFFTerritoire;Part;Notes internes\r\n"Joinville; centre";0.25;réservé\r\n');
    expect(toCsv(table, { decimalComma: true })).toContain(";0,25;");
    expect(csvCell(true, { key: "b", header: "b", type: "boolean" })).toBe("oui");
    expect(csvCell("COVERED", { key: "s", header: "s", type: "enum", labels: { COVERED: "Couvert" } })).toBe("Couvert");
  });

  it("drops restricted columns for a caller who may not read them in the département", () => {
    expect(visibleToViewer(table, ANONYMOUS).columns.map((c) => c.key)).toEqual(["name", "share"]);
    expect(visibleToViewer(table, ANONYMOUS).rows).toEqual([{ name: "Joinville; centre", share: 0.25 }]);
    const analyst52: Viewer = { kind: "user", subject: "a", role: Role.ANALYST, national: false, departments: ["52"], associationId: null };
    expect(visibleToViewer(table, analyst52).columns).toHaveLength(3);
  });
});
