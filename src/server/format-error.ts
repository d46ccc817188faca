import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";

export interface ErrorLogger { error(message: string, detail: unknown): void }

/**
 * Client-facing errors keep their message and code; anything unexpected (a bug, a database
 * failure) is masked as INTERNAL_SERVER_ERROR for the client and logged with its stack here.
 */
export function createFormatError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const isOurs = original instanceof GraphQLError && typeof original.extensions?.code === "string";
    const isRequestError = code !== undefined && code !== "INTERNAL_SERVER_ERROR";
    if (isOurs || isRequestError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error("unexpected error while resolving a request", original);
    return {
      message: "Erreur interne du serveur",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
