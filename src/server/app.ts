import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { randomUUID } from "node:crypto";
import express, { type Express } from "express";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { tokenConfig, viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { createDashboardRouter, createExplorerHandler } from "../dashboard/dashboard.router";
import { withQueryTally } from "../db/query-log";
import { createHubCache, responseCachePlugins } from "./response-cache";
import { compiledReadsConfig, importMaxBytesConfig, responseCacheConfig, type ResponseCacheConfig } from "../config";
import { sqlTypes } from "./schema";
import { SqlReader } from "../graph/sql-reader";
import { stringifyResult } from "../graph/raw-json";
import { createExportRouter } from "../export/export.router";
import { createReportRouter } from "../report/bilan.router";
import { createImportRouter } from "../import/import.router";
import { createContext, type HubContext } from "./context";
import { jitGateway } from "../graph/executor";
import { DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from "../graph/limits";
import { createFormatError, type ErrorLogger } from "../http/format-error";
import { compiledReadRoute } from "./compiled-read-route";
import { sharedLogger } from "../common/logger";
import { httpErrorHandler, jsonBody, jsonParametersBounded, methodNotAllowed, notFound } from "../http/http-errors";
import { readReplicaRouting } from "./read-replicas";
import { argumentBoundsPlugin, graphqlOverHttpStatus } from "./request-checks";
import { requestLogPlugin } from "./request-log";

export interface HubServer {
  app: Express;
  /**
   * With the response cache off, a compiled read's data holds its statement's JSON as text (src/graph/raw-json.ts),
   * written out by `stringifyResult`: read answers over HTTP, not through `executeOperation`.
   */
  apollo: ApolloServer<HubContext>;
  /** Where persisted queries and cached responses live, for the start-up log. */
  cacheDescription: string;
  /** Stops Apollo and closes the shared cache's connection (the data source is the caller's). */
  stop(): Promise<void>;
}

export interface HubServerOptions {
  logger: ErrorLogger;
  tokens: TokenConfig;
  limits: QueryLimits;
  cache: ResponseCacheConfig;
  /** Compiled reads (src/graph/compile/); default from COMPILED_READS. */
  compiledReads: boolean;
  /** Largest file `POST /import/<kind>` accepts; default from IMPORT_MAX_BYTES. */
  importMaxBytes: number;
}

/**
 * Apollo's log in the hub's: an unexpected failure is logged once, with its cause, by the plugin below (Apollo's own
 * line about it carries only its message); its other lines go to the structured log.
 */
function apolloLogger(logger: ErrorLogger) {
  return {
    debug: (message: unknown) => log.debug(String(message)),
    info: (message: unknown) => log.info(String(message)),
    warn: (message: unknown) => log.warn(String(message)),
    error: (message: unknown) => {
      if (!String(message).startsWith("Unexpected error processing request")) logger.error("apollo server", String(message));
    },
  };
}

const unexpectedFailuresLogged = (logger: ErrorLogger): ApolloServerPlugin<HubContext> => ({
  async unexpectedErrorProcessingRequest({ error }) {
    logger.error("unexpected error processing a request", error);
  },
});

/** The HTTP application: GraphQL on /graphql plus the hub's own routes, with their own limits. */
const log = sharedLogger();
const defaultErrorLogger: ErrorLogger = { error: (message, detail) => log.error({ err: detail }, message) };

export async function createHubServer(
  dataSource: DataSource,
  schema: GraphQLSchema,
  options: Partial<HubServerOptions> = {},
): Promise<HubServer> {
  const logger = options.logger ?? defaultErrorLogger;
  const tokens = options.tokens ?? tokenConfig();
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const cacheConfig = options.cache ?? responseCacheConfig();
  const hubCache = createHubCache(cacheConfig, { warn: (message) => log.warn(message) });
  const sqlReader =
    (options.compiledReads ?? compiledReadsConfig())
      ? new SqlReader(schema, sqlTypes, { warn: (message, detail) => log.warn(detail, message) }, limits.maxResponseBytes)
      : null;
  sqlReader?.check(dataSource);
  const formatError = createFormatError(logger);
  // Apollo's parsed and validated documents, shared with the compiled-read route (it answers only documents found there).
  const documentStore = new InMemoryLRUCache<DocumentNode>();
  const apollo = new ApolloServer<HubContext>({
    // Operations run through graphql-jit (src/graph/executor.ts): Apollo takes a custom executor only as a gateway.
    gateway: jitGateway(schema, logger, { sqlReader, maxResponseBytes: limits.maxResponseBytes, rawJson: !cacheConfig.enabled }),
    // Compiled reads' JSON spliced in as PostgreSQL wrote it (src/graph/raw-json.ts); any other result as Apollo writes it.
    stringifyResult,
    // Persisted queries (APQ) and cached responses share it: with Redis, every hub process sees them.
    cache: hubCache.cache,
    introspection: true,
    formatError,
    logger: apolloLogger(logger),
    validationRules: queryLimitRules(limits),
    documentStore,
    parseOptions: { maxTokens: limits.maxTokens },
    includeStacktraceInErrorResponses: false,
    // No "did you mean" field suggestions in production: they describe the schema to anyone probing it.
    hideSchemaDetailsFromClientErrors: process.env.NODE_ENV === "production",
    // main.ts owns shutdown: Apollo's own signal handler would exit before the database is closed.
    stopOnTerminationSignals: false,
    // Apollo's per-field cache-control hook allocated 6 MB a dashboard request: the cache policy is computed
    // once per document instead (src/graph/cache-policy.ts).
    // Apollo's landing page loads from a CDN: the hub serves its own offline explorer instead.
    plugins: [
      unexpectedFailuresLogged(logger),
      argumentBoundsPlugin(schema),
      graphqlOverHttpStatus,
      requestLogPlugin(log),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces are for federated subgraphs, which the hub is not: without this, Apollo loads the plugin (and
      // its protobuf code, ~0.1 s of every start) only for it to find no subgraph and stay idle.
      ApolloServerPluginInlineTraceDisabled(),
      // Before the response cache: the data version it keys on is read where the data is read.
      ...readReplicaRouting(dataSource),
      ...(cacheConfig.enabled ? responseCachePlugins(cacheConfig, hubCache.cache) : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  // No ETag on API answers: GraphQL is POSTed (nothing revalidates), and hashing each body cost the dashboard's
  // 100 kB answers a SHA-1 and a copy. Static files keep theirs (serve-static sets its own).
  app.set("etag", false);
  app
    .route("/healthz")
    .get((_req, res) => {
      res.json({ status: "ok" });
    })
    .all(methodNotAllowed("GET, HEAD"));
  // Ready when the database answers and no migration is pending; a load balancer routes on this.
  app
    .route("/readyz")
    .get(async (_req, res) => {
      try {
        await dataSource.query("SELECT 1");
        const pending = await dataSource.showMigrations();
        res.status(pending ? 503 : 200).json({ status: pending ? "migrations pending" : "ready" });
      } catch {
        res.status(503).json({ status: "database unavailable" });
      }
    })
    .all(methodNotAllowed("GET, HEAD"));
  // GraphQL first: every route mounted before it is matched against each API request.
  app.use(
    "/graphql",
    createExplorerHandler(),
    (_req, _res, next) => withQueryTally(next, limits.requestTimeoutMs),
    jsonBody(),
    jsonParametersBounded,
    // With the response cache on, Apollo's pipeline serves every request (the cache is one of its plugins).
    ...(sqlReader && !cacheConfig.enabled
      ? [compiledReadRoute({ schema, reader: sqlReader, documentStore, tokens, dataSource, log, formatError })]
      : []),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(
          dataSource.manager,
          await viewerFromHeader(req.headers.authorization, tokens),
          req.get("x-request-id") ?? randomUUID(),
        ),
    }),
  );
  app.use("/export", createExportRouter(dataSource, tokens, logger));
  app.use("/reports", createReportRouter(dataSource, tokens, logger));
  app.use("/import", createImportRouter(dataSource, tokens, logger, { maxBytes: options.importMaxBytes ?? importMaxBytesConfig() }));
  app.all("/import/:kind", methodNotAllowed("POST"));
  app.use(createDashboardRouter());
  // Whatever no route answered, and every error any of them raised: short JSON, never Express's HTML page.
  app.use(notFound);
  app.use(httpErrorHandler(logger));
  const stop = async () => {
    await apollo.stop();
    await hubCache.close();
  };
  const cacheDescription = cacheConfig.enabled ? hubCache.description : `off (persisted queries ${hubCache.description})`;
  return { app, apollo, stop, cacheDescription };
}
