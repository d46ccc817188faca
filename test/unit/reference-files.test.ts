import { importKinds } from "../../src/import/importer";
import { REFERENCE_CASES } from "../../src/reference/reference-cases.data";
import { referenceFiles } from "../../src/reference/reference-cases.rows";

/** The reference cases as import files: written in the kinds' own column names, so no value is silently left out. */
describe("reference files", () => {
  const files = referenceFiles(REFERENCE_CASES);

  it("runs the kinds parents first, children after, with replace mode on every child kind", () => {
    expect(files.map((f) => [f.kind, f.parents !== undefined])).toEqual([
      ["conventions", false],
      ["signatories", true],
      ["objectives", true],
      ["actions", true],
      ["indicators", false],
      ["facilities", false],
      ["approvals", true],
    ]);
    for (const file of files) expect(file.parents !== undefined).toBe(importKinds[file.kind].children !== undefined);
  });

  it("names only canonical columns of each kind, the same ones on every record", () => {
    for (const file of files) {
      const columns = new Set(importKinds[file.kind].columns.map((c) => c.name));
      const keys = new Set(file.records.flatMap((r) => Object.keys(r)));
      expect({ kind: file.kind, unknown: [...keys].filter((k) => !columns.has(k)) }).toEqual({ kind: file.kind, unknown: [] });
      for (const record of file.records) expect(Object.keys(record).sort()).toEqual([...keys].sort());
    }
  });

  it("names every parent of a child file by the kind's parent columns, each dataset convention once", () => {
    const conventions = REFERENCE_CASES.flatMap((c) => c.conventions.map((v) => v.reference));
    for (const file of files.filter((f) => f.parents !== undefined)) {
      const parentColumns = importKinds[file.kind].children?.parentColumns ?? [];
      for (const parent of file.parents ?? []) expect(Object.keys(parent).sort()).toEqual([...parentColumns].sort());
      if (parentColumns.includes("convention_reference")) {
        expect(file.parents?.map((p) => p.convention_reference)).toEqual(conventions);
      }
    }
  });
});
