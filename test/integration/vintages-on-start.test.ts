import { loadVintagesIfMissing, loadVintagesInBackground } from "../../src/server/vintages-on-start";
import { VINTAGE_PACKAGES } from "../../src/territory/geography.source";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * A first start loads the COG vintages in the background, after the first answers (src/server/vintages-on-start.ts):
 * until then a past figure is on the current geography and says so, afterwards on its own; a restart loads nothing.
 */
describe("the vintages at start-up", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  const vintageOf = async (asOf: string) => {
    const api = await graphqlClient(db.dataSource);
    try {
      const { data, errors } = await api.run<{ departmentCoverage: { geographyVintage: number } }>(
        `query ($asOf: Date!) { departmentCoverage(code: "52", asOf: $asOf) { geographyVintage } }`,
        { asOf },
      );
      expect(errors).toBeUndefined();
      return data?.departmentCoverage.geographyVintage;
    } finally {
      await api.stop();
    }
  };

  it("loads them once, in the background, then past figures use the geography of their date", async () => {
    const current = Math.max(...VINTAGE_PACKAGES.map((p) => p.year));
    expect(await vintageOf("2022-06-30")).toBe(current);
    const lines: string[] = [];
    let done: () => void = () => undefined;
    const logged = new Promise<void>((resolve) => (done = resolve));
    const record = (line: string) => {
      lines.push(line);
      done();
    };
    loadVintagesInBackground(db.dataSource, { info: record, warn: record }, 0);
    await logged;
    expect(lines).toEqual([expect.stringMatching(/^ctg-hub : millésimes de la géographie 2021, 2022, .* chargés en [\d.]+ s$/)]);
    expect(await vintageOf("2022-06-30")).toBe(2022);
    expect(await loadVintagesIfMissing(db.dataSource)).toEqual({ status: "present" });
  }, 300_000);
});
