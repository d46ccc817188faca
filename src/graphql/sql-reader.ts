import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { LruCache } from "../common/lru-cache";
import { PreparedStatements, queryPrepared, statementHash } from "../db/prepared";
import { deadlineError, deadlinePassed, isTimeoutError } from "../db/query-log";
import { withLiterals } from "../db/sql";
import { DEFAULT_QUERY_LIMITS } from "./limits";
import { rewrittenJson, stringifyWithRaw, verbatimJson } from "./raw-json";
import { responseTooLarge } from "./response-size";
import { compileRead, type CompiledReadResult, type SqlTypes } from "./sql-read";

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
 * A compiled read that must not be retried by the resolvers: its request ran out of time (the deadline passed,
 * or PostgreSQL cancelled the statement), or its answer is past the response-size bound. `error` is what the
 * client is told (formatted and, for a timeout, masked and logged by the server's formatError).
 */
export class FinalReadError {
  constructor(readonly error: GraphQLError) {}
}

/**
 * What a compiled read gives: the data; "unsupported" when some field of the document has no SQL form
 * (it never will: the caller remembers); null when an argument is refused or the statement fails, so
 * the resolvers answer and report errors as they always do; a FinalReadError when nothing more may run.
 */
export type SqlReadAnswer = ExecutionResult | "unsupported" | null;

/** A request out of time: the error carries its cause, from which formatError answers REQUEST_TIMEOUT. */
const timedOut = (cause: Error): FinalReadError =>
  new FinalReadError(new GraphQLError("request timed out", { originalError: cause }));

/** The JSON texts a statement wrote, in characters: what the response will hold. */
function writtenLength(rows: ReadonlyArray<Record<string, unknown>>): number {
  let length = 0;
  for (const row of rows) for (const value of Object.values(row)) length += typeof value === "string" ? value.length : 8;
  return length;
}

/**
 * Compiled reads (src/graphql/sql-read.ts) for one server: the statements it compiled and how it runs
 * them. Shared by the executor (behind Apollo) and the compiled-read route (src/server/compiled-read-route.ts),
 * so both see the same prepared statements.
 */
export class SqlReader {
  private readonly statements = new PreparedStatements();
  private readonly reads = new LruCache<string, CachedRead>(COMPILED_READS_CACHED);

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly sqlTypes: SqlTypes,
    private readonly maxResponseBytes: number = DEFAULT_QUERY_LIMITS.maxResponseBytes,
  ) {}

  /** The data, for graphql-js's executor. */
  async answer(call: SqlReadCall): Promise<SqlReadAnswer> {
    const found = await this.run(call);
    if (found instanceof FinalReadError) return { data: null, errors: [found.error] };
    return typeof found === "object" && found !== null ? { data: found.read.assemble(found.rows, JSON.parse) } : found;
  }

  /** The response body as Apollo would write it (`{"data":…}`), the statement's JSON written in as it came. */
  async answerJson(call: SqlReadCall): Promise<string | "unsupported" | null | FinalReadError> {
    const found = await this.run(call);
    if (typeof found !== "object" || found === null || found instanceof FinalReadError) return found;
    return stringifyWithRaw({ data: found.read.assemble(found.rows, found.read.verbatim ? verbatimJson : rewrittenJson) });
  }

  /** The statement's rows and how they become data; "unsupported", null or a FinalReadError as for `answer`. */
  private async run(call: SqlReadCall): Promise<ReadRows | "unsupported" | null | FinalReadError> {
    if (deadlinePassed()) return timedOut(deadlineError());
    const key = `${call.key}\u0000${call.today}\u0000${JSON.stringify(call.variables)}`;
    let read = this.reads.get(key);
    if (!read) {
      const result = compileRead(this.schema, this.sqlTypes, call);
      if (result.kind === "unsupported") return "unsupported";
      read = result.kind === "sql" ? withValuesWrittenIn(result) : result;
      this.reads.set(key, read);
    }
    if (read.kind === "refused") return null;
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await queryPrepared<Record<string, unknown>>(call.manager, this.statements, read.sql, read.params, read.hash);
    } catch (error) {
      // Out of time: the resolvers would run past the deadline too (and the same slow work again).
      if (isTimeoutError(error)) return timedOut(error as Error);
      return deadlinePassed() ? timedOut(deadlineError()) : null;
    }
    return writtenLength(rows) > this.maxResponseBytes ? new FinalReadError(responseTooLarge(this.maxResponseBytes)) : { read, rows };
  }
}
