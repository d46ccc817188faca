import { getOperationAST, parse, type GraphQLSchema } from "graphql";
import { todayInFrance } from "../../src/common/date";
import { countQueries } from "../../src/db/query-log";
import { coerceVariables } from "../../src/graph/executor";
import { buildHubSchema, sqlTypes } from "../../src/server/schema";
import { FinalReadError, SqlReader, type Fallback } from "../../src/graph/sql-reader";
import { generateSynthetic } from "../../src/synthetic/synthetic.load";
import { graphqlClient, type GraphQLResult } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Compiled reads (src/graph/compile/) answer exactly what the resolvers answer: every document
 * below runs both ways on the same data, and the JSON must be identical byte for byte (field order,
 * cursors, nulls), from one SQL statement — as data for graphql-js, and as the text the compiled-read
 * route sends as it came from the database. Documents the compiler does not cover must still answer,
 * through the resolvers.
 */
describe("compiled reads", () => {
  let db: TestDatabase;
  let resolvers: Awaited<ReturnType<typeof graphqlClient>>;
  let compiled: Awaited<ReturnType<typeof graphqlClient>>;
  let schema: GraphQLSchema;
  let reader: SqlReader;
  /** Keys of rows that exist in the synthetic set (picked by SQL, so no test hard-codes them). */
  let picks: {
    department: string;
    reference: string;
    siren: string;
    commune: string;
    association: string;
    axis: string;
    facilityCommune: string;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.02 });
    const one = async (sql: string): Promise<string> => String(Object.values((await db.dataSource.query(sql))[0])[0]);
    // The convention with the most actions, and rows around it.
    const reference = await one(
      `SELECT c.reference FROM convention c JOIN action a ON a.convention_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
    );
    picks = {
      reference,
      department: await one(`SELECT department_code FROM convention WHERE reference = '${reference}'`),
      siren: await one(
        `SELECT holder_intercommunality_siren FROM convention WHERE holder_intercommunality_siren IS NOT NULL ORDER BY id LIMIT 1`,
      ),
      commune: await one(`SELECT commune_code FROM convention_commune ORDER BY convention_id, commune_code LIMIT 1`),
      association: await one(`SELECT association_id FROM partnership GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`),
      axis: await one(`SELECT sdsf_axis_id FROM convention_sdsf_axis GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`),
      facilityCommune: await one(`SELECT commune_code FROM facility GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`),
    };
    // A title with everything JSON escapes (quotes, backslash, control characters) or not (é, emoji, U+2028).
    // Titles refuse control characters now (convention_title_text); a row stored before that constraint
    // (added NOT VALID over such rows) may still hold them, and must still be read right.
    await db.dataSource.query(`ALTER TABLE convention DROP CONSTRAINT convention_title_text`);
    await db.dataSource.query(`UPDATE convention SET title = $1 WHERE reference = $2`, [
      `Titre "cité" \\ C:\\chemin\ttab\nligne \u0001\u001f\u007f é 🙂 \u2028`,
      reference,
    ]);
    schema = await buildHubSchema();
    reader = new SqlReader(schema, sqlTypes);
    resolvers = await graphqlClient(db.dataSource, { compiledReads: false });
    compiled = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await resolvers.stop();
    await compiled.stop();
    await db.close();
  });

  /** The compiled-read route's body for `query` (without its newline), as SqlReader writes it. */
  async function compiledText(query: string, variables: Record<string, unknown>): Promise<string | Fallback> {
    const document = parse(query);
    const operation = getOperationAST(document) ?? undefined;
    const checked = coerceVariables(schema, operation, variables);
    if ("errors" in checked || !operation) throw new Error(`not a valid operation: ${query}`);
    const text = await reader.answerJson({
      key: query,
      document,
      operation,
      variables: checked.coerced,
      manager: db.dataSource.manager,
      today: todayInFrance(),
      readsRestricted: false,
    });
    if (text instanceof FinalReadError) throw new Error(`compiled read failed: ${text.error.message}`);
    return text;
  }

  /**
   * Runs `query` both ways; returns the compiled answer after checking it equals the resolvers' and took `statements`.
   * A compiled one (one statement) is checked as the route's text too.
   */
  async function same<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    statements: number | "any" = 1,
  ): Promise<GraphQLResult<T>> {
    const expected = await resolvers.run<T>(query, variables);
    const actual = await countQueries(() => compiled.run<T>(query, variables));
    expect(JSON.stringify(actual.result)).toBe(JSON.stringify(expected));
    if (statements !== "any") expect(actual.statements).toBe(statements);
    if (statements === 1) expect(await compiledText(query, variables)).toBe(JSON.stringify(expected));
    return actual.result;
  }

  it("answers the dashboard's département query", async () => {
    const answer = await same<{ communes: { edges: unknown[] } }>(
      `query ($code: String!) { communes(first: 500, filter: {department: $code}) {
        edges { node { code name population intercommunality { siren name } conventions { reference status } } } } }`,
      { code: picks.department },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.communes.edges.length).toBeGreaterThan(10);
  });

  it("answers the same when repeated (on PostgreSQL a hot statement is then prepared, named and unnamed in turn)", async () => {
    const query = `query ($ref: String!) { convention(reference: $ref) { reference status coveredCommunes(first: 5) { edges { node { code } } } } }`;
    const expected = JSON.stringify(await resolvers.run(query, { ref: picks.reference }));
    for (let i = 0; i < 40; i++) {
      const { result, statements } = await countQueries(() => compiled.run(query, { ref: picks.reference }));
      expect({ i, answer: JSON.stringify(result), statements }).toEqual({ i, answer: expected, statements: 1 });
    }
  });

  it("answers a convention with everything under it, its holder through fragments", async () => {
    const answer = await same<{ convention: { actions: { edges: unknown[] } } }>(
      `query ($ref: String!) { convention(reference: $ref) {
        __typename id reference title stage signedOn startsOn endsOn startsOnPrecision themes bonusTerritoire isRenewal predecessorId
        status past: status(asOf: "2015-01-01") department { code name region { code name } }
        holder { __typename ...Place ... on Intercommunality { siren name kind population } }
        signatories { kind role name communeCode signedOn commune { name } intercommunality { name } association { name } }
        coveredCommunes(first: 7, orderBy: {field: POPULATION, direction: DESC}) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { code name population postalCodes } }
        }
        objectives { position title description actions { title } convention { reference } }
        actions(first: 100) { totalCount edges { node {
          id position title theme status startsOn endsOn progress objective { title } sdsfAxis { number title }
          partners { role association { name rna themes commune { name } } convention { reference } action { title } }
        } } }
        partners { role associationId }
        sdsfAxes { number title scheme { title department { code } } }
        predecessor { reference } successor { reference }
      } }
      fragment Place on Commune { code name }`,
      { ref: picks.reference },
    );
    expect(answer.data!.convention.actions.edges.length).toBeGreaterThan(3);
  });

  it("answers the national list, filtered, ordered and paged both ways with the same cursors", async () => {
    const list = (args: string) => `{ conventions(${args}) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { reference endsOn themes status(asOf: "2025-06-30") department { code name } } } } }`;
    type Page = { conventions: { pageInfo: { endCursor: string; startCursor: string }; edges: unknown[] } };
    const filter = `filter: {status: [ACTIVE, EXPIRED], asOf: "2025-06-30"}, orderBy: {field: ENDS_ON}`;
    const first = await same<Page>(list(`first: 5, ${filter}`));
    const second = await same<Page>(list(`first: 5, after: "${first.data!.conventions.pageInfo.endCursor}", ${filter}`));
    await same(list(`last: 3, before: "${second.data!.conventions.pageInfo.startCursor}", ${filter}`));
    await same(list(`last: 4, ${filter}`));
    await same(list(`first: 3, filter: {themes: [YOUTH, PARENTING], search: "SYN"}, orderBy: {field: TITLE, direction: DESC}`));
    await same(list(`first: 10, filter: {department: "${picks.department}", expiringBefore: "2030-12-31", bonusTerritoire: false}`));
    await same(list(`first: 10, filter: {coveredCommune: "${picks.commune}"}`));
    await same(list(`first: 10, filter: {holder: "${picks.siren}", sdsfAxis: "${picks.axis}"}`));
    await same(list(`first: 2, filter: {search: "no such convention"}`));
    // A lone list asking only for edges is read one edge per row: forward, backward, empty.
    const edges = (args: string) => `{ conventions(${args}) { edges { cursor node { reference title } } } }`;
    await same(edges(`first: 7, ${filter}`));
    await same(edges(`last: 3, before: "${second.data!.conventions.pageInfo.startCursor}", ${filter}`));
    await same(edges(`first: 2, filter: {search: "no such convention"}`));
    expect(first.data!.conventions.edges).toHaveLength(5);
  });

  it("ranks a search best first, both ways, with the same cursors through pages, nested and alongside other filters", async () => {
    type Page = { communes: { pageInfo: { endCursor: string; startCursor: string }; edges: Array<{ node: { name: string } }> } };
    const list = (args: string) => `{ communes(${args}) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code name } } } }`;
    const first = await same<Page>(list(`first: 4, filter: {search: "saint"}`));
    const second = await same<Page>(list(`first: 4, after: "${first.data!.communes.pageInfo.endCursor}", filter: {search: "saint"}`));
    await same(list(`last: 3, before: "${second.data!.communes.pageInfo.startCursor}", filter: {search: "saint"}`));
    // The search's placeholder comes after the département's: the rank reads the right parameter, the cursors still fit.
    const inDepartment = `filter: {department: "${picks.department}", populationMin: 1, search: "saint"}`;
    const page = await same<Page>(list(`first: 3, ${inDepartment}`));
    await same(list(`first: 3, after: "${page.data!.communes.pageInfo.endCursor}", ${inDepartment}`));
    await same(`{ communes(first: 3, filter: {search: "saint"}) { edges { cursor node { code } } } }`);
    await same(
      `query ($code: String!, $text: String) { department(code: $code) {
      communes(first: 5, filter: {populationMin: 1, search: $text}) { totalCount pageInfo { endCursor } edges { cursor node { name } } }
      conventions(first: 3, filter: {search: $text}) { edges { cursor node { reference } } }
      intercommunalities { siren }
    } }`,
      { code: picks.department, text: "saint" },
    );
    // Two searched lists in one statement: the second's rank reads its own text, not the first's parameter.
    await same(`{ a: communes(first: 5, filter: {search: "saint"}) { edges { cursor node { name } } }
      b: communes(first: 5, filter: {search: "dizier", populationMin: 1}) { edges { cursor node { name } } }
      c: conventions(first: 3, filter: {search: "syn"}) { edges { cursor node { reference } } } }`);
    // An explicit order wins over the rank.
    await same(list(`first: 4, filter: {search: "saint"}, orderBy: {field: POPULATION, direction: DESC}`));
    expect(first.data!.communes.edges).toHaveLength(4);
  });

  it("answers territories, associations, facilities and SDSF schemes", async () => {
    await same(
      `query ($code: String!) { department(code: $code) {
      code name zone region { name }
      communes(first: 20, filter: {populationMin: 100}, orderBy: {field: NAME}) { totalCount edges { node { name population } } }
      intercommunalities { siren name kind }
      conventions(first: 5, orderBy: {field: SIGNED_ON, direction: DESC}) { edges { node { reference signedOn } } }
      sdsfSchemes { title startsOn signatoryBodies axes { number title } }
      associations(first: 5) { totalCount edges { node { name rna } } }
      facilities(first: 5, orderBy: {field: CAPACITY}) { edges { node { kind name capacity } } }
    } }`,
      { code: picks.department },
    );
    await same(
      `query ($siren: String!) { intercommunality(siren: $siren) {
      siren name kind population municipalPopulation departments { code }
      communes(first: 3, after: null) { pageInfo { hasNextPage } edges { node { code covered: conventions { reference } } } }
      conventions(first: 5) { totalCount edges { node { reference holderKind } } }
    } }`,
      { siren: picks.siren },
    );
    await same(
      `query ($code: String!) { commune(code: $code) {
      code name department { name } intercommunality { name } conventions { reference stage }
      facilities(first: 10) { edges { node { name kind operatorKind operator { __typename ... on Commune { code } ... on Intercommunality { siren } ... on PartnerAssociation { name } } approvals { kind startsOn endsOn } } } }
      associations(first: 10) { edges { node { name } } }
    } }`,
      { code: picks.facilityCommune },
    );
    await same(`{ associations(first: 20, orderBy: {field: ID}) { totalCount edges { node {
      id name rna siren communeCode themes website version commune { name }
      partnerships { role convention { reference } action { title } }
      conventions(first: 3) { edges { node { reference } } }
      actions(first: 3, filter: {status: [IN_PROGRESS, PLANNED, DONE]}) { edges { node { title } } }
    } } } }`);
    await same(`{ sdsfSchemes(first: 3) { totalCount edges { node { departmentCode title endsOn department { name } axes { id number title
      conventions(first: 2) { edges { node { reference } } } actions(first: 2) { totalCount edges { node { title } } } } } } } }`);
    await same(
      `{ actions(first: 25, filter: {themes: [EARLY_CHILDHOOD, YOUTH]}, orderBy: {field: STARTS_ON}) { totalCount edges { cursor node { title startsOn convention { reference } } } } }`,
    );
    await same(`{ departments(first: 4, filter: {region: "84"}, orderBy: {field: NAME, direction: DESC}) { totalCount edges { node { code name } } }
      intercommunalities(first: 3, filter: {department: "${picks.department}"}, orderBy: {field: POPULATION}) { edges { node { siren population } } } }`);
  });

  it("keeps aliases, __typename, fragments and @include/@skip as graphql-js does", async () => {
    const query = `query ($code: String!, $withEpci: Boolean!) {
      __typename
      first: communes(first: 2, filter: {department: $code}) { __typename edges { __typename node { ...C } } pageInfo { __typename endCursor } }
      again: communes(first: 2, filter: {department: $code}) { edges { node { code n: name } } }
    }
    fragment C on Commune { code ... on Commune { name } intercommunality @include(if: $withEpci) { name } population @skip(if: $withEpci) }`;
    await same(query, { code: picks.department, withEpci: true });
    await same(query, { code: picks.department, withEpci: false });
  });

  it("answers null for unknown keys", async () => {
    const answer = await same<{ convention: null; commune: null }>(
      `{ convention(reference: "CTG-00-0000-000000000") { title } commune(code: "99999") { name } department(code: "985") { name } }`,
    );
    expect(answer.data).toEqual({ convention: null, commune: null, department: null });
  });

  it("leaves to the resolvers what it does not map, and reports bad arguments as they do", async () => {
    // Restricted, analytics and introspection fields are not compiled; the answers are the same.
    await same(`query ($ref: String!) { convention(reference: $ref) { title internalNotes } }`, { ref: picks.reference }, "any");
    await same(`{ nationalCoverage(asOf: "2025-06-30") { departmentCode coveredCommuneCount } }`, {}, "any");
    await same(`{ __schema { queryType { name } } }`, {}, 0);
    for (const bad of [
      `{ commune(code: "ABC") { name } }`,
      `{ communes(first: 501) { edges { node { code } } } }`,
      `{ communes(first: 1, after: "not-a-cursor") { edges { node { code } } } }`,
      `{ conventions(first: 1, filter: {department: "1"}) { edges { node { reference } } } }`,
    ]) {
      const answer = await same(bad, {}, "any");
      expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("refuses a cursor issued for another order, as the resolvers do", async () => {
    const byName = await same<{ communes: { pageInfo: { endCursor: string } } }>(
      `{ communes(first: 2, orderBy: {field: NAME}) { pageInfo { endCursor } } }`,
    );
    const answer = await same(
      `{ communes(first: 2, after: "${byName.data!.communes.pageInfo.endCursor}") { edges { node { code } } } }`,
      {},
      "any",
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
