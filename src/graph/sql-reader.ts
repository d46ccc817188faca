import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { DataSource, EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { LruCache } from "../common/lru-cache";
import { PreparedStatements, queryPrepared, statementHash } from "../db/prepared";
import { deadlineError, deadlinePassed, isTimeoutError } from "../db/query-log";
import { withLiterals } from "../db/sql";
import { DEFAULT_QUERY_LIMITS } from "./limits";
import { rawData, rewrittenJson, stringifyWithRaw, verbatimJson } from "./raw-json";
import { responseTooLarge } from "./response-size";
import { resolveTypes } from "./compile/columns";
import { compileRead, type CompiledReadResult, type SqlReadRequest, type SqlTypes } from "./compile/compiler";

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
export interface SqlReadCall extends SqlReadRequest {
  /**
   * Identifies the document and operation (a query hash and operation name): compiled SQL is cached under it, with the
   * day, the variables and whether the caller reads restricted fields (two callers of one document may get two statements).
   */
  key: string;
}

/**
 * A compiled read that must not be retried by the resolvers: its request ran out of time (the deadline passed,
 * or PostgreSQL cancelled the statement), or its answer is past the response-size bound. `error` is what the
 * client is told (formatted and, for a timeout, masked and logged by the server's formatError).
 */
export class FinalReadError {
  constructor(readonly error: GraphQLError) {}
}

/** A request out of time: the error carries its cause, from which formatError answers REQUEST_TIMEOUT. */
const timedOut = (cause: Error): FinalReadError => new FinalReadError(new GraphQLError("request timed out", { originalError: cause }));

/** The JSON texts a statement wrote, in characters: what the response will hold. */
function writtenLength(rows: ReadonlyArray<Record<string, unknown>>): number {
  let length = 0;
  for (const row of rows) for (const value of Object.values(row)) length += typeof value === "string" ? value.length : 8;
  return length;
}

/**
 * Why a compiled read handed the operation to the resolvers: a field of the document has no SQL form
 * ("unsupported": it never will, the caller remembers), an argument was refused (the resolvers report it
 * as they always do), or the statement failed.
 */
export interface Fallback {
  fallback: "unsupported" | "refused" | "failed";
  reason: string;
}

/** What a compiled read gives: the data, or why the resolvers must answer. */
export type SqlReadAnswer = ExecutionResult | Fallback;

export const isFallback = (answer: unknown): answer is Fallback => typeof answer === "object" && answer !== null && "fallback" in answer;

/** Every fallback is counted by kind and reason, and reported once per kind and reason (the log stays bounded). */
export interface FallbackReporter {
  warn(message: string, detail: Record<string, unknown>): void;
}

/**
 * Compiled reads (src/graph/compile/) for one server: the statements it compiled and how it runs
 * them. Shared by the executor (behind Apollo) and the compiled-read route (src/server/compiled-read-route.ts),
 * so both see the same prepared statements.
 */
export class SqlReader {
  private readonly statements = new PreparedStatements();
  private readonly reads = new LruCache<string, CachedRead>(COMPILED_READS_CACHED);
  /** Fallbacks so far, by `kind: reason`. */
  readonly fallbacks = new Map<string, number>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly sqlTypes: (dataSource: DataSource) => SqlTypes,
    private readonly reporter: FallbackReporter | null = null,
    private readonly maxResponseBytes: number = DEFAULT_QUERY_LIMITS.maxResponseBytes,
  ) {}

  /**
   * Resolves the mapping for a data source now rather than at the first request: a mapping that would
   * read a restricted field (src/graph/restricted.ts) stops the hub at start-up.
   */
  check(dataSource: DataSource): void {
    resolveTypes(this.schema, dataSource, this.sqlTypes);
  }

  /** The data, for graphql-js's executor. */
  async answer(call: SqlReadCall): Promise<SqlReadAnswer> {
    const found = await this.run(call);
    if (found instanceof FinalReadError) return { data: null, errors: [found.error] };
    return isFallback(found) ? found : { data: found.read.assemble(found.rows, JSON.parse) };
  }

  /**
   * The data with the statement's JSON kept as text (RawJson, marked by rawData): for a server whose `stringifyResult`
   * splices it in (src/graph/raw-json.ts), and which keeps no copy of the data (no response cache).
   */
  async answerRaw(call: SqlReadCall): Promise<SqlReadAnswer> {
    const found = await this.run(call);
    if (found instanceof FinalReadError) return { data: null, errors: [found.error] };
    if (isFallback(found)) return found;
    const data = found.read.assemble(found.rows, found.read.verbatim ? verbatimJson : rewrittenJson);
    return { data: typeof data === "object" && data !== null ? rawData(data) : data } as ExecutionResult;
  }

  /** The response body as Apollo would write it (`{"data":…}`), the statement's JSON written in as it came. */
  async answerJson(call: SqlReadCall): Promise<string | Fallback | FinalReadError> {
    const found = await this.run(call);
    if (isFallback(found) || found instanceof FinalReadError) return found;
    return stringifyWithRaw({ data: found.read.assemble(found.rows, found.read.verbatim ? verbatimJson : rewrittenJson) });
  }

  private fallBack(call: SqlReadCall, fallback: Fallback): Fallback {
    // Bounded: reasons of failed statements vary; past 500 distinct ones they share one counter.
    const named = `${fallback.fallback}: ${fallback.reason}`;
    const key = this.fallbacks.has(named) || this.fallbacks.size < 500 ? named : `${fallback.fallback}: (autres)`;
    const count = (this.fallbacks.get(key) ?? 0) + 1;
    this.fallbacks.set(key, count);
    if (count === 1) {
      this.reporter?.warn("compiled read handed to the resolvers", { ...fallback, operation: call.operation.name?.value ?? null });
    }
    return fallback;
  }

  /** The statement's rows and how they become data, or why not. */
  private async run(call: SqlReadCall): Promise<ReadRows | Fallback | FinalReadError> {
    if (deadlinePassed()) return timedOut(deadlineError());
    const key = `${call.key}\u0000${call.readsRestricted}\u0000${call.today}\u0000${JSON.stringify(call.variables)}`;
    let read = this.reads.get(key);
    if (!read) {
      const result = compileRead(this.schema, this.sqlTypes, call);
      if (result.kind === "unsupported") return this.fallBack(call, { fallback: "unsupported", reason: result.reason });
      read = result.kind === "sql" ? withValuesWrittenIn(result) : result;
      this.reads.set(key, read);
    }
    if (read.kind === "refused") return this.fallBack(call, { fallback: "refused", reason: read.reason });
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await queryPrepared<Record<string, unknown>>(call.manager, this.statements, read.sql, read.params, read.hash);
    } catch (error) {
      // Out of time: the resolvers would run past the deadline too (and the same slow work again).
      if (isTimeoutError(error)) return timedOut(error as Error);
      if (deadlinePassed()) return timedOut(deadlineError());
      return this.fallBack(call, { fallback: "failed", reason: error instanceof Error ? error.message.slice(0, 200) : "statement failed" });
    }
    return writtenLength(rows) > this.maxResponseBytes ? new FinalReadError(responseTooLarge(this.maxResponseBytes)) : { read, rows };
  }
}
