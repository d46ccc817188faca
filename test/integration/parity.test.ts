import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getOperationAST, parse, type GraphQLSchema } from "graphql";
import { ANONYMOUS, readsAllRestricted, Role, type Viewer } from "../../src/auth/viewer";
import { dashboardDocuments } from "../../src/dashboard/dashboard.documents";
import { compileRead } from "../../src/graph/compile/compiler";
import { coerceVariables } from "../../src/graph/executor";
import { SqlReader, isFallback } from "../../src/graph/sql-reader";
import { buildHubSchema, graphParts, sqlTypes } from "../../src/server/schema";
import { generateSynthetic } from "../../src/synthetic/synthetic.load";
import { graphqlClient } from "../helpers/graphql";
import { addActionFollowUp, addGovernance } from "../helpers/factories";
import { parityDocuments, type LookupSamples } from "../helpers/parity-documents";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Parity by construction: documents generated from the declarations (every mapped field, relation and list,
 * with page arguments and each sort) answer byte for byte the same through compiled reads and through the
 * resolvers, and never fall back. The dashboard's own documents compile (the analytics they ask for are
 * resolvers by design, never a fallback), and their SQL is committed in __sql__/ so a change of plan shows in review.
 */
const TODAY = "2025-06-30";
const NATIONAL_ANALYST: Viewer = {
  kind: "user",
  subject: "analyste",
  role: Role.ANALYST,
  national: true,
  departments: [],
  associationId: null,
};
const SQL_DIR = path.join(__dirname, "__sql__");

describe("compiled reads and resolvers, on documents generated from the declarations", () => {
  let db: TestDatabase;
  let schema: GraphQLSchema;
  let reader: SqlReader;
  let resolvers: Awaited<ReturnType<typeof graphqlClient>>;
  let samples: LookupSamples;

  beforeAll(async () => {
    db = await openTestDatabase();
    await generateSynthetic(db.dataSource.manager, { seed: 7, scale: 0.02 });
    schema = await buildHubSchema();
    reader = new SqlReader(schema, sqlTypes);
    resolvers = await graphqlClient(db.dataSource, { compiledReads: false });
    const one = async (sql: string): Promise<string> => String(Object.values((await db.dataSource.query(sql))[0])[0]);
    // Rows with the most around them (picked by SQL, so nothing is hard-coded).
    const reference = await one(
      `SELECT c.reference FROM convention c JOIN action a ON a.convention_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
    );
    // The follow-up (pilots, money, journal, indicators, governance) on the sample convention and on the first
    // actions by id (those the root list's first page reads), one of them a sub-action.
    const manager = db.dataSource.manager;
    const [{ id: conventionId }] = await manager.query(`SELECT id FROM convention WHERE reference = $1`, [reference]);
    const firstActions: Array<{ id: number }> = await manager.query(`SELECT id FROM action ORDER BY id LIMIT 4`);
    // The synthetic set has a follow-up of its own: these rows get the factories' instead, whose values are asserted below.
    const actionIds = firstActions.map((a) => a.id);
    for (const table of ["action_pilot", "action_funding", "action_budget_line", "action_note", "indicator_value"]) {
      await manager.query(`DELETE FROM ${table} WHERE action_id = ANY($1)`, [actionIds]);
    }
    for (const table of ["convention_meeting", "convention_evaluation", "indicator_value"]) {
      await manager.query(`DELETE FROM ${table} WHERE convention_id = $1`, [conventionId]);
    }
    await addGovernance(manager, conventionId);
    const association = Number(await one(`SELECT id FROM partner_association ORDER BY id LIMIT 1`));
    for (const [i, { id }] of firstActions.entries()) await addActionFollowUp(manager, id, i === 0 ? { associationId: association } : {});
    await manager.query(
      `UPDATE action SET parent_action_id = $1, priority = 'HIGH', target_publics = '{FAMILIES,PARENTS}', ends_on = '2025-01-31'
      WHERE id = $2`,
      [firstActions[0].id, firstActions[1].id],
    );
    samples = {
      indicatorDefinition: { known: { code: "allocataires" }, unknown: { code: "inconnu" } },
      convention: { known: { reference }, unknown: { reference: "CTG-INCONNUE" } },
      department: {
        known: { code: await one(`SELECT department_code FROM convention WHERE reference = '${reference}'`) },
        unknown: { code: "985" },
      },
      commune: {
        known: { code: await one(`SELECT commune_code FROM convention_commune GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`) },
        unknown: { code: "52999" },
      },
      intercommunality: {
        known: {
          siren: await one(
            `SELECT holder_intercommunality_siren FROM convention WHERE holder_intercommunality_siren IS NOT NULL ORDER BY id LIMIT 1`,
          ),
        },
        unknown: { siren: "999999999" },
      },
    };
  });
  afterAll(async () => {
    await resolvers.stop();
    await db.close();
  });

  async function compiledJson(query: string, readsRestricted = false) {
    const document = parse(query);
    const operation = getOperationAST(document);
    if (!operation) throw new Error(`no operation in ${query}`);
    const checked = coerceVariables(schema, operation, {});
    if ("errors" in checked) throw new Error(`invalid variables for ${query}`);
    const { manager } = db.dataSource;
    return reader.answerJson({ key: query, document, operation, variables: checked.coerced, manager, today: TODAY, readsRestricted });
  }

  /** Each document answers byte for byte the same through the resolvers (for `viewer`) and compiled, never falling back. */
  async function expectParity(documents: ReturnType<typeof parityDocuments>, viewer: Viewer) {
    for (const { name, query } of documents) {
      const expected = await resolvers.run(query, {}, viewer, TODAY);
      expect({ name, errors: expected.errors }).toEqual({ name, errors: undefined });
      const actual = await compiledJson(query, readsAllRestricted(viewer));
      expect({ name, fallback: isFallback(actual) ? actual : null }).toEqual({ name, fallback: null });
      expect({ name, json: firstDifference(actual as string, JSON.stringify(expected)) }).toEqual({ name, json: null });
    }
  }

  it("generates a document for every root field the declarations map, and each answers the same both ways", async () => {
    const documents = parityDocuments(schema, db.dataSource, sqlTypes, samples);
    const declaredRoots = graphParts.flatMap((part) => part.roots.flatMap((roots) => Object.keys(roots.fields)));
    for (const root of declaredRoots) expect(documents.some((document) => document.query.startsWith(`{ ${root}(`))).toBe(true);
    expect(documents.some((document) => /\b(budget|internalNotes|contactEmail|planned)\b/.test(document.query))).toBe(false);
    await expectParity(documents, ANONYMOUS);
    // The follow-up's rows are read both ways, not only empty lists.
    const page = documents.find((document) => document.name === "actions first page");
    const answer = JSON.stringify((await resolvers.run(page?.query ?? "", {}, ANONYMOUS, TODAY)).data);
    for (const read of ["Coordinatrice enfance-jeunesse", "CAF_BONUS_TERRITOIRE", "families_reached", '"restricted":true', '"late":true'])
      expect({ read, found: answer.includes(read) }).toEqual({ read, found: true });
  });

  it("reads restricted fields compiled for a caller who reads them all (national staff, administrators), the same as the resolvers", async () => {
    const documents = parityDocuments(schema, db.dataSource, sqlTypes, samples, { restricted: true });
    const restricted = ["budget", "internalNotes", "contactEmail", "contactPhone", "planned", "actual", "contact", "text"];
    for (const field of restricted)
      expect({ field, selected: documents.some((d) => d.query.includes(` ${field} `)) }).toEqual({ field, selected: true });
    await expectParity(documents, NATIONAL_ANALYST);
    await expectParity(documents, { ...NATIONAL_ANALYST, role: Role.ADMIN });
    // The restricted values themselves are read (the factories' contact, money and reserved note), not only nulls.
    const page = documents.find((document) => document.name === "actions first page");
    const answer = await compiledJson(page?.query ?? "", true);
    for (const read of ["coordination@example.org", '"planned":12000', '"actual":9500.5', "Difficulté de recrutement (réservé)"])
      expect({ read, found: String(answer).includes(read) }).toEqual({ read, found: true });
  });

  it("hands a document with a restricted field to the resolvers for any other caller, counting and reporting the fallback once", async () => {
    const reported: Array<Record<string, unknown>> = [];
    const counting = new SqlReader(schema, sqlTypes, { warn: (_message, detail) => reported.push(detail) });
    const query = `{ convention(reference: "${samples.convention.known.reference}") { title internalNotes } }`;
    const document = parse(query);
    const operation = getOperationAST(document)!;
    const call = { key: query, document, operation, variables: {}, manager: db.dataSource.manager, today: TODAY, readsRestricted: false };
    const reason = "Convention.internalNotes (restreint)";
    for (let i = 0; i < 2; i++) expect(await counting.answer(call)).toEqual({ fallback: "unsupported", reason });
    expect([...counting.fallbacks]).toEqual([[`unsupported: ${reason}`, 2]]);
    expect(reported).toEqual([{ fallback: "unsupported", reason, operation: null }]);
    // The same document, for a caller who reads every restricted field: compiled, under a key of its own.
    const [{ internal_notes: notes }] = await db.dataSource.query(`SELECT internal_notes FROM convention WHERE reference = $1`, [
      samples.convention.known.reference,
    ]);
    expect(await counting.answer({ ...call, readsRestricted: true })).toEqual({
      data: { convention: { title: expect.any(String), internalNotes: notes } },
    });
    expect(await counting.answer(call)).toEqual({ fallback: "unsupported", reason });
  });

  it.each([
    ["a computed field whose SQL reads a restricted column", "summaryOfNotes", (row: string) => `left(${row}.internal_notes, 10)`],
    ["a field named after a restricted property", "internalNotes", (row: string) => `${row}.description`],
  ])("refuses at start-up a mapping with %s", (_case, field, sql) => {
    const leaking = (dataSource: typeof db.dataSource) => {
      const types = sqlTypes(dataSource);
      return {
        ...types,
        Convention: { ...types.Convention, fields: { ...types.Convention.fields, [field]: { kind: "scalar" as const, sql } } },
      };
    };
    // A schema of its own: the mapping is resolved once per schema and data source.
    return buildHubSchema().then((fresh) => {
      expect(() => new SqlReader(fresh, leaking).check(db.dataSource)).toThrow(/restricted field Convention\./);
    });
  });

  it("compiles the dashboard's documents (analytics excepted: resolvers by design) and keeps their SQL in __sql__/", async () => {
    const documents = dashboardDocuments(path.join(__dirname, "../.."));
    const declared = new Set(graphParts.flatMap((part) => part.roots.flatMap((roots) => Object.keys(roots.fields))));
    const update = process.env.UPDATE_SQL_SNAPSHOTS === "1";
    if (update) mkdirSync(SQL_DIR, { recursive: true });
    for (const [name, query] of Object.entries(documents)) {
      const document = parse(query);
      const operation = getOperationAST(document);
      if (!operation) throw new Error(`no operation in ${name}`);
      const roots = operation.selectionSet.selections.flatMap((s) => (s.kind === "Field" ? [s.name.value] : []));
      const compiled = compileRead(schema, sqlTypes, {
        document,
        operation,
        variables: dashboardVariables,
        manager: db.dataSource.manager,
        today: TODAY,
        readsRestricted: false,
      });
      if (!roots.every((root) => declared.has(root))) {
        // A document asking for analytics (hand-written resolvers) is answered by them: the reason must say so.
        expect({ name, kind: compiled.kind }).toEqual({ name, kind: "unsupported" });
        continue;
      }
      expect({ name, kind: compiled.kind, reason: compiled.kind === "sql" ? null : compiled.reason }).toEqual({
        name,
        kind: "sql",
        reason: null,
      });
      if (compiled.kind !== "sql") continue;
      const file = path.join(SQL_DIR, `${name}.sql`);
      const text = `-- ${name}: compiled with the variables below; parameters ${JSON.stringify(compiled.params)}\n${compiled.sql.trim()}\n`;
      if (update) writeFileSync(file, text);
      expect({ name, snapshot: existsSync(file) }).toEqual({ name, snapshot: true });
      expect({ name, sql: text }).toEqual({ name, sql: readFileSync(file, "utf8") });
    }
  });
});

/** Variables every dashboard document accepts (each takes the ones it declares). */
const dashboardVariables: Record<string, unknown> = {
  reference: "CTG-52-2023-200044253",
  code: "52",
  asOf: TODAY,
  before: "2026-06-30",
  from: "2016-12-31",
  level: "INTERCOMMUNALITY",
  department: "52",
  withDepartment: true,
};

/** Where two texts first differ, with some context: readable where a whole answer would not be. */
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `at ${i}: compiled …${actual.slice(Math.max(0, i - 120), i + 120)}… resolvers …${expected.slice(Math.max(0, i - 120), i + 120)}…`;
}
