import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isTimeoutError } from "../db/query-log";

interface ValidationFailure { property: string; constraints?: Record<string, string>; children?: ValidationFailure[] }

/** class-validator's nested failures, flattened to "path: message" with the path of the first one. */
function describeValidation(failures: ValidationFailure[], prefix = ""): Array<{ path: string; message: string }> {
  return failures.flatMap((failure) => {
    const path = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = Object.values(failure.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...describeValidation(failure.children ?? [], path)];
  });
}

/** Connection-level failures (server down, restarting, unreachable): the request may be retried later. */
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|ECONNREFUSED/;
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  let cause: unknown = error;
  // Drivers throw plain objects too (a refused connection): graphql-js wraps those as `thrownValue`.
  for (let depth = 0; typeof cause === "object" && cause !== null && depth < 6; depth++) {
    const failure = cause as { code?: unknown; message?: unknown; driverError?: unknown; originalError?: unknown; thrownValue?: unknown; cause?: unknown };
    if (typeof failure.code === "string" && UNAVAILABLE_CODES.has(failure.code)) return true;
    if (typeof failure.message === "string" && UNAVAILABLE_MESSAGE.test(failure.message)) return true;
    cause = failure.driverError ?? failure.originalError ?? failure.thrownValue ?? failure.cause;
  }
  return false;
}

export interface ErrorLogger { error(message: string, detail: unknown): void }

/** graphql-js's messages for an argument value of the wrong type (an unknown enum value, a string for an Int…). */
const ARGUMENT_VALUE_ERROR =
  /^(Expected value of type|Value ".*" does not exist in ".*" enum|Enum ".*" cannot represent|(Int|Float|String|Boolean|ID) cannot represent|Field ".*" of required type .* was not provided)/;

/**
 * An argument value of the wrong form is bad input, not a broken query, even when written inline.
 * A literal our scalar refused (a date that is not a date) reaches Apollo as a validation error:
 * report it as the bad input it is.
 */
function inputErrorCode(error: unknown, formatted: GraphQLFormattedError): string | undefined {
  if (formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED" && ARGUMENT_VALUE_ERROR.test(formatted.message)) {
    return "BAD_USER_INPUT";
  }
  let cause: unknown = error;
  while (cause instanceof GraphQLError) {
    if (cause.extensions?.code === "BAD_USER_INPUT") return "BAD_USER_INPUT";
    cause = cause.originalError;
  }
  return undefined;
}

/**
 * Client-facing errors keep their message and code; anything unexpected (a bug, a database
 * failure) is masked as INTERNAL_SERVER_ERROR for the client and logged with its stack here.
 */
export function createFormatError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = inputErrorCode(error, formatted) ?? formatted.extensions?.code;
    const isOurs = original instanceof GraphQLError && typeof original.extensions?.code === "string";
    const isRequestError = code !== undefined && code !== "INTERNAL_SERVER_ERROR";
    const failures = original instanceof GraphQLError ? original.extensions?.validationErrors : undefined;
    if (Array.isArray(failures)) {
      const described = describeValidation(failures as ValidationFailure[]);
      return {
        message: `Saisie invalide : ${described.map((d) => d.message).join(" ; ")}`,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: "BAD_USER_INPUT", argument: described[0]?.path, fields: described.map((d) => d.path) },
      };
    }
    if (isOurs || isRequestError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code } };
    }
    // Server-side failures: logged with their cause here, told to the client in a sentence and a code.
    const masked = (logLine: string, message: string, maskedCode: string): GraphQLFormattedError => {
      logger.error(logLine, original);
      return { message, path: formatted.path, locations: formatted.locations, extensions: { code: maskedCode } };
    };
    if (isTimeoutError(original)) {
      return masked("request timed out",
        "La requête a dépassé le temps qui lui est accordé : restreignez-la (moins de niveaux, des pages plus courtes) ou réessayez",
        "REQUEST_TIMEOUT");
    }
    if (isDatabaseUnavailable(original)) {
      return masked("database unavailable", "Base de données momentanément indisponible : réessayez dans quelques instants", "SERVICE_UNAVAILABLE");
    }
    return masked("unexpected error while resolving a request", "Erreur interne du serveur", "INTERNAL_SERVER_ERROR");
  };
}
