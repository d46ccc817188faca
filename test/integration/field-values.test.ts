import { QueryFailedError } from "typeorm";
import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import { COUNT_INDICATORS } from "../../src/indicator/indicator-catalogue";
import { makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient } from "../helpers/graphql";
import { digestOfWrites } from "../helpers/territory";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const admin: Viewer = { kind: "user", subject: "admin-values", role: Role.ADMIN, national: true, departments: [], associationId: null };

type Case = [label: string, query: string, variables: Record<string, unknown>, argument: string];

const CONVENTION = `mutation ($input: CreateConventionInput!) { createConvention(input: $input) { id title description } }`;
const convention = (overrides: Record<string, unknown>) => ({
  input: {
    reference: `CTG-VAL-${Math.random().toString(36).slice(2, 8)}`,
    title: "CTG de test",
    department: "52",
    holderKind: "COMMUNE",
    holderCode: "52250",
    ...overrides,
  },
});
const ASSOCIATION = `mutation ($input: CreateAssociationInput!) { createAssociation(input: $input) { id website } }`;
const association = (overrides: Record<string, unknown>) => ({
  input: { name: "Association de test", siren: "552100554", communeCode: "52250", ...overrides },
});
const INDICATOR = `mutation ($input: IndicatorInput!) { setIndicator(input: $input) { id value } }`;
const indicator = (indicatorCode: string, value: number) => ({
  input: { indicator: indicatorCode, year: 2025, territoryCode: "52250", value },
});

/** Values that are not what they claim, each refused with BAD_USER_INPUT naming the field — never a 500. */
const BAD_VALUES: Case[] = [
  ["a NUL byte in a title", CONVENTION, convention({ title: "CTG\u0000 cachée" }), "title"],
  ["a NUL byte in a description", CONVENTION, convention({ description: "Texte\u0000" }), "description"],
  ["a control character in a title", CONVENTION, convention({ title: "CTG \u001b[31m rouge" }), "title"],
  ["a right-to-left override in a title", CONVENTION, convention({ title: "CTG \u202Egpj.exe" }), "title"],
  ["a whitespace-only title", CONVENTION, convention({ title: "   \u00a0  " }), "title"],
  ["a NUL byte in a covered commune", CONVENTION, convention({ coveredCommunes: ["52250\u0000"] }), "coveredCommunes"],
  ["a javascript: web site", ASSOCIATION, association({ website: "javascript:alert(document.cookie)" }), "website"],
  ["a data: web site", ASSOCIATION, association({ website: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" }), "website"],
  ["a NUL byte in a name", ASSOCIATION, association({ name: "Asso\u0000" }), "name"],
  [
    "1e20 as a budget",
    `mutation ($c: ID!) { createAction(input: { conventionId: $c, title: "Action", theme: YOUTH, budget: 1e20 }) { action { id } } }`,
    {},
    "budget",
  ],
  [
    "a negative budget",
    `mutation ($c: ID!) { createAction(input: { conventionId: $c, title: "Action", theme: YOUTH, budget: -1 }) { action { id } } }`,
    {},
    "budget",
  ],
  ["1e308 as an indicator", INDICATOR, indicator("taux_test", 1e308), "value"],
  ["1e308 as a count", INDICATOR, indicator("allocataires", 1e308), "value"],
  ["−5 allocataires", INDICATOR, indicator("allocataires", -5), "value"],
  ["612.7 allocataires", INDICATOR, indicator("allocataires", 612.7), "value"],
  [
    "a capacity beyond any facility",
    `mutation { createFacility(input: { kind: EAJE, name: "Crèche", communeCode: "52250", capacity: 2000000000 }) { id } }`,
    {},
    "capacity",
  ],
  [
    "a NUL byte in an SDSF signatory body",
    `mutation { createSdsfScheme(input: { department: "52", title: "SDSF", signatoryBodies: ["CAF", "Préfet\\u0000"] }) { id } }`,
    {},
    "signatoryBodies",
  ],
  [
    "an identifier beyond its integer column",
    `mutation { updateConvention(id: "99999999999", version: 1, input: { title: "Titre" }) { id } }`,
    {},
    "id",
  ],
];

describe("values are what they claim", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let conventionId: number;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    ({ id: conventionId } = await makeIntercommunalConvention(db.dataSource.manager, "200044253"));
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it.each(BAD_VALUES)("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_label, query, variables, argument) => {
    const before = await digestOfWrites(db.dataSource);
    const { errors } = await api.run(query, { c: conventionId, ...variables }, admin);
    expect(errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(errors?.[0].extensions?.argument).toBe(argument);
    expect(errors?.[0].message).toContain(argument);
    expect(await digestOfWrites(db.dataSource)).toEqual(before);
  });

  it("stores texts trimmed, a blank optional text as nothing, and accepts counts and http(s) sites", async () => {
    const created = await api.run<{ createConvention: { title: string; description: string | null } }>(
      CONVENTION,
      convention({ title: "  CTG\n  de Joinville  ", description: "   " }),
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createConvention).toMatchObject({ title: "CTG de Joinville", description: null });
    const site = await api.run<{ createAssociation: { website: string } }>(
      ASSOCIATION,
      association({ website: " https://www.exemple.fr " }),
      admin,
    );
    expect(site.data?.createAssociation.website).toBe("https://www.exemple.fr");
    const count = await api.run<{ setIndicator: { value: number } }>(INDICATOR, indicator("allocataires", 612), admin);
    expect(count.data?.setIndicator.value).toBe(612);
  });

  describe("in imports, through the same rules", () => {
    const run = (kind: ImportKindName, content: string) =>
      runImport(db.dataSource.manager, {
        kind,
        fileName: `${kind}.json`,
        content: Buffer.from(content, "utf8"),
        viewer: commandLineViewer(`${kind}.json`),
      });

    it("reports each bad value on its line and field, and writes nothing", async () => {
      const before = await digestOfWrites(db.dataSource);
      const associations = await run(
        "associations",
        JSON.stringify([
          { name: "   ", rna: "W523000301", commune: "52250" },
          { name: "Asso\u0000", rna: "W523000302", commune: "52250" },
          { name: "Asso web", rna: "W523000303", commune: "52250", website: "javascript:alert(1)" },
        ]),
      );
      expect(associations.problems.map((p) => [p.line, p.column])).toEqual([
        [1, "name"],
        [2, "name"],
        [3, "website"],
      ]);
      const indicators = await run(
        "indicators",
        JSON.stringify([
          { territory_code: "52250", year: 2025, indicator: "allocataires", value: -5 },
          { territory_code: "52250", year: 2024, indicator: "allocataires", value: 612.7 },
          { territory_code: "52250", year: 2023, indicator: "taux_test", value: 1e308 },
        ]),
      );
      expect(indicators.problems.map((p) => [p.line, p.column])).toEqual([
        [1, "value"],
        [2, "value"],
        [3, "value"],
      ]);
      expect(indicators.problems[1].reason).toMatch(/entier/);
      const actions = await run(
        "actions",
        JSON.stringify([{ convention_reference: "CTG-52-2023-200044253", title: "Action chère", theme: "YOUTH", budget: 1e20 }]),
      );
      expect(actions.problems.map((p) => [p.line, p.column])).toEqual([[1, "budget"]]);
      expect(await digestOfWrites(db.dataSource)).toEqual(before);
    });
  });

  describe("in the database, whatever code writes", () => {
    async function violation(sql: string, params: unknown[]): Promise<string | undefined> {
      const error: unknown = await db.dataSource.query(sql, params).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QueryFailedError);
      return (error as { driverError: { constraint?: string } }).driverError.constraint;
    }

    it("refuses control characters, blank titles, non-http sites and broken counts", async () => {
      const action = (title: string) =>
        violation(`INSERT INTO action (convention_id, position, title, theme, status) VALUES ($1, 99, $2, 'YOUTH', 'PLANNED')`, [
          conventionId,
          title,
        ]);
      expect(await action("Titre\u0007")).toBe("action_title_text");
      expect(await action("   ")).toBe("action_title_text");
      expect(await action(" Titre")).toBe("action_title_text");
      expect(
        await violation(`INSERT INTO partner_association (name, rna, website) VALUES ('A', 'W523000399', $1)`, ["javascript:alert(1)"]),
      ).toBe("partner_association_website_format");
      for (const value of [-5, 612.7]) {
        expect(
          await violation(`INSERT INTO indicator_value (indicator, year, commune_code, value) VALUES ('allocataires', 2019, '52250', $1)`, [
            value,
          ]),
        ).toBe("indicator_value_count_value");
      }
    });

    it("checks counts for exactly the indicators the catalogue calls counts", async () => {
      const [{ definition }] = await db.dataSource.query(
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'indicator_value_count_value'`,
      );
      const listed = [...(definition as string).matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]).sort();
      expect(listed).toEqual(COUNT_INDICATORS);
    });
  });
});
