import { createHash, randomUUID } from "node:crypto";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { getOperationAST, printSchema, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { DataSource } from "typeorm";
import { viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { readsAllRestricted, type Viewer } from "../auth/viewer";
import { todayInFrance } from "../common/date";
import type { HubLogger } from "../common/logger";
import { LruCache } from "../common/lru-cache";
import { COMPILED_QUERY_CACHE_SIZE, checkRequest } from "../graph/executor";
import { FinalReadError, isFallback, type SqlReader } from "../graph/sql-reader";
import { readReplicaRunner } from "./read-replicas";
import { responseMediaType } from "./request-checks";
import { answerHeaders, logGraphQLRequest } from "./request-log";
import type { createFormatError } from "../http/format-error";

/**
 * Compiled reads served without running Apollo's request pipeline. A query whose every field maps to SQL is one
 * statement; what costs then is the server around it: on one hub with the response cache off, Apollo's pipeline took
 * 35–55 % more CPU per request than this route (bench/results/read-entries.md), with its answer written the same way.
 *
 * The route shares Apollo's contract instead of re-implementing it: it answers only documents Apollo itself parsed and
 * validated (Apollo's document store, given to ApolloServer as `documentStore`; a document Apollo has not seen goes to
 * Apollo, which validates and stores it), checks variables and arguments with the executor's own function, sets the
 * hub's headers with Apollo's plugin's function (answerHeaders), reads `accept` as the status plugin does, and
 * formats its one kind of error with the server's formatError. It answers a success, or a read that must not be
 * tried again (out of time, or past the size bound: handing it on would run the statement a second time); anything
 * else — a mutation, a field without SQL, refused variables or arguments, a failed statement, persisted queries, an
 * expired token, another media type, a GET — goes on to Apollo, which answers and reports as it does for every
 * other request.
 *
 * Not installed when the response cache is on: Apollo's response-cache plugin then serves repeated reads.
 */

/** Apollo's document store: parsed and validated documents by schema hash and query hash. */
export type DocumentStore = KeyValueCache<DocumentNode>;

export interface CompiledReadRouteOptions {
  schema: GraphQLSchema;
  reader: SqlReader;
  /** The one given to ApolloServer (`documentStore`). */
  documentStore: DocumentStore;
  tokens: TokenConfig;
  dataSource: DataSource;
  log: HubLogger;
  /** The server's formatError (Apollo's `formatError` option): a timeout or an answer past the bound, as Apollo would write it. */
  formatError: ReturnType<typeof createFormatError>;
}

/** A document this route answers: validated by Apollo, and a query operation. */
interface ReadDocument {
  /** The executor's key for the same document and operation: compiled SQL is shared under it. */
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /**
   * The callers for whom a field proved to have no SQL form, by whether they read restricted fields (readsAllRestricted):
   * a restricted field compiles for those who do only.
   */
  notCompilable: Set<boolean>;
}

interface ReadRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The body's GraphQL request when it is a plain one (no persisted query, no extensions); null otherwise. */
export function readRequestOf(body: unknown): ReadRequest | null {
  if (!isRecord(body) || typeof body.query !== "string" || body.query === "") return null;
  const { operationName, variables, extensions } = body;
  if (extensions !== undefined && extensions !== null) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  return { query: body.query, operationName: operationName ?? undefined, variables: variables ?? {} };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The key Apollo stores a validated document under when given a document store: the schema's hash, then the query's
 * (Apollo Server's `documentStore` option: "keys are prefixed with the schema hash" so that a new schema starts afresh).
 */
export const documentStorePrefix = (schema: GraphQLSchema) => `${sha256(printSchema(schema))}:`;

const CONTENT_TYPE = "application/json; charset=utf-8";

export function compiledReadRoute(options: CompiledReadRouteOptions): RequestHandler {
  const { schema, reader, documentStore, tokens, dataSource, log, formatError } = options;
  const prefix = documentStorePrefix(schema);
  // By text and operation name: a query Apollo validated, or null for a document that is not a query.
  const documents = new LruCache<string, ReadDocument | null>(COMPILED_QUERY_CACHE_SIZE);

  const documentFor = async (request: ReadRequest): Promise<ReadDocument | null> => {
    const cacheKey = `${request.operationName ?? ""}\u0000${request.query}`;
    const known = documents.get(cacheKey);
    if (known !== undefined) return known;
    const queryHash = sha256(request.query);
    const document = await documentStore.get(prefix + queryHash);
    // Not validated by Apollo (yet: its first request goes there, and Apollo stores it; or never: it is invalid).
    if (!document) return null;
    const operation = getOperationAST(document, request.operationName);
    const entry =
      operation?.operation === "query"
        ? { key: `${queryHash}:${request.operationName ?? ""}`, document, operation, notCompilable: new Set<boolean>() }
        : null;
    documents.set(cacheKey, entry);
    return entry;
  };

  const answer = async (req: Request, res: Response, request: ReadRequest, read: ReadDocument): Promise<boolean> => {
    const startedAt = process.hrtime.bigint();
    const checked = checkRequest(schema, read.document, read.operation, request.variables);
    if ("errors" in checked) return false;
    let viewer: Viewer;
    try {
      viewer = await viewerFromHeader(req.headers.authorization, tokens);
    } catch {
      return false;
    }
    const readsRestricted = readsAllRestricted(viewer);
    if (read.notCompilable.has(readsRestricted)) return false;
    const runner = readReplicaRunner(dataSource);
    try {
      const result = await reader.answerJson({
        key: read.key,
        document: read.document,
        operation: read.operation,
        variables: checked.coerced,
        manager: runner?.manager ?? dataSource.manager,
        today: todayInFrance(),
        readsRestricted,
      });
      if (isFallback(result)) {
        if (result.fallback === "unsupported") read.notCompilable.add(readsRestricted);
        return false;
      }
      const requestId = req.get("x-request-id") ?? randomUUID();
      // Out of time or too large: answered here, as Apollo's executor answers it, since Apollo would only run it again.
      const errors = result instanceof FinalReadError ? [formatError(result.error.toJSON(), result.error)] : undefined;
      const body = `${errors ? JSON.stringify({ errors, data: null }) : result}\n`;
      // The headers Express's res.send would add (no ETag: the app turns it off), without its copy of the body into a Buffer.
      res.writeHead(200, { "content-type": CONTENT_TYPE, ...answerHeaders(requestId), "content-length": Buffer.byteLength(body) });
      res.end(body);
      const errorCodes = errors?.map((error) => error.extensions?.code);
      logGraphQLRequest(log, { requestId, operation: read.operation.name?.value ?? null, startedAt, viewer, errorCodes });
      return true;
    } finally {
      await runner?.release();
    }
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const request = req.method === "POST" && responseMediaType(req.headers.accept) === "json" ? readRequestOf(req.body) : null;
    if (!request) {
      next();
      return;
    }
    documentFor(request)
      .then((read) => (read && read.notCompilable.size < 2 ? answer(req, res, request, read) : false))
      .then(
        (answered) => {
          if (!answered) next();
        },
        // Unexpected (the statement's own failures already come back as "not answered"): Apollo tries.
        (error: unknown) => (res.headersSent ? next(error) : next()),
      );
  };
}
