import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The Relay compiler (the `relay-compiler` package's native binary) compiles an application's documents against
 * schema/schema.graphql: `@refetchable` on Convention and Department (which needs `Node` and `Query.node`) and a
 * `@connection` pagination fragment. The operations it generates are then sent to the hub as a Relay app would.
 * Everything is written to a temporary folder; no artifact is committed.
 */
const SCHEMA = path.join(__dirname, "../../schema/schema.graphql");

const APP_DOCUMENTS: Record<string, string> = {
  "ConventionCard.js": `graphql\`
  fragment ConventionCard_convention on Convention @refetchable(queryName: "ConventionCardRefetchQuery") {
    databaseId reference title
    objectives { databaseId title }
  }
\`;`,
  "DepartmentCommunes.js": `graphql\`
  fragment DepartmentCommunes_department on Department
  @refetchable(queryName: "DepartmentCommunesPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" }) {
    code name
    region { code name }
    communes(first: $count, after: $cursor) @connection(key: "DepartmentCommunes_communes") {
      totalCount
      edges { node { code name intercommunality { siren name } } }
    }
  }
\`;`,
  "App.js": `graphql\`
  query AppQuery($code: String!, $reference: String!) {
    department(code: $code) { ...DepartmentCommunes_department }
    convention(reference: $reference) { ...ConventionCard_convention }
  }
\`;`,
  "RegionDepartments.js": `graphql\`
  query RegionDepartmentsQuery($region: String!) {
    departments(first: 10, filter: { region: $region }) { edges { node { ...DepartmentCommunes_department } } }
  }
\`;`,
};

interface Compilation {
  status: number | null;
  output: string;
  /** The operation text of each generated query artifact, by operation name. */
  operations: Record<string, string>;
}

/** The compiler's binary for this platform (the package ships one per platform, null where none fits). */
function relayBinary(): string {
  const binary = require("relay-compiler") as string | null;
  if (!binary) throw new Error(`relay-compiler has no binary for ${process.platform} (${process.arch})`);
  return binary;
}

function compile(documents: Record<string, string>): Compilation {
  const root = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-relay-"));
  try {
    mkdirSync(path.join(root, "src"));
    mkdirSync(path.join(root, "__generated__"));
    copyFileSync(SCHEMA, path.join(root, "schema.graphql"));
    const config = { src: "./src", schema: "./schema.graphql", language: "javascript", artifactDirectory: "./__generated__" };
    writeFileSync(path.join(root, "relay.config.json"), JSON.stringify(config));
    for (const [file, text] of Object.entries(documents)) writeFileSync(path.join(root, "src", file), text);
    const run = spawnSync(relayBinary(), ["--output", "quiet-with-errors", "relay.config.json"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    const operations: Record<string, string> = {};
    for (const file of readdirSync(path.join(root, "__generated__"))) {
      const artifact = readFileSync(path.join(root, "__generated__", file), "utf8");
      const name = /"name": "(\w+)"/.exec(artifact.slice(artifact.indexOf('"params"')))?.[1];
      const text = /"text": ("(?:[^"\\]|\\.)*")/.exec(artifact)?.[1];
      if (name && text) operations[name] = JSON.parse(text) as string;
    }
    return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ""}`, operations };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("the Relay compiler against schema/schema.graphql", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  let compiled: Compilation;
  beforeAll(async () => {
    compiled = compile(APP_DOCUMENTS);
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
  });
  afterAll(async () => {
    await listening?.close();
    await db?.close();
  });

  const post = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${listening.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };

  it("compiles @refetchable fragments on Convention and Department and a @connection pagination fragment", () => {
    expect({ status: compiled.status, output: compiled.output }).toEqual({ status: 0, output: "" });
    expect(Object.keys(compiled.operations).sort()).toEqual([
      "AppQuery",
      "ConventionCardRefetchQuery",
      "DepartmentCommunesPaginationQuery",
      "RegionDepartmentsQuery",
    ]);
    expect(compiled.operations.DepartmentCommunesPaginationQuery).toContain("node(id: $id)");
  });

  it("refuses @refetchable on a type that is not a Node (the check can fail)", () => {
    const refused = compile({
      "Compare.js": `graphql\`
  fragment Compare_row on TerritoryComparison @refetchable(queryName: "CompareRefetchQuery") { code name }
\`;`,
    });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("Invalid use of @refetchable");
  });

  it("the operations Relay generates are answered by the hub: the first page, the next page by node(id), a refetch", async () => {
    type Communes = {
      totalCount: number;
      edges: Array<{ cursor: string; node: { id: string; code: string; __typename: string } }>;
      pageInfo: { endCursor: string; hasNextPage: boolean };
    };
    const app = await post<{
      department: { id: string; code: string; communes: Communes };
      convention: { id: string; databaseId: string; title: string; objectives: Array<{ id: string; databaseId: string; title: string }> };
    }>(compiled.operations.AppQuery, { code: "52", reference: "CTG-52-2023-200044253" });
    expect(app.department.communes.edges).toHaveLength(3);
    expect(app.department.communes.totalCount).toBe(426);

    const next = await post<{ node: { __typename: string; id: string; code: string; communes: Communes } }>(
      compiled.operations.DepartmentCommunesPaginationQuery,
      { id: app.department.id, count: 3, cursor: app.department.communes.pageInfo.endCursor },
    );
    expect(next.node).toEqual(expect.objectContaining({ __typename: "Department", id: app.department.id, code: "52" }));
    const both = await post<{ department: { communes: Communes } }>(
      compiled.operations.AppQuery.replace("communes(first: 3)", "communes(first: 6)"),
      {
        code: "52",
        reference: "CTG-52-2023-200044253",
      },
    );
    const codes = (page: Communes) => page.edges.map((edge) => edge.node.code);
    expect([...codes(app.department.communes), ...codes(next.node.communes)]).toEqual(codes(both.department.communes));

    const refetched = await post<{
      node: { __typename: string; id: string; title: string; objectives: Array<{ id: string; title: string }> };
    }>(compiled.operations.ConventionCardRefetchQuery, { id: app.convention.id });
    expect(refetched.node).toEqual(
      expect.objectContaining({ __typename: "Convention", id: app.convention.id, title: app.convention.title }),
    );
    expect(refetched.node.objectives).toEqual(app.convention.objectives);

    // A connection fetched for several départements at once is paged for one of them: its cursor is accepted.
    const region = await post<{ departments: { edges: Array<{ node: { id: string; code: string; communes: Communes } }> } }>(
      compiled.operations.RegionDepartmentsQuery,
      { region: "44" },
    );
    const departments = region.departments.edges.map((edge) => edge.node);
    expect(departments.map((department) => department.code)).toEqual(expect.arrayContaining(["52", "88"]));
    for (const department of departments) {
      const more = await post<{ node: { communes: Communes } }>(compiled.operations.DepartmentCommunesPaginationQuery, {
        id: department.id,
        count: 3,
        cursor: department.communes.pageInfo.endCursor,
      });
      const direct = await post<{ department: { communes: Communes } }>(
        compiled.operations.AppQuery.replace("communes(first: 3)", "communes(first: 6)"),
        { code: department.code, reference: "CTG-52-2023-200044253" },
      );
      expect([...codes(department.communes), ...codes(more.node.communes)]).toEqual(codes(direct.department.communes));
    }

    // Relay's store keys records by `id` alone: no id of a convention is one of its objectives'.
    const ids = [app.convention.id, ...app.convention.objectives.map((objective) => objective.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
