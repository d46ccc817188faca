import { importKinds, readRows } from "../../src/import/importer";
import { ProblemList, REPORTED_PROBLEMS, sortProblems, type ImportProblem } from "../../src/import/problems";
import { formatReport, type ImportReport } from "../../src/import/report";

const ROWS = 100_000;

/** A file of `rows` lines after the header, each made by `line(i)`. */
const file = (header: string, rows: number, line: (i: number) => string) => {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(line(i));
  return Buffer.from(lines.join("\n"), "utf8");
};

/** The report of a refused file, as the importer builds it from what readRows found. */
function rejectedReport(content: Buffer): ImportReport {
  const { source, problems } = readRows(importKinds.facilities, content, "dechets.csv", { indicator: null });
  return {
    kind: "facilities",
    file: "dechets.csv",
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    rows: source.records.length,
    status: "rejected",
    problems: problems.first(),
    problemCount: problems.size,
    notices: [],
    noticeCount: 0,
    counts: [],
    ignoredColumns: [],
    durationMs: 0,
  };
}

/** A seeded shuffle (mulberry32), so the test is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe("the report of a file with many problems", () => {
  it("100,000 garbage rows: the first problems in file order, the total, and a report that prints (no stack overflow)", () => {
    const garbage = (i: number) => `ZZZ${i % 7};;${i % 1000}`;
    const perRow = readRows(importKinds.facilities, file("kind;name;commune", 1, garbage), "one.csv", { indicator: null }).problems.size;
    expect(perRow).toBeGreaterThanOrEqual(3);

    const report = rejectedReport(file("kind;name;commune", ROWS, garbage));
    expect(report.problemCount).toBe(perRow * ROWS);
    expect(report.problems).toHaveLength(REPORTED_PROBLEMS);
    expect(report.problems.map((p) => p.line)).toEqual(sortProblems(report.problems, ["kind", "name", "commune"]).map((p) => p.line));
    expect(report.problems[0]).toEqual(expect.objectContaining({ line: 2, column: "kind", value: "ZZZ0" }));

    const text = formatReport(report);
    const total = (perRow * ROWS).toLocaleString("fr-FR");
    expect(text).toContain(`Import refusé : ${total} problèmes, rien n'a été écrit.`);
    expect(text).toContain(
      `… et ${(perRow * ROWS - REPORTED_PROBLEMS).toLocaleString("fr-FR")} autres problèmes (seuls les ${REPORTED_PROBLEMS} premiers sont affichés).`,
    );
    expect(text.split("\n").length).toBeLessThan(REPORTED_PROBLEMS + 10);
    // Bounded JSON, whatever the file: a hundred problems, not a million.
    expect(JSON.stringify(report).length).toBeLessThan(100_000);
  });

  it("takes half a million problems of the file itself at once (no spread of the list as arguments)", () => {
    const fileProblems: ImportProblem[] = Array.from({ length: 500_000 }, (_, i) => ({
      line: i + 2,
      column: null,
      value: null,
      reason: "4 champs au lieu de 3",
    }));
    const list = new ProblemList();
    list.addAll(fileProblems);
    expect([list.size, list.first().length, list.first()[0].line]).toEqual([500_000, REPORTED_PROBLEMS, 2]);
  });

  it("keeps exactly the first problems in file order, whatever order they were found in", () => {
    const headers = ["a", "b", "c"];
    const all: ImportProblem[] = [];
    for (let line = 2; line < 600; line++) {
      for (const column of [null, "c", "a", "b"])
        if ((line + (column ?? "").length) % 3 !== 0) all.push({ line, column, value: null, reason: `${line}${column}` });
    }
    const list = new ProblemList((column) => column, headers, 50);
    list.addAll(shuffled(all, 16));
    expect(list.size).toBe(all.length);
    expect(list.first()).toEqual(sortProblems(all, headers).slice(0, 50));
  });

  it("cuts a huge value or reason: a 10 MB cell is not copied into the report", () => {
    const list = new ProblemList();
    list.add(2, "name", "x".repeat(10_000_000), `trop long : ${"y".repeat(100_000)}`);
    const [problem] = list.first();
    expect([problem.value?.length, problem.value?.endsWith("…"), problem.reason.length]).toEqual([200, true, 1_000]);
  });
});
