import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { checkQueryArguments } from "../graph/argument-limits";
import type { HubContext } from "../graph/context";
import { coerceVariables } from "../graph/executor";

/**
 * Refuses a query whose arguments are out of bounds (src/graph/argument-limits.ts) as soon as its
 * operation is known: before the response cache reads the data version, before any SQL. A variable of the
 * wrong type is left to the executor, which reports it as graphql-js would.
 */
export function argumentBoundsPlugin(schema: GraphQLSchema): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (operation?.operation !== "query") return;
          const checked = coerceVariables(schema, operation, request.variables ?? {});
          if ("errors" in checked) return;
          try {
            checkQueryArguments(schema, document, operation, checked.coerced);
          } catch (error) {
            if (!(error instanceof GraphQLError)) throw error;
            throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
          }
        },
      };
    },
  };
}

const JSON_MEDIA_TYPE = "application/json";
const GRAPHQL_RESPONSE_MEDIA_TYPE = "application/graphql-response+json";

/**
 * The quality an `accept` header gives `type`: that of its most specific matching range (the type itself,
 * then `application/*`, then `*\/*`), 0 when none matches. A range with a parameter other than `q` and
 * `charset=utf-8` matches nothing (the hub answers UTF-8 without parameters), as Apollo's negotiation does.
 */
export function acceptQuality(accept: string, type: string): number {
  let specificity = -1;
  let quality = 0;
  for (const range of accept.split(",")) {
    const [media, ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    let q = 1;
    let foreign = false;
    for (const parameter of parameters) {
      const [name, value = ""] = parameter.split("=").map((part) => part.trim());
      if (name === "q") q = Number(value);
      else if (!(name === "charset" && value === "utf-8")) foreign = true;
    }
    const rank = media === type ? 2 : media === "application/*" ? 1 : media === "*/*" ? 0 : -1;
    if (foreign || rank <= specificity) continue;
    specificity = rank;
    quality = Number.isFinite(q) ? q : 0;
  }
  return quality;
}

/** The media type Apollo answers a single result with: JSON unless the client prefers the GraphQL response type. */
export function responseMediaType(accept: string | undefined): "json" | "graphql-response" | null {
  if (accept === undefined || accept.trim() === "") return "json";
  const json = acceptQuality(accept, JSON_MEDIA_TYPE);
  const graphql = acceptQuality(accept, GRAPHQL_RESPONSE_MEDIA_TYPE);
  if (json === 0 && graphql === 0) return null;
  return graphql > json ? "graphql-response" : "json";
}

/** Errors of a well-formed request: its document, its variables or its arguments (not the request's shape: BAD_REQUEST). */
const GRAPHQL_REQUEST_ERRORS = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "QUERY_LIMIT",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * GraphQL over HTTP: a well-formed request whose document does not parse or validate, or whose variables are
 * refused, is answered 200 when the answer is `application/json` (a client that only knows JSON reads the
 * errors from the body), and 4xx when it is `application/graphql-response+json`. Apollo answers 400 either way.
 */
export const graphqlOverHttpStatus: ApolloServerPlugin<HubContext> = {
  async requestDidStart({ request }) {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        if (response.http.status !== 400 || body.kind !== "single" || body.singleResult.data !== undefined) return;
        const codes = (body.singleResult.errors ?? []).map((error) => error.extensions?.code);
        if (codes.length === 0 || !codes.every((code) => typeof code === "string" && GRAPHQL_REQUEST_ERRORS.has(code))) return;
        if (responseMediaType(request.http?.headers.get("accept")) !== "json") return;
        response.http.status = 200;
        response.http.headers.set("content-type", "application/json; charset=utf-8");
      },
    };
  },
};
