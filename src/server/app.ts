import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { tokenConfig, viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { currentQueryTally, withQueryTally } from "../db/query-log";
import { createExportRouter } from "../export/export.router";
import { createContext, type HubContext } from "../graphql/context";
import { DEFAULT_QUERY_LIMITS, queryLimitRules, type QueryLimits } from "../graphql/limits";
import { createFormatError, type ErrorLogger } from "./format-error";

export interface HubServer {
  app: Express;
  apollo: ApolloServer<HubContext>;
}

const BODY_LIMIT = "1mb";

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
export async function createHubServer(
  dataSource: DataSource,
  schema: GraphQLSchema,
  logger: ErrorLogger = { error: (message, detail) => console.error(message, detail) },
  tokens: TokenConfig = tokenConfig(),
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): Promise<HubServer> {
  const apollo = new ApolloServer<HubContext>({
    schema,
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
    plugins: [sqlStatementsHeader, ApolloServerPluginCacheControlDisabled()],
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
  app.use(
    "/graphql",
    (_req, _res, next) => withQueryTally(next),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(dataSource.manager, await viewerFromHeader(req.headers.authorization, tokens)),
    }),
  );
  return { app, apollo };
}
