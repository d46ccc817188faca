import { countQueries } from "../../src/db/query-log";
import { graphqlClient } from "../helpers/graphql";
import { makeIntercommunalConvention } from "../helpers/factories";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * No N+1: a deep dashboard query costs the same handful of statements (about one per level) with
 * resolvers, and one with compiled reads, whatever the number of rows under it.
 */
describe("batched resolution", () => {
  const DEPARTMENT = "01";
  const DEEP_QUERY = `query ($code: String!) {
    department(code: $code) {
      name
      communes(first: 500) {
        edges { node {
          code name population
          intercommunality { siren name }
          conventions {
            reference status(asOf: "2025-06-30")
            actions(first: 50) { edges { node { title status partners { role association { name rna } } } } }
          }
        } }
      }
    }
  }`;
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let compiled: Awaited<ReturnType<typeof graphqlClient>>;
  let sirens: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource, { compiledReads: false });
    compiled = await graphqlClient(db.dataSource);
    sirens = (
      await db.dataSource.query(
        `SELECT DISTINCT intercommunality_siren AS siren FROM commune WHERE department_code = $1 AND intercommunality_siren IS NOT NULL ORDER BY 1`,
        [DEPARTMENT],
      )
    ).map((r: { siren: string }) => r.siren);
  });
  afterAll(async () => {
    await api.stop();
    await compiled.stop();
    await db.close();
  });

  async function deepQueryCost(client: typeof api) {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { result, statements } = await countQueries(() => client.run<{ department: any }>(DEEP_QUERY, { code: DEPARTMENT }));
    expect(result.errors).toBeUndefined();
    const communes = result.data!.department.communes.edges as Array<{ node: { conventions: Array<{ actions: { edges: unknown[] } }> } }>;
    const actions = communes.flatMap((e) => e.node.conventions).reduce((sum, c) => sum + c.actions.edges.length, 0);
    return { statements, actions, data: result.data };
  }

  it("costs the same number of statements on a small and a ten-times-larger data set", async () => {
    expect(sirens.length).toBeGreaterThanOrEqual(10);
    await makeIntercommunalConvention(db.dataSource.manager, sirens[0], { actions: 3, partnersPerAction: 2 });
    const small = await deepQueryCost(api);
    const smallCompiled = await deepQueryCost(compiled);

    for (const siren of sirens.slice(1, 10)) {
      await makeIntercommunalConvention(db.dataSource.manager, siren, { actions: 3, partnersPerAction: 2 });
    }
    const large = await deepQueryCost(api);
    const largeCompiled = await deepQueryCost(compiled);

    expect(large.actions).toBeGreaterThanOrEqual(5 * small.actions);
    expect(large.statements).toBe(small.statements);
    // department, communes, EPCI, coverage links, conventions, actions, partnerships, associations
    expect(small.statements).toBeLessThanOrEqual(8);
    // Compiled reads: the same answers from one statement.
    expect([smallCompiled.statements, largeCompiled.statements]).toEqual([1, 1]);
    expect([smallCompiled.data, largeCompiled.data]).toEqual([small.data, large.data]);
  });

  it("counts a connection's total only when it is asked for", async () => {
    const query = (withTotal: boolean) =>
      `{ communes(first: 5, filter: { department: "${DEPARTMENT}" }) { ${withTotal ? "totalCount" : ""} edges { node { code } } } }`;
    const without = await countQueries(() => api.run(query(false)));
    const withTotal = await countQueries(() => api.run<{ communes: { totalCount: number } }>(query(true)));
    expect(without.statements).toBe(1);
    expect(withTotal.statements).toBe(2);
    const [{ n }] = await db.dataSource.query(`SELECT count(*) AS n FROM commune WHERE department_code = $1`, [DEPARTMENT]);
    expect(withTotal.result.data!.communes.totalCount).toBe(n);
    // Compiled reads count in the same statement, again only when asked.
    const compiledTotal = await countQueries(() => compiled.run<{ communes: { totalCount: number } }>(query(true)));
    expect(compiledTotal.statements).toBe(1);
    expect(compiledTotal.result.data).toEqual(withTotal.result.data);
  });
});
