import type { DocumentNode, ExecutionResult, GraphQLSchema, OperationDefinitionNode } from "graphql";
import type { EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { LruCache } from "../common/lru-cache";
import { PreparedStatements, queryPrepared, statementHash } from "../db/prepared";
import { withLiterals } from "../db/sql";
import { rewrittenJson, stringifyWithRaw, verbatimJson } from "./raw-json";
import { compileRead, type CompiledReadResult, type SqlTypes } from "./compile/compiler";

/** Compiled reads kept, by document, operation, day and variables: a dashboard repeats the same few requests. */
const COMPILED_READS_CACHED = 1000;
type CachedRead = Exclude<CompiledReadResult, { kind: "unsupported" }> & { hash?: string };

/**
 * A compiled read as it runs: its values written into the text when they can be. The SQL is cached
 * per variables anyway, and a statement of literals can be prepared without the risk of a bad generic
 * plan (the national list: 1.26 ms of backend CPU prepared with literals, 1.81 ms planned each time).
 */
function withValuesWrittenIn(read: Extract<CompiledReadResult, { kind: "sql" }>): CachedRead {
  const sql = withLiterals(read.sql, read.params);
  return sql === null ? { ...read, hash: statementHash(read.sql) } : { ...read, sql, params: [], hash: statementHash(sql) };
}

interface ReadRows {
  read: Extract<CachedRead, { kind: "sql" }>;
  rows: Array<Record<string, unknown>>;
}

/** One operation to answer by a compiled read. */
export interface SqlReadCall {
  /** Identifies the document and operation (a query hash and operation name): compiled SQL is cached under it. */
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values (defaults applied). */
  variables: Record<string, unknown>;
  manager: EntityManager;
  today: IsoDate;
}

/**
 * What a compiled read gives: the data; "unsupported" when some field of the document has no SQL form
 * (it never will: the caller remembers); null when an argument is refused or the statement fails, so
 * the resolvers answer and report errors as they always do.
 */
export type SqlReadAnswer = ExecutionResult | "unsupported" | null;

/**
 * Compiled reads (src/graphql/sql-read.ts) for one server: the statements it compiled and how it runs
 * them. Shared by the executor (behind Apollo) and the compiled-read route (src/server/compiled-read-route.ts),
 * so both see the same prepared statements.
 */
export class SqlReader {
  private readonly statements = new PreparedStatements();
  private readonly reads = new LruCache<string, CachedRead>(COMPILED_READS_CACHED);

  constructor(private readonly schema: GraphQLSchema, private readonly sqlTypes: SqlTypes) {}

  /** The data, for graphql-js's executor. */
  async answer(call: SqlReadCall): Promise<SqlReadAnswer> {
    const found = await this.run(call);
    return typeof found === "object" && found !== null ? { data: found.read.assemble(found.rows, JSON.parse) } : found;
  }

  /** The response body as Apollo would write it (`{"data":…}`), the statement's JSON written in as it came. */
  async answerJson(call: SqlReadCall): Promise<string | "unsupported" | null> {
    const found = await this.run(call);
    if (typeof found !== "object" || found === null) return found;
    return stringifyWithRaw({ data: found.read.assemble(found.rows, found.read.verbatim ? verbatimJson : rewrittenJson) });
  }

  /** The statement's rows and how they become data; "unsupported" or null as for `answer`. */
  private async run(call: SqlReadCall): Promise<ReadRows | "unsupported" | null> {
    const key = `${call.key}\u0000${call.today}\u0000${JSON.stringify(call.variables)}`;
    let read = this.reads.get(key);
    if (!read) {
      const result = compileRead(this.schema, this.sqlTypes, call);
      if (result.kind === "unsupported") return "unsupported";
      read = result.kind === "sql" ? withValuesWrittenIn(result) : result;
      this.reads.set(key, read);
    }
    if (read.kind === "refused") return null;
    try {
      return { read, rows: await queryPrepared<Record<string, unknown>>(call.manager, this.statements, read.sql, read.params, read.hash) };
    } catch {
      return null;
    }
  }
}
