import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { checkQueryArguments } from "../graphql/argument-limits";
import type { HubContext } from "../graphql/context";
import { coerceVariables } from "../graphql/executor";

/**
 * Refuses a query whose arguments are out of bounds (src/graphql/argument-limits.ts) as soon as its
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
