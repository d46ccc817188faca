import { actionList, conventionList } from "../../src/convention/convention.graph";
import { listSpec } from "../../src/graph/declare";
import { associationList } from "../../src/association/association.graph";
import type { ListSpec } from "../../src/db/list-query";
import { communeList, intercommunalityList } from "../../src/territory/territory.graph";
import { readGeographyPackage } from "../../src/territory/geography.source";
import { graphqlClient, nodes, type Conn } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Search finds what people type: case, accents, hyphens and apostrophes do not matter, best matches come first,
 * through an index. The expected communes come from the geography package, folded here in TypeScript.
 */
describe("search", () => {
  const geo = readGeographyPackage();
  /** Lower-case ASCII words: what a person means, whatever the accents and punctuation. */
  const fold = (text: string) =>
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/œ/giu, "oe")
      .replace(/æ/giu, "ae")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  const codeOf = (name: string) => geo.communes.find((c) => c.nom === name)!.code;
  /** The rule as a person states it: every word typed (between spaces) is in the name, whatever the order. */
  const matches = (name: string, text: string) =>
    text
      .trim()
      .split(/\s+/u)
      .every((word) => fold(name).includes(fold(word)));

  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    await db.dataSource.query(
      `INSERT INTO partner_association (name, rna, commune_code, themes) VALUES
         ('L’Île aux Câlins – Espace Parents-Enfants', 'W523000001', '52448', '{PARENTING}'),
         ('Les Câlins de l''Île', 'W523000002', '52250', '{PARENTING}')`,
    );
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const list = async <T>(
    field: string,
    filter: Record<string, unknown>,
    select: string,
    first = 500,
  ): Promise<{ totalCount: number; nodes: T[] }> => {
    const { data, errors } = await api.run<Record<string, Conn<T> & { totalCount: number }>>(
      `query ($filter: ${field[0].toUpperCase()}${field.slice(1, -1).replace(/ie$/, "y")}Filter, $first: Int) {
        list: ${field}(first: $first, filter: $filter) { totalCount edges { node { ${select} } } } }`,
      { filter, first },
    );
    expect(errors).toBeUndefined();
    return { totalCount: data!.list.totalCount, nodes: nodes(data!.list) };
  };
  const communes = (search: string, extra: Record<string, unknown> = {}) =>
    list<{ code: string; name: string }>("communes", { search, ...extra }, "code name");

  it.each([
    ["saint dizier", "Saint-Dizier"],
    ["SAINT-DIZIER", "Saint-Dizier"],
    ["Saint Dizier", "Saint-Dizier"],
    ["epinal", "Épinal"],
    ["ÉPINAL", "Épinal"],
    ["ales", "Alès"],
    ["Alès", "Alès"],
  ])("finds the commune %j first: %s, with every commune whose folded name has each word", async (text, name) => {
    const found = await communes(text);
    expect(found.nodes[0]).toEqual({ code: codeOf(name), name });
    const expected = geo.communes
      .filter((c) => matches(c.nom, text))
      .map((c) => c.code)
      .sort();
    expect(found.nodes.map((c) => c.code).sort()).toEqual(expected);
    expect(found.totalCount).toBe(expected.length);
  });

  it("reads l'ile, l’Île and l-ile alike, finds the L'Île-… communes first, and l ile too (each word anywhere)", async () => {
    const answers = await Promise.all(["l'ile", "L’Île", "l-ile"].map((text) => communes(text)));
    const expected = geo.communes
      .filter((c) => matches(c.nom, "l'ile"))
      .map((c) => c.code)
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    for (const answer of answers) expect(answer.nodes.map((c) => c.code).sort()).toEqual(expected);
    expect(answers.map((a) => a.nodes.map((c) => c.code))).toEqual(answers.map(() => answers[0].nodes.map((c) => c.code)));
    // The L'Île-… names first: the closest to what was typed.
    const first = (answer: { nodes: Array<{ name: string }> }) => answer.nodes[0].name;
    expect(first(answers[0]).startsWith("L'Île")).toBe(true);
    const words = await communes("l ile");
    expect(words.nodes.map((c) => c.code).sort()).toEqual(
      geo.communes
        .filter((c) => matches(c.nom, "l ile"))
        .map((c) => c.code)
        .sort(),
    );
    expect(words.totalCount).toBeGreaterThan(expected.length);
    expect(first(words)).toBe(first(answers[0]));
  });

  it("ranks by similarity then code, and lets an explicit order win", async () => {
    const ranked = await communes("saint dizier");
    // Saint-Dizier itself, then longer names containing it; ties by code.
    expect(ranked.nodes[0].name).toBe("Saint-Dizier");
    const byName = await list<{ name: string }>("communes", { search: "saint dizier" }, "name");
    expect(byName.nodes.map((c) => c.name)).toEqual(ranked.nodes.map((c) => c.name));
    const { data } = await api.run<{ communes: Conn<{ code: string }> }>(
      `{ communes(first: 50, filter: { search: "saint dizier" }, orderBy: { field: NAME, direction: DESC }) { edges { node { code } } } }`,
    );
    const byNameDesc: Array<{ code: string }> = await db.dataSource.query(
      `SELECT code FROM commune WHERE code = ANY($1) ORDER BY name DESC, code DESC`,
      [ranked.nodes.map((c) => c.code)],
    );
    expect(nodes(data!.communes)).toEqual(byNameDesc);
  });

  it("finds nothing for a text without letters or digits (punctuation folds to nothing)", async () => {
    for (const text of ["%", "_", "- '", "’"]) expect({ text, found: (await communes(text)).totalCount }).toEqual({ text, found: 0 });
    expect((await list<{ rna: string }>("associations", { search: "%" }, "rna")).totalCount).toBe(0);
  });

  it("still finds communes by the start of their code, and ignores the département's other communes", async () => {
    const byCode = await communes("5225");
    expect(byCode.nodes.map((c) => c.code)).toEqual(
      geo.communes
        .filter((c) => c.code.startsWith("5225"))
        .map((c) => c.code)
        .sort(),
    );
    const inside = await communes("saint", { department: "52" });
    expect(inside.nodes.map((c) => c.code).sort()).toEqual(
      geo.communes
        .filter((c) => c.departement === "52" && matches(c.nom, "saint"))
        .map((c) => c.code)
        .sort(),
    );
  });

  it("searches EPCI, départements, conventions, actions and associations the same way", async () => {
    const epci = await list<{ siren: string }>("intercommunalities", { search: "ales agglomeration" }, "siren");
    expect(epci.nodes.map((e) => e.siren)).toEqual(["200066918"]);
    expect(
      (await list<{ siren: string }>("intercommunalities", { search: "bassin de joinville en champagne" }, "siren")).nodes[0].siren,
    ).toBe("200044253");
    expect((await list<{ siren: string }>("intercommunalities", { search: "200044253" }, "siren")).nodes).toEqual([{ siren: "200044253" }]);
    // Côtes-d'Armor has each word too (côte, d, armor): Côte-d'Or, closer, comes first.
    expect((await list<{ code: string }>("departments", { search: "cote d or" }, "code")).nodes).toEqual([{ code: "21" }, { code: "22" }]);
    const conventions = async (search: string) =>
      (await list<{ reference: string }>("conventions", { search }, "reference")).nodes.map((c) => c.reference);
    expect(await conventions("canet roussillon")).toEqual(["CTG-66-66037"]);
    expect(await conventions("roussillon CANET")).toEqual(["CTG-66-66037"]);
    // A hyphen binds: ctg-66 is one phrase. With a space, 66 may be anywhere (Alès' SIREN holds it): Canet first.
    expect(await conventions("ctg-66")).toEqual(["CTG-66-66037"]);
    expect(await conventions("ctg 66")).toEqual(["CTG-66-66037", "CTG-30-2022-200066918"]);
    expect(await conventions("CTG-52-2023")).toEqual(["CTG-52-2023-200044253"]);
    expect(await conventions("LAMENTIN")).toEqual(["CTG-972-2024-97213"]);
    const actions = await list<{ title: string }>("actions", { search: "premiers jours" }, "title");
    expect(actions.nodes.map((a) => a.title)).toEqual(["Maison des 1 000 premiers jours"]);
    const associations = async (search: string) => (await list<{ rna: string }>("associations", { search }, "rna")).nodes.map((a) => a.rna);
    expect(await associations("l ile aux calins")).toEqual(["W523000001"]);
    expect(await associations("ILE AUX CÂLINS")).toEqual(["W523000001"]);
    expect(await associations("espace parents enfants")).toEqual(["W523000001"]);
    // Both contain "calins" and "l ile"; the shorter name is the closer one.
    expect(await associations("calins de l'ile")).toEqual(["W523000002"]);
    expect((await associations("calins")).sort()).toEqual(["W523000001", "W523000002"]);
    expect(await associations("W523000002")).toEqual(["W523000002"]);
  });

  it("goes through a trigram index on every searched name", async () => {
    const manager = db.dataSource.manager;
    const specs: Array<[string, ListSpec]> = [
      ["commune_name_search", listSpec(communeList, manager, { filter: { search: "saint dizier" } }, "2025-06-30")],
      ["intercommunality_name_search", listSpec(intercommunalityList, manager, { filter: { search: "ales agglomeration" } }, "2025-06-30")],
      ["convention_title_search", listSpec(conventionList, manager, { filter: { search: "canet" } }, "2025-06-30")],
      ["convention_reference_search", listSpec(conventionList, manager, { filter: { search: "canet" } }, "2025-06-30")],
      ["action_title_search", listSpec(actionList, manager, { filter: { search: "parentalite" } }, "2025-06-30")],
      ["partner_association_name_search", listSpec(associationList, manager, { filter: { search: "calins" } }, "2025-06-30")],
    ];
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // The reference data are a few rows per table: PostgreSQL would rightly read them whole. The index must be usable:
      // only bitmap scans are left (a plain index scan would read another index whole, e.g. action's (convention, title)).
      await runner.query(`SET LOCAL enable_seqscan = off`);
      await runner.query(`SET LOCAL enable_indexscan = off`);
      await runner.query(`SET LOCAL enable_indexonlyscan = off`);
      for (const [index, { source, filter }] of specs) {
        const plan: Array<{ "QUERY PLAN": string }> = await runner.query(
          `EXPLAIN SELECT 1 FROM ${source.from} WHERE ${filter.where}`,
          filter.params.values,
        );
        expect({ index, used: plan.some((line) => line["QUERY PLAN"].includes(index)) }).toEqual({ index, used: true });
      }
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    // Over the 35,000 communes, PostgreSQL picks it by itself.
    const [{ source, filter }] = [specs[0][1]];
    const plan: Array<{ "QUERY PLAN": string }> = await db.dataSource.query(
      `EXPLAIN SELECT 1 FROM ${source.from} WHERE ${filter.where}`,
      filter.params.values,
    );
    expect(plan.map((line) => line["QUERY PLAN"]).join("\n")).toContain("commune_name_search");
  });

  it("pages a ranked search with cursors: the pages follow each other, no row skipped or repeated", async () => {
    const all = await communes("saint", { department: "52" });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const {
        data,
        errors,
      }: {
        data?: { communes: Conn<{ code: string }> & { pageInfo: { endCursor: string; hasNextPage: boolean } } } | null;
        errors?: unknown;
      } = await api.run(
        `query ($after: String) { communes(first: 7, after: $after, filter: { department: "52", search: "saint" }) {
          pageInfo { endCursor hasNextPage } edges { node { code } } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      seen.push(...nodes(data!.communes).map((c) => c.code));
      after = data!.communes.pageInfo.hasNextPage ? data!.communes.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.nodes.map((c) => c.code));
    expect(seen.length).toBeGreaterThan(14);
  });
});
