import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import {
  getVariableValues,
  GraphQLError,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SourceLocation,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { readsAllRestricted } from "../auth/viewer";
import { LruCache } from "../common/lru-cache";
import { deadlineError, deadlinePassed } from "../db/query-log";
import { checkQueryArguments } from "./argument-limits";
import type { HubContext } from "./context";
import { DEFAULT_QUERY_LIMITS } from "./limits";
import { jsonLongerThan, tooLargeResult } from "./response-size";
import { isFallback, type SqlReader } from "./sql-reader";

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter: each document is
 * compiled once into plain JavaScript (fields, arguments and types resolved at compile time), which
 * on the dashboard's long lists allocates far less per field than graphql-js's generic walk.
 * Apollo Server still parses, validates (its documentStore caches both) and formats errors;
 * Apollo 5 takes a custom executor only through its `gateway` option, hence the shape below.
 */

type Gateway = ApolloServerOptionsWithGateway<HubContext>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;
type RequestContext = Parameters<GatewayExecutor>[0];
type Result = Awaited<ReturnType<GatewayExecutor>>;

/** Compiled documents kept: the dashboards send a handful of documents; a bound keeps odd clients from growing it. */
export const COMPILED_QUERY_CACHE_SIZE = 500;

/** What a document compiles to: a compiled query, or an error result (unknown operation…). */
type Compiled =
  /**
   * `sqlRead`: try compiled reads (src/graph/compile/) first (a query); `notCompilable`: the callers for whom the document
   * proved not compilable, by whether they read restricted fields (a restricted field compiles for some callers only).
   */
  { kind: "jit"; query: CompiledQuery; sqlRead: boolean; notCompilable: Set<boolean> } | { kind: "result"; result: ExecutionResult };

export interface ExecutorLogger {
  error(message: string, detail: unknown): void;
}

function compile(schema: GraphQLSchema, request: RequestContext, operationName: string | undefined, logger: ExecutorLogger): Compiled {
  try {
    const compiled = compileQuery(schema, request.document, operationName);
    return isCompiledQuery(compiled)
      ? { kind: "jit", query: compiled, sqlRead: request.operation?.operation === "query", notCompilable: new Set() }
      : { kind: "result", result: compiled };
  } catch (error) {
    // One engine runs resolvers: a document it cannot compile is answered with an error (masked, logged), never
    // handed to another executor that would behave differently.
    logger.error("graphql-jit could not compile a document", error);
    return { kind: "result", result: { errors: [new GraphQLError("document not executable", { originalError: error as Error })] } };
  }
}

/**
 * graphql-jit reports errors with its own GraphQLError lookalike: an instance of graphql's class
 * but without `extensions` unless the original error had some, which Apollo's error formatting
 * requires. Rebuilt here as graphql-js would have built them (same message, path, locations, cause).
 */
export function toGraphQLError(error: GraphQLError): GraphQLError {
  if (error.extensions !== undefined) return error;
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
  });
  // No AST nodes to derive them from: keep the locations graphql-jit computed.
  const locations: readonly SourceLocation[] | undefined = error.locations;
  Object.defineProperty(rebuilt, "locations", { value: locations, enumerable: locations !== undefined, writable: true });
  return rebuilt;
}

function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  const errors = result.errors;
  if (!errors || errors.every((error) => error.extensions !== undefined)) return result;
  return { ...result, errors: errors.map(toGraphQLError) };
}

/**
 * Variables are checked by graphql-js first, as its execute() would: same messages, and errors
 * carrying the variable's AST node, from which Apollo answers BAD_USER_INPUT with status 400
 * (graphql-jit's own messages differ and carry no node). Valid values then go to the compiled query;
 * the coerced ones (defaults applied) to compiled reads.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown>,
): { errors: ExecutionResult } | { coerced: Record<string, unknown> } {
  const definitions = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return { coerced: {} };
  const coerced = getVariableValues(schema, definitions, variables, { maxErrors: 50 });
  return coerced.errors ? { errors: { errors: coerced.errors } } : { coerced: coerced.coerced };
}

/**
 * A request's variables coerced (as `coerceVariables`) and its arguments within bounds
 * (src/graph/argument-limits.ts): what both ways of answering check before anything runs.
 */
export function checkRequest(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown>,
): { errors: ExecutionResult } | { coerced: Record<string, unknown> } {
  const checked = coerceVariables(schema, operation, variables);
  if ("errors" in checked || !operation) return checked;
  try {
    checkQueryArguments(schema, document, operation, checked.coerced);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: { errors: [error] } };
    throw error;
  }
  return checked;
}

export interface JitExecutorOptions {
  /** Compiled reads, or null to always run resolvers. */
  sqlReader: SqlReader | null;
  cacheSize: number;
  /** Past it, an answer is replaced by RESPONSE_TOO_LARGE (src/graph/response-size.ts). */
  maxResponseBytes: number;
  /**
   * Compiled reads keep their statement's JSON as text, spliced into the response by the server's `stringifyResult`
   * (src/graph/raw-json.ts) instead of parsed and written again: only when nothing keeps the data (response cache off).
   */
  rawJson: boolean;
}

/** A request past its deadline: nothing more starts, and formatError answers REQUEST_TIMEOUT from the cause. */
const outOfTime = (): ExecutionResult => ({
  data: null,
  errors: [new GraphQLError("request timed out", { originalError: deadlineError() })],
});

/** The executor: compiled documents are cached by query hash and operation name (same text, same operation). */
export function createJitExecutor(
  schema: GraphQLSchema,
  logger: ExecutorLogger,
  options: Partial<JitExecutorOptions> = {},
): GatewayExecutor {
  const {
    sqlReader = null,
    cacheSize = COMPILED_QUERY_CACHE_SIZE,
    maxResponseBytes = DEFAULT_QUERY_LIMITS.maxResponseBytes,
    rawJson = false,
  } = options;
  const cache = new LruCache<string, Compiled>(cacheSize);
  /** The result, or RESPONSE_TOO_LARGE in its place when it is past the bound. */
  const bounded = (result: ExecutionResult): Result =>
    (result.data && jsonLongerThan(result.data, maxResponseBytes) ? tooLargeResult(maxResponseBytes) : result) as Result;
  return async (request: RequestContext): Promise<Result> => {
    if (deadlinePassed()) return outOfTime() as Result;
    // The name the client sent, not the one Apollo resolved: a wrong name must fail as in graphql-js.
    const operationName = request.request.operationName ?? undefined;
    const key = `${request.queryHash}:${operationName ?? ""}`;
    let compiled = cache.get(key);
    if (!compiled) {
      compiled = compile(schema, request, operationName, logger);
      cache.set(key, compiled);
    }
    switch (compiled.kind) {
      case "jit": {
        const variables = request.request.variables ?? {};
        const checked = checkRequest(schema, request.document, request.operation, variables);
        if ("errors" in checked) return checked.errors as Result;
        const context = request.context as HubContext;
        const readsRestricted = readsAllRestricted(context.viewer);
        if (sqlReader && compiled.sqlRead && !compiled.notCompilable.has(readsRestricted) && request.operation) {
          const call = {
            key,
            document: request.document,
            operation: request.operation,
            variables: checked.coerced,
            manager: context.manager,
            today: context.today,
            readsRestricted,
          };
          const answer = await (rawJson ? sqlReader.answerRaw(call) : sqlReader.answer(call));
          if (!isFallback(answer)) return answer as Result;
          if (answer.fallback === "unsupported") compiled.notCompilable.add(readsRestricted);
          // The compiled read failed: the resolvers try, unless the request is out of time.
          if (deadlinePassed()) return outOfTime() as Result;
        }
        // The coerced variables (defaults applied): graphql-jit refuses an input object that omits a non-null field with a
        // default (`bonusTerritoire: Boolean! = false`), where the spec applies the default (graphql-jit issue #142).
        return bounded(withGraphQLErrors(await compiled.query.query(undefined, request.context, checked.coerced)));
      }
      case "result":
        return withGraphQLErrors(compiled.result) as Result;
    }
  };
}

/** The `gateway` Apollo Server is given: a fixed schema and the jit executor; nothing to load, poll or stop. */
export function jitGateway(schema: GraphQLSchema, logger: ExecutorLogger, options: Partial<JitExecutorOptions> = {}): Gateway {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return { executor: createJitExecutor(schema, logger, options) };
    },
    async stop() {},
  };
}
