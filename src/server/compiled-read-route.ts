import { randomUUID } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import {
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import type { DataSource } from "typeorm";
import { viewerFromHeader, type TokenConfig } from "../auth/tokens";
import type { Viewer } from "../auth/viewer";
import { todayInFrance } from "../common/date";
import { LruCache } from "../common/lru-cache";
import { currentQueryTally } from "../db/query-log";
import { COMPILED_QUERY_CACHE_SIZE, checkRequest } from "../graph/executor";
import { queryLimitRules, type QueryLimits } from "../graph/limits";
import { FinalReadError, isFallback, type SqlReader } from "../graph/sql-reader";
import type { createFormatError } from "../http/format-error";
import type { HubLogger } from "../common/logger";
import { readReplicaRunner } from "./read-replicas";
import { logGraphQLRequest } from "./request-log";

/**
 * Compiled reads served without Apollo's request pipeline. A query whose every field maps to SQL is
 * one statement; what costs then is the server around it (Apollo's pipeline, its plugins and promises
 * were a third of the hub's CPU on the national list). This route answers such a request itself, the
 * way Apollo would (same body, status and headers), and hands every other request to Apollo untouched:
 * anything it is not sure of — a document that does not parse or validate, a mutation, a field without
 * SQL, refused variables or arguments, a failed statement, persisted queries, an expired token, an
 * `accept` header asking for another media type — goes on to Apollo, which answers or reports as usual.
 *
 * Not installed when the response cache is on: Apollo's response-cache plugin then serves repeated reads.
 */

export interface CompiledReadRouteOptions {
  schema: GraphQLSchema;
  reader: SqlReader;
  limits: QueryLimits;
  tokens: TokenConfig;
  dataSource: DataSource;
  log: HubLogger;
  /** The server's formatError: a timeout or a response past the bound is answered here, as Apollo would. */
  formatError: ReturnType<typeof createFormatError>;
}

/** A document this route answers: valid, and a query operation. */
interface ReadDocument {
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Turned off when a field proves to have no SQL form. */
  compilable: boolean;
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

/**
 * True when Apollo would answer `application/json; charset=utf-8` for this `accept` header: none, or
 * one accepting JSON that mentions neither the GraphQL response media type nor JSONP-style callbacks
 * (Apollo negotiates those).
 */
export function acceptsPlainJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  let json = false;
  for (const range of accept.split(",")) {
    const [type, ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    if (type.includes("graphql-response") || params.some((p) => !/^q=(1(\.0*)?|0?\.\d*[1-9]\d*)$/.test(p))) return false;
    if (type === "application/json" || type === "application/*" || type === "*/*") json = true;
  }
  return json;
}

const CONTENT_TYPE = "application/json; charset=utf-8";

export function compiledReadRoute(options: CompiledReadRouteOptions): RequestHandler {
  const { schema, reader, limits, tokens, dataSource, log, formatError } = options;
  const rules: ValidationRule[] = [...specifiedRules, ...queryLimitRules(limits)];
  // Documents by text and operation name: a valid query's parsed form, or null for one left to Apollo.
  const documents = new LruCache<string, ReadDocument | null>(COMPILED_QUERY_CACHE_SIZE);
  let documentIds = 0;

  const documentFor = (request: ReadRequest): ReadDocument | null => {
    const cacheKey = `${request.operationName ?? ""}\u0000${request.query}`;
    const known = documents.get(cacheKey);
    if (known !== undefined) return known;
    let entry: ReadDocument | null = null;
    try {
      const document = parse(request.query, { maxTokens: limits.maxTokens });
      const operation = validate(schema, document, rules).length === 0 ? getOperationAST(document, request.operationName) : null;
      if (operation?.operation === "query") entry = { key: `route:${++documentIds}`, document, operation, compilable: true };
    } catch {
      entry = null;
    }
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
    const runner = readReplicaRunner(dataSource);
    try {
      const result = await reader.answerJson({
        key: read.key,
        document: read.document,
        operation: read.operation,
        variables: checked.coerced,
        manager: runner?.manager ?? dataSource.manager,
        today: todayInFrance(),
      });
      if (isFallback(result)) {
        if (result.fallback === "unsupported") read.compilable = false;
        return false;
      }
      const requestId = req.get("x-request-id") ?? randomUUID();
      // Out of time or too large: answered here, since Apollo would only try again.
      const errors = result instanceof FinalReadError ? [formatError(result.error.toJSON(), result.error)] : undefined;
      const body = `${errors ? JSON.stringify({ errors, data: null }) : result}\n`;
      // The headers Express's res.send would add (no ETag: the app turns it off), without its copy of the body into a Buffer.
      res.writeHead(200, {
        "content-type": CONTENT_TYPE,
        "x-request-id": requestId,
        "x-sql-statements": String(currentQueryTally()?.statements ?? 0),
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
      const errorCodes = errors?.map((error) => error.extensions?.code);
      logGraphQLRequest(log, { requestId, operation: read.operation.name?.value ?? null, startedAt, viewer, errorCodes });
      return true;
    } finally {
      await runner?.release();
    }
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const request = req.method === "POST" && acceptsPlainJson(req.headers.accept) ? readRequestOf(req.body) : null;
    const read = request ? documentFor(request) : null;
    if (!request || !read?.compilable) {
      next();
      return;
    }
    answer(req, res, request, read).then(
      (answered) => {
        if (!answered) next();
      },
      // Unexpected (the statement's own failures already come back as "not answered"): Apollo tries.
      (error: unknown) => (res.headersSent ? next(error) : next()),
    );
  };
}
