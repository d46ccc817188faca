import { readGeographyPackage } from "../../src/territory/geography.source";
import { graphqlClient, nodes } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

describe("lookups by natural key", () => {
  const geo = readGeographyPackage();
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("finds a département with its région, communes, EPCI and conventions", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data, errors } = await api.run<{ department: any }>(`{
      department(code: "52") { name zone region { code } communes(first: 500) { totalCount edges { node { code } } } intercommunalities { siren } conventions { edges { node { reference } } } }
    }`);
    expect(errors).toBeUndefined();
    const expected = geo.departments.find((d) => d.code === "52");
    expect(data!.department).toMatchObject({ name: expected?.nom, zone: "METRO", region: { code: expected?.region } });
    expect(nodes<{ code: string }>(data!.department.communes)).toHaveLength(geo.communes.filter((c) => c.departement === "52").length);
    expect(data!.department.communes.totalCount).toBe(nodes<{ code: string }>(data!.department.communes).length);
    expect(data!.department.intercommunalities).toContainEqual({ siren: "200044253" });
    expect(nodes<{ reference: string }>(data!.department.conventions)).toEqual([{ reference: "CTG-52-2023-200044253" }]);
  });

  it("finds a commune with its EPCI and the conventions covering it", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data } = await api.run<{ commune: any }>(`{
      commune(code: "52250") { name population department { code } intercommunality { siren } conventions { reference } }
    }`);
    expect(data!.commune).toEqual({
      name: "Joinville",
      population: geo.communes.find((c) => c.code === "52250")?.population,
      department: { code: "52" },
      intercommunality: { siren: "200044253" },
      conventions: [{ reference: "CTG-52-2023-200044253" }],
    });
  });

  it("lists every département of an EPCI that spans several", async () => {
    const departmentOf = new Map(geo.communes.map((c) => [c.code, c.departement]));
    const spanning = geo.epci.find((e) => new Set(e.membres.map((m) => departmentOf.get(m.code))).size > 1)!;
    const expected = [...new Set(spanning.membres.map((m) => departmentOf.get(m.code)))].sort();
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data } = await api.run<{ intercommunality: any }>(
      `query ($siren: String!) { intercommunality(siren: $siren) { kind communes(first: 500) { edges { node { code } } } departments { code } } }`,
      { siren: spanning.code },
    );
    expect(data!.intercommunality.kind).toBe(spanning.type);
    expect(nodes<{ code: string }>(data!.intercommunality.communes)).toHaveLength(spanning.membres.length);
    expect(data!.intercommunality.departments.map((d: { code: string }) => d.code)).toEqual(expected);
  });

  it("returns null for a well-formed key that does not exist", async () => {
    const { data, errors } = await api.run(`{
      commune(code: "52999") { code } intercommunality(siren: "123456789") { siren } convention(reference: "CTG-00-0000-0") { id }
      department(code: "2A") { name }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ commune: null, intercommunality: null, convention: null, department: { name: "Corse-du-Sud" } });
  });

  it.each([
    [`{ commune(code: "5225") { code } }`, "code"],
    [`{ department(code: "99") { code } }`, "code"],
    [`{ intercommunality(siren: "20004425") { siren } }`, "siren"],
  ])("refuses a malformed key with BAD_USER_INPUT naming the argument: %s", async (query, argument) => {
    const { errors } = await api.run(query);
    expect(errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(errors?.[0].message).toMatch(/attendu/);
  });

  it("refuses a date that is not a calendar date", async () => {
    const { errors } = await api.run(`{ convention(reference: "CTG-52-2023-200044253") { status(asOf: "2025-02-30") } }`);
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toMatch(/YYYY-MM-DD/);
  });
});

describe("errors on argument values", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it.each([
    [`{ conventions(filter: { themes: [CHILDCARE] }) { totalCount } }`, /CHILDCARE.*Theme/],
    [`{ communes(first: "ten") { totalCount } }`, /Int/],
    [`{ conventions(filter: { status: [ACTIVE], asOf: "31/12/2026" }) { totalCount } }`, /YYYY-MM-DD/],
  ])("answers BAD_USER_INPUT with the expected form for %s", async (query, message) => {
    const { errors } = await api.run(query);
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toMatch(message);
  });

  it("answers BAD_USER_INPUT naming the variable for a bad variable value", async () => {
    const { errors } = await api.run(`query ($t: [Theme!]) { conventions(filter: { themes: $t }) { totalCount } }`, { t: ["CHILDCARE"] });
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toMatch(/\$t/);
  });

  it("keeps a query that asks for an unknown field a validation error", async () => {
    const { errors } = await api.run(`{ commune(code: "52250") { mayor } }`);
    expect(errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
