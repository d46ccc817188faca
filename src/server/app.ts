import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { randomUUID } from "node:crypto";
import express, { type Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { tokenConfig, viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { createDashboardRouter, createExplorerHandler } from "../dashboard/dashboard.router";
import { currentQueryTally, withQueryTally } from "../db/query-log";
import { createExportRouter } from "../export/export.router";
import { createContext, type HubContext } from "../graphql/context";
import { jitGateway } from "../graphql/executor";
import { DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from "../graphql/limits";
import { createFormatError, type ErrorLogger } from "./format-error";
import { createLogger, type HubLogger } from "./logger";

export interface HubServer {
  app: Express;
  apollo: ApolloServer<HubContext>;
}

const BODY_LIMIT = "1mb";

/** One log line per GraphQL request: id, operation, duration, SQL statements, error codes (never the query's variables). */
function requestLog(log: HubLogger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          const requestId = contextValue.requestId;
          response.http.headers.set("x-request-id", requestId);
          log.info({
            requestId,
            operation: operationName ?? request.operationName ?? null,
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            sqlStatements: currentQueryTally()?.statements ?? null,
            viewer: contextValue.viewer.kind === "user" ? contextValue.viewer.role : "ANONYMOUS",
            errors: errors?.map((e) => e.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
          }, "graphql request");
        },
      };
    },
  };
}

/** Reports how many SQL statements answered the request: an N+1 regression shows in every response. */
const sqlStatementsHeader: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const tally = currentQueryTally();
        if (tally) response.http.headers.set("x-sql-statements", String(tally.statements));
      },
    };
  },
};

/** The HTTP application: GraphQL on /graphql plus the hub's own routes, with their own limits. */
const log = createLogger();
const defaultErrorLogger: ErrorLogger = { error: (message, detail) => log.error({ err: detail }, message) };

export async function createHubServer(
  dataSource: DataSource,
  schema: GraphQLSchema,
  logger: ErrorLogger = defaultErrorLogger,
  tokens: TokenConfig = tokenConfig(),
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): Promise<HubServer> {
  const apollo = new ApolloServer<HubContext>({
    // Operations run through graphql-jit (src/graphql/executor.ts): Apollo takes a custom executor only as a gateway.
    gateway: jitGateway(schema, logger),
    introspection: true,
    formatError: createFormatError(logger),
    validationRules: queryLimitRules(limits),
    parseOptions: { maxTokens: limits.maxTokens },
    includeStacktraceInErrorResponses: false,
    // No "did you mean" field suggestions in production: they describe the schema to anyone probing it.
    hideSchemaDetailsFromClientErrors: process.env.NODE_ENV === "production",
    // main.ts owns shutdown: Apollo's own signal handler would exit before the database is closed.
    stopOnTerminationSignals: false,
    // The hub sends no cache hints: the per-field cache-control hook only allocated (6 MB a dashboard request).
    // Apollo's landing page loads from a CDN: the hub serves its own offline explorer instead.
    plugins: [sqlStatementsHeader, requestLog(log), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Ready when the database answers and no migration is pending; a load balancer routes on this.
  app.get("/readyz", async (_req, res) => {
    try {
      await dataSource.query("SELECT 1");
      const pending = await dataSource.showMigrations();
      res.status(pending ? 503 : 200).json({ status: pending ? "migrations pending" : "ready" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });
  app.use("/export", createExportRouter(dataSource, tokens, logger));
  app.use(createDashboardRouter());
  app.use(
    "/graphql",
    createExplorerHandler(),
    (_req, _res, next) => withQueryTally(next),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        ...createContext(dataSource.manager, await viewerFromHeader(req.headers.authorization, tokens)),
        requestId: req.get("x-request-id") ?? randomUUID(),
      }),
    }),
  );
  return { app, apollo };
}
