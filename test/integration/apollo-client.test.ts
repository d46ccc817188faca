import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Apollo Client 4 as an application would set it up against the hub: an InMemoryCache with no `keyFields`
 * (objects are normalised by `__typename` and `id`), `relayStylePagination()` on the connections it pages,
 * over HTTP. Apollo adds `__typename` to every selection, which the compiled reads must answer too.
 */
interface Page<T> {
  totalCount: number;
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface CommuneRow {
  id: string;
  code: string;
  name: string;
  intercommunality: { id: string; name: string } | null;
}

const DEPARTMENT_COMMUNES: TypedDocumentNode<
  {
    department: { id: string; code: string; name: string; region: { id: string; code: string; name: string }; communes: Page<CommuneRow> };
  },
  { code: string; first: number; after?: string | null }
> = gql`
  query DepartmentCommunes($code: String!, $first: Int!, $after: String) {
    department(code: $code) {
      id
      code
      name
      region { id code name }
      communes(first: $first, after: $after) {
        totalCount
        edges { cursor node { id code name intercommunality { id name } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

interface ConventionRow {
  id: string;
  databaseId: string;
  reference: string;
  title: string;
  objectives: Array<{ id: string; databaseId: string; title: string }>;
}
const CONVENTIONS: TypedDocumentNode<{ conventions: Page<ConventionRow> }, { first: number; after?: string | null }> = gql`
  query Conventions($first: Int!, $after: String) {
    conventions(first: $first, after: $after) {
      totalCount
      edges { cursor node { id databaseId reference title objectives { id databaseId title } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

function newClient(origin: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: `${origin}/graphql` }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { conventions: relayStylePagination(["filter", "orderBy"]) } },
        Department: { fields: { communes: relayStylePagination(["filter", "orderBy"]) } },
      },
    }),
  });
}

/** Watches a query, pages it twice with `fetchMore` (as a "more" button would), and returns what the cache then holds. */
async function pageTwice<TData, TVariables extends { first: number; after?: string | null }>(
  client: ApolloClient,
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  connectionOf: (data: TData) => Page<unknown>,
): Promise<TData> {
  const observable = client.watchQuery({ query, variables });
  let subscription: { unsubscribe(): void } | undefined;
  const first = new Promise<TData>((resolve, reject) => {
    subscription = observable.subscribe({
      next: (result) => {
        if (result.error) reject(result.error);
        else if (result.dataState === "complete") resolve(result.data as TData);
      },
      error: reject,
    });
  });
  try {
    let data: TData = await first;
    for (let page = 0; page < 2; page++) {
      const { endCursor } = connectionOf(data).pageInfo;
      const more = await observable.fetchMore({ variables: { after: endCursor } as Partial<TVariables> });
      if (more.error) throw more.error;
      data = client.readQuery({ query, variables }) as TData;
    }
    return data;
  } finally {
    subscription?.unsubscribe();
  }
}

describe("Apollo Client 4 against the hub", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  it("pages a département's communes with fetchMore and relayStylePagination: the merged edges are the first three pages", async () => {
    const client = newClient(listening.origin);
    const merged = await pageTwice(client, DEPARTMENT_COMMUNES, { code: "52", first: 3 }, (data) => data.department.communes);
    const reference = await newClient(listening.origin).query({ query: DEPARTMENT_COMMUNES, variables: { code: "52", first: 9 } });
    const expected = reference.data?.department.communes;
    expect(expected?.edges).toHaveLength(9);
    const communes = merged.department.communes;
    expect(communes.edges.map((edge) => edge.node.code)).toEqual(expected?.edges.map((edge) => edge.node.code));
    expect(communes.edges.map((edge) => edge.cursor)).toEqual(expected?.edges.map((edge) => edge.cursor));
    expect(communes.totalCount).toBe(426);
    expect(communes.pageInfo).toEqual(expect.objectContaining({ hasNextPage: true, endCursor: expected?.pageInfo.endCursor }));
  });

  it("pages the root conventions with fetchMore: every convention once, in order", async () => {
    const client = newClient(listening.origin);
    const merged = await pageTwice(client, CONVENTIONS, { first: 1 }, (data) => data.conventions);
    const all = await newClient(listening.origin).query({ query: CONVENTIONS, variables: { first: 3 } });
    const expected = all.data?.conventions.edges.map((edge) => edge.node.reference) ?? [];
    expect(expected).toHaveLength(3);
    expect(merged.conventions.edges.map((edge) => edge.node.reference)).toEqual(expected);
    expect(merged.conventions.totalCount).toBeGreaterThan(3);
  });

  it("keeps a Convention and an Objective with the same databaseId apart in the normalised cache", async () => {
    const client = newClient(listening.origin);
    const { data } = await client.query({ query: CONVENTIONS, variables: { first: 20 } });
    const conventions = data?.conventions.edges.map((edge) => edge.node) ?? [];
    const objectives = conventions.flatMap((convention) => convention.objectives);
    const convention = conventions.find((c) => objectives.some((o) => o.databaseId === c.databaseId));
    const objective = objectives.find((o) => o.databaseId === convention?.databaseId);
    if (!convention || !objective) throw new Error("the reference cases should hold a convention and an objective with one number");
    expect(convention.title).not.toBe(objective.title);
    expect(convention.id).not.toBe(objective.id);

    // Both objects are in the cache under their own key, each with its own title.
    const conventionKey = client.cache.identify({ __typename: "Convention", id: convention.id });
    const objectiveKey = client.cache.identify({ __typename: "Objective", id: objective.id });
    const store = client.cache.extract() as Record<string, Record<string, unknown>>;
    expect(store[conventionKey as string]).toEqual(expect.objectContaining({ title: convention.title, databaseId: convention.databaseId }));
    expect(store[objectiveKey as string]).toEqual(expect.objectContaining({ title: objective.title, databaseId: objective.databaseId }));

    // An id is unique across types (a store keyed by `id` alone, as Relay's, would mix them otherwise).
    const typesById = new Map<string, Set<string>>();
    for (const entry of Object.values(store)) {
      if (typeof entry.id !== "string" || typeof entry.__typename !== "string") continue;
      typesById.set(entry.id, (typesById.get(entry.id) ?? new Set()).add(entry.__typename));
    }
    expect([...typesById.entries()].filter(([, types]) => types.size > 1)).toEqual([]);

    // Reading a fragment back gives each its own title.
    const conventionTitle = gql`
      fragment ConventionTitle on Convention { title }
    `;
    const objectiveTitle = gql`
      fragment ObjectiveTitle on Objective { title }
    `;
    expect(client.cache.readFragment({ id: conventionKey, fragment: conventionTitle })).toEqual({
      __typename: "Convention",
      title: convention.title,
    });
    expect(client.cache.readFragment({ id: objectiveKey, fragment: objectiveTitle })).toEqual({
      __typename: "Objective",
      title: objective.title,
    });
  });

  it("normalises communes, départements, EPCI and régions by id: fields read by two queries meet on one object", async () => {
    const client = newClient(listening.origin);
    await client.query({ query: DEPARTMENT_COMMUNES, variables: { code: "52", first: 500 } });
    await client.query({
      query: gql`
        query Joinville {
          commune(code: "52250") { id population department { id capitalCode } intercommunality { id siren communes(first: 1) { totalCount } } }
        }
      `,
    });
    const store = client.cache.extract() as Record<string, Record<string, unknown>>;
    const keys = Object.keys(store);
    for (const type of ["Commune", "Department", "Intercommunality", "Region"]) {
      expect(keys.some((key) => key.startsWith(`${type}:`))).toBe(true);
    }
    // Nothing of these types is left embedded in its parent: every one has a cache key.
    const communes = keys.filter((key) => key.startsWith("Commune:"));
    expect(communes).toHaveLength(426);

    const joinville = client.readFragment<{
      code: string;
      name: string;
      population: number;
      intercommunality: { name: string; siren: string };
    }>({
      id: communes.find((key) => store[key].code === "52250"),
      fragment: gql`
        fragment JoinvilleCommune on Commune { code name population intercommunality { name siren } }
      `,
    });
    expect(joinville).toEqual(
      expect.objectContaining({
        code: "52250",
        name: "Joinville",
        population: 2915,
        intercommunality: expect.objectContaining({ siren: "200044253", name: expect.stringContaining("Joinville") }),
      }),
    );
    const department = client.readFragment<{
      code: string;
      name: string;
      capitalCode: string | null;
      region: { name: string; code: string };
    }>({
      id: keys.find((key) => key.startsWith("Department:") && store[key].code === "52"),
      fragment: gql`
        fragment HauteMarne on Department { code name capitalCode region { name code } }
      `,
    });
    expect(department).toEqual(
      expect.objectContaining({ code: "52", name: "Haute-Marne", region: expect.objectContaining({ code: "44" }) }),
    );
    expect(department?.capitalCode).toEqual(expect.any(String));
  });
});
