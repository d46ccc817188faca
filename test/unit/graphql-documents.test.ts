import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type GraphQLSchema, parse, Source, validate } from "graphql";
import ts from "typescript";
import { dashboardDocuments, sdsfDocument } from "../../src/dashboard/dashboard.documents";
import { buildHubSchema } from "../../src/server/schema";

/**
 * The GraphQL documents the project ships outside TypeScript — the dashboard's page scripts (src/dashboard/public)
 * and the README's ```graphql examples — are validated against the schema the code builds, so a renamed field or
 * argument breaks `npm test` rather than a page in a browser or a reader's copy-paste.
 */
const ROOT = path.join(__dirname, "../..");
const PUBLIC = path.join(ROOT, "src", "dashboard", "public");

/** A document and where it was found (`file:line`). */
interface Found {
  where: string;
  text: string;
}

/** The messages of a document that does not parse or does not validate against the schema (none when it is valid). */
function problems(schema: GraphQLSchema, { where, text }: Found): string[] {
  try {
    return validate(schema, parse(new Source(text, where))).map((error) => `${where}: ${error.message}`);
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

const OPERATION = /^\s*(#[^\n]*\n\s*)*(query|mutation|subscription|fragment)\b/;
/** A piece of a document built in the page (an argument bound to a variable: `(schemeId: $s${i}`). */
const DOCUMENT_PIECE = /\(\w+: \$/;

function scripts(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return scripts(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

/**
 * The template literals of the page scripts, read by TypeScript's parser (regular expressions and nested templates
 * would mislead a regular expression): plain ones that hold a document, and those with substitutions that look like
 * one (they are built at run time).
 */
function pageTemplates(): { documents: Found[]; built: Found[] } {
  const documents: Found[] = [];
  const built: Found[] = [];
  for (const file of scripts(PUBLIC)) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const visit = (node: ts.Node): void => {
      const where = () => `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      if (ts.isNoSubstitutionTemplateLiteral(node) && OPERATION.test(node.text)) documents.push({ where: where(), text: node.text });
      if (ts.isTemplateExpression(node)) {
        const raw = node.getText(source);
        if (OPERATION.test(node.head.text) || DOCUMENT_PIECE.test(raw)) built.push({ where: where(), text: raw });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { documents, built };
}

/** The README's ```graphql blocks, with their line. */
function readmeExamples(): Found[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((match) => ({
    where: `README.md:${readme.slice(0, match.index).split("\n").length}`,
    text: match[1],
  }));
}

describe("GraphQL documents outside the TypeScript sources", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it("the dashboard's page scripts: every document validates against the schema", () => {
    const { documents } = pageTemplates();
    // The pages' queries (read the same way by the load bench and the SQL snapshots) are among those found.
    const texts = documents.map((document) => document.text);
    for (const [name, query] of Object.entries(dashboardDocuments(ROOT)))
      expect({ name, found: texts.includes(query) }).toEqual({ name, found: true });
    // and the explorer's saved tabs
    expect(documents.filter((document) => document.where.startsWith("src/dashboard/public/explorer.js"))).toHaveLength(4);
    expect(documents.flatMap((document) => problems(schema, document))).toEqual([]);
  });

  it("the document a page builds at run time (the SDSF axes) is the one dashboard.documents.ts builds, and validates", () => {
    const { built } = pageTemplates();
    const generator = readFileSync(path.join(ROOT, "src", "dashboard", "dashboard.documents.ts"), "utf8");
    expect(built.length).toBeGreaterThan(0);
    expect(built.filter((template) => !generator.includes(template.text)).map((template) => template.where)).toEqual([]);
    for (const schemes of [1, 2, 3]) {
      expect(problems(schema, { where: `sdsfDocument(${schemes})`, text: sdsfDocument(schemes) })).toEqual([]);
    }
  });

  it("the README's ```graphql examples validate against the schema", () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.flatMap((example) => problems(schema, example))).toEqual([]);
  });

  it("reports a document that no longer fits the schema, and one that does not parse", () => {
    const stale = problems(schema, { where: "stale", text: `{ convention(reference: "CTG-52-2023-200044253") { id numero } }` });
    expect(stale).toEqual([expect.stringContaining(`Cannot query field "numero" on type "Convention"`)]);
    expect(problems(schema, { where: "broken", text: "query { convention(" })).toEqual([expect.stringContaining("Syntax Error")]);
  });
});
