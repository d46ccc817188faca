import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeText } from "../../src/import/decode";
import { importKinds, readRows } from "../../src/import/importer";
import { formatReport, type ImportReport } from "../../src/import/report";
import { readSource } from "../../src/import/source-file";

/** Fixture files written by Python's own codecs (cp1252, utf-16-le, utf-16-be), not by the decoder under test. */
const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name));

/** C0 and C1 control characters other than tab and line breaks: what Latin-1 makes of 0x80–0x9F. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const failure = (bytes: Uint8Array) => {
  const decoded = decodeText(bytes);
  if (decoded.ok) throw new Error(`decoded as ${decoded.encoding}: ${decoded.text.slice(0, 40)}`);
  return { encoding: decoded.encoding, ...decoded.failure };
};

describe("reading a file's encoding", () => {
  it("reads a real Windows-1252 file (French Excel's CSV): ’ € Œ — “ ” … and é, no control character", () => {
    const decoded = decodeText(fixture("facilities-windows-1252.csv"));
    expect(decoded.ok && decoded.encoding).toBe("windows-1252");
    const source = readSource(fixture("facilities-windows-1252.csv"), "equipements.csv");
    expect(source.problems).toEqual([]);
    expect(source.records.map((r) => r.values[1])).toEqual([
      "Crèche « L’Œil du Prieuré » — accueil “petite enfance”…",
      "Lieu d’accueil – 5 € la séance, œuvre collective",
    ]);
    expect(source.records.some((r) => r.values.some((v) => CONTROL.test(String(v))))).toBe(false);
  });

  it("reads UTF-8 with or without a BOM", () => {
    expect(decodeText(Buffer.from("\uFEFFé’€", "utf8"))).toEqual({ ok: true, text: "é’€", encoding: "utf-8" });
    expect(decodeText(Buffer.from("é’€", "utf8"))).toEqual({ ok: true, text: "é’€", encoding: "utf-8" });
    expect(decodeText(Buffer.alloc(0))).toEqual({ ok: true, text: "", encoding: "utf-8" });
  });

  it("reads UTF-16 LE with a BOM (Excel's « Texte Unicode », tab-separated) and UTF-16 BE with a BOM", () => {
    const little = readSource(fixture("facilities-utf-16le.txt"), "relais.txt");
    expect([little.encoding, little.delimiter, little.headers, little.records.map((r) => r.values)]).toEqual([
      "utf-16le",
      "\t",
      ["kind", "name", "commune"],
      [["RPE", "Relais « L’Éveil » — Chaumont…", "52121"]],
    ]);
    const big = readSource(fixture("facilities-utf-16be.csv"), "relais.csv");
    expect([big.encoding, big.delimiter, big.records.map((r) => r.values)]).toEqual([
      "utf-16be",
      ";",
      [["RPE", "Relais “Œuvre” € — Langres…", "52269"]],
    ]);
  });

  it("refuses, naming the encoding, UTF-16 it cannot read: no BOM, odd length, broken surrogate; and UTF-32", () => {
    const body = "kind;name;commune\r\nRPE;Relais;52121\r\n";
    expect(failure(Buffer.from(body, "utf16le"))).toEqual({
      encoding: null,
      line: 1,
      reason: expect.stringMatching(/^fichier UTF-16 LE sans BOM/),
    });
    expect(failure(Buffer.from(body, "utf16le").swap16())).toEqual({
      encoding: null,
      line: 1,
      reason: expect.stringMatching(/^fichier UTF-16 BE sans BOM/),
    });
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")]);
    expect(failure(withBom.subarray(0, withBom.length - 1))).toEqual({
      encoding: "utf-16le",
      line: 2,
      reason: expect.stringMatching(/^fichier UTF-16 LE tronqué/),
    });
    // A lone high surrogate (0xD800) on line 2.
    const lone = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("a;b\n", "utf16le"),
      Buffer.from([0x00, 0xd8]),
      Buffer.from(";x\n", "utf16le"),
    ]);
    expect(failure(lone)).toEqual({ encoding: "utf-16le", line: 2, reason: expect.stringMatching(/^fichier UTF-16 LE illisible/) });
    expect(failure(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0]))).toEqual({
      encoding: null,
      line: 1,
      reason: expect.stringMatching(/^fichier UTF-32/),
    });
  });

  it("refuses a file saved half in UTF-8, half in Windows-1252, naming both lines", () => {
    const mixed = Buffer.concat([
      Buffer.from("kind;name;commune\nEAJE;Crèche;52121\n", "utf8"),
      Buffer.from("EAJE;Écureuils;52448\n", "latin1"),
    ]);
    expect(failure(mixed)).toEqual({
      encoding: null,
      line: 3,
      reason: expect.stringMatching(/^encodage mélangé : la ligne 2 est en UTF-8, la ligne 3 ne l'est pas \(octet 0xC9\)/),
    });
  });

  it("refuses bytes Windows-1252 does not define, and a UTF-8 BOM over bytes that are not UTF-8, naming the line", () => {
    expect(failure(Buffer.concat([Buffer.from("a;b\n\ne;", "latin1"), Buffer.from([0xe9, 0x81])]))).toEqual({
      encoding: "windows-1252",
      line: 3,
      reason: expect.stringMatching(/^ni UTF-8 ni Windows-1252 : l'octet 0x81/),
    });
    expect(failure(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a;b\nx;é\n", "latin1")]))).toEqual({
      encoding: "utf-8",
      line: 2,
      reason: expect.stringMatching(/^fichier marqué UTF-8 \(BOM\) mais l'octet 0xE9/),
    });
  });

  it("reports an undecodable file as one problem on its line (JSON: in the reason), and nothing read", () => {
    const csv = readRows(importKinds.facilities, Buffer.from([0x61, 0x0a, 0x81]), "f.csv", { indicator: null });
    expect([csv.source.encoding, csv.rows.length, csv.problems.first()]).toEqual([
      "windows-1252",
      0,
      [{ line: 2, column: null, value: null, reason: expect.stringMatching(/^ni UTF-8 ni Windows-1252/) }],
    ]);
    const json = readRows(importKinds.facilities, Buffer.from('[\n{"name": "\x81"}]', "latin1"), "f.json", { indicator: null });
    expect(json.problems.first()).toEqual([
      { line: 1, column: null, value: null, reason: expect.stringMatching(/\(ligne 2 du fichier\)$/) },
    ]);
  });

  it("names the encoding in the printed report", () => {
    const source = readSource(fixture("facilities-utf-16le.txt"), "relais.txt");
    const report: ImportReport = {
      kind: "facilities",
      file: "relais.txt",
      format: "csv",
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows: 1,
      status: "dry-run",
      problems: [],
      problemCount: 0,
      notices: [],
      noticeCount: 0,
      counts: [],
      ignoredColumns: [],
      durationMs: 1,
    };
    expect(formatReport(report).split("\n")[0]).toBe("Import facilities depuis relais.txt (CSV UTF-16 LE, séparateur tabulation, 1 ligne)");
  });
});
