import type { ApolloServerPlugin } from "@apollo/server";
import type { Viewer } from "../auth/viewer";
import { currentQueryTally } from "../db/query-log";
import type { HubContext } from "./context";
import type { HubLogger } from "../common/logger";

/** What one GraphQL request's log line says (never the query's variables). */
export interface GraphQLRequestLog {
  requestId: string;
  operation: string | null;
  startedAt: bigint;
  viewer: Viewer;
  errorCodes?: unknown[];
}

/** One log line per GraphQL request: id, operation, duration, SQL statements, error codes. */
export function logGraphQLRequest(log: HubLogger, entry: GraphQLRequestLog): void {
  log.info(
    {
      requestId: entry.requestId,
      operation: entry.operation,
      durationMs: Number(process.hrtime.bigint() - entry.startedAt) / 1e6,
      sqlStatements: currentQueryTally()?.statements ?? null,
      viewer: entry.viewer.kind === "user" ? entry.viewer.role : "ANONYMOUS",
      errors: entry.errorCodes,
    },
    "graphql request",
  );
}

/**
 * The hub's own headers on a GraphQL answer, whichever way it came in (Apollo's pipeline or the compiled-read route):
 * the request's id, and how many SQL statements answered it (an N+1 regression shows in every response).
 */
export function answerHeaders(requestId: string): Record<string, string> {
  const tally = currentQueryTally();
  return tally ? { "x-request-id": requestId, "x-sql-statements": String(tally.statements) } : { "x-request-id": requestId };
}

/** The log line of requests Apollo answers, and their headers (answerHeaders). */
export function requestLogPlugin(log: HubLogger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const startedAt = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          for (const [name, value] of Object.entries(answerHeaders(contextValue.requestId))) response.http.headers.set(name, value);
          logGraphQLRequest(log, {
            requestId: contextValue.requestId,
            operation: operationName ?? request.operationName ?? null,
            startedAt,
            viewer: contextValue.viewer,
            errorCodes: errors?.map((e) => e.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
          });
        },
      };
    },
  };
}
