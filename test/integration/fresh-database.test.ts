import { Role, type Viewer } from "../../src/auth/viewer";
import { seedIfEmpty } from "../../src/server/seed";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const admin: Viewer = { kind: "user", subject: "admin-test", role: Role.ADMIN, national: true, departments: [], associationId: null };

/**
 * A database created, migrated and seeded by the process that then writes to it, as on a newcomer's first
 * `npm start`. The embedded database once learnt its array types when it opened, before the migrations
 * created the enums: enum arrays (themes) failed with "malformed array literal" until a restart.
 */
describe("a freshly created database, written by the process that created it", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
    await db.dataSource.runMigrations({ transaction: "each" });
    await seedIfEmpty(db.dataSource);
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  it("creates a convention with themes", async () => {
    const [{ siren }] = await db.dataSource.query(
      `SELECT DISTINCT intercommunality_siren AS siren FROM commune WHERE department_code = '52' AND intercommunality_siren <> '200044253' ORDER BY 1 LIMIT 1`,
    );
    const { data, errors } = await api.run<{ createConvention: { databaseId: string; themes: string[] } }>(
      `mutation ($input: CreateConventionInput!) { createConvention(input: $input) { databaseId themes } }`,
      {
        input: {
          reference: "CTG-52-2026-FRESH",
          title: "CTG d'une base neuve",
          department: "52",
          holderKind: "INTERCOMMUNALITY",
          holderCode: siren,
          startsOn: "2026-01-01",
          endsOn: "2030-12-31",
          themes: ["YOUTH", "PARENTING"],
        },
      },
      admin,
    );
    expect(errors).toBeUndefined();
    expect([...data!.createConvention.themes].sort()).toEqual(["PARENTING", "YOUTH"]);
    const [row] = await db.dataSource.query(`SELECT themes::text AS themes FROM convention WHERE id = $1`, [
      Number(data!.createConvention.databaseId),
    ]);
    expect(row.themes).toBe("{YOUTH,PARENTING}");
  });

  it("creates an association with themes", async () => {
    const { data, errors } = await api.run<{ createAssociation: { id: string; themes: string[] } }>(
      `mutation ($input: CreateAssociationInput!) { createAssociation(input: $input) { id themes } }`,
      { input: { name: "Association d'une base neuve", rna: "W521000001", communeCode: "52250", themes: ["YOUTH"] } },
      admin,
    );
    expect(errors).toBeUndefined();
    expect(data!.createAssociation.themes).toEqual(["YOUTH"]);
  });

  it("compares territories filtered by themes", async () => {
    const query = `query ($themes: [Theme!]) {
      compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2025-06-30", themes: $themes) { code coveredCommuneCount } }`;
    const all = await api.run<{ compareTerritories: Array<{ code: string; coveredCommuneCount: number }> }>(query, { themes: null });
    const filtered = await api.run<{ compareTerritories: Array<{ code: string; coveredCommuneCount: number }> }>(query, {
      themes: ["PARENTING", "YOUTH"],
    });
    expect(all.errors).toBeUndefined();
    expect(filtered.errors).toBeUndefined();
    // The Joinville EPCI's reference CTG covers its 59 communes; the filtered answer lists the same territories.
    expect(all.data!.compareTerritories.find((t) => t.code === "200044253")?.coveredCommuneCount).toBe(59);
    expect(filtered.data!.compareTerritories.map((t) => t.code).sort()).toEqual(all.data!.compareTerritories.map((t) => t.code).sort());
  });
});
