import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isTimeoutError } from "../db/query-log";

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator's nested failures, flattened to "path: message" with the path of the first one. */
function describeValidation(failures: ValidationFailure[], prefix = ""): Array<{ path: string; message: string }> {
  return failures.flatMap((failure) => {
    const path = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = Object.values(failure.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...describeValidation(failure.children ?? [], path)];
  });
}

/** Connection-level failures (server down, restarting, unreachable): the request may be retried later. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|ECONNREFUSED/;
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  let cause: unknown = error;
  // Drivers throw plain objects too (a refused connection): graphql-js wraps those as `thrownValue`.
  for (let depth = 0; typeof cause === "object" && cause !== null && depth < 6; depth++) {
    const failure = cause as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      originalError?: unknown;
      thrownValue?: unknown;
      cause?: unknown;
    };
    if (typeof failure.code === "string" && UNAVAILABLE_CODES.has(failure.code)) return true;
    if (typeof failure.message === "string" && UNAVAILABLE_MESSAGE.test(failure.message)) return true;
    cause = failure.driverError ?? failure.originalError ?? failure.thrownValue ?? failure.cause;
  }
  return false;
}

export interface ErrorLogger {
  error(message: string, detail: unknown): void;
}

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
 * Apollo's own refusals of a request that is not a GraphQL request (no body, wrong method, batch, CSRF…), in French:
 * they keep their code (BAD_REQUEST) and HTTP status.
 */
const APOLLO_REQUEST_MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^This operation has been blocked as a potential Cross-Site Request Forgery/,
    "Requête refusée (protection CSRF) : envoyez Content-Type: application/json, ou un en-tête Apollo-Require-Preflight non vide",
  ],
  [/^Apollo Server supports only GET\/POST requests/, "Méthode non autorisée : GraphQL s'interroge en GET ou en POST"],
  [/^POST body missing/, "Corps de requête absent ou illisible : envoyez un objet JSON (Content-Type: application/json)"],
  [/^GraphQL operations must contain a non-empty `query`/, "Requête GraphQL absente : le champ « query » est vide ou manquant"],
  [/^Operation batching disabled/, "Envoi groupé refusé : une seule opération par requête"],
  [
    /^`(query|variables|extensions|operationName)` in a (POST body|GET URL)/,
    "Requête mal formée : « query » est un texte, « variables » et « extensions » des objets",
  ],
  [/^GET requests may not have a content-type header/, "Une requête GET ne porte pas d'en-tête Content-Type autre que application/json"],
  [
    /^An 'accept' header was provided for this request which does not accept/,
    "En-tête Accept non satisfaisable : application/json ou application/graphql-response+json",
  ],
  [/^Can only perform a mutation operation from a POST request/, "Une mutation s'envoie en POST"],
  [
    /^Too many validation errors, error limit reached\. Validation aborted\.$|^Validation aborted\.$/,
    "Requête trop complexe à valider (trop d'erreurs ou de champs homonymes à comparer) : simplifiez-la",
  ],
];

function frenchRequestMessage(message: string): string {
  return APOLLO_REQUEST_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}

/**
 * PostgreSQL data exceptions a value given by the client causes (too long for its column, out of its range, a
 * NUL byte, a malformed date or number): bad input, whatever path let it reach the database.
 */
const VALUE_REFUSED_BY_DATABASE = new Set(["22001", "22003", "22007", "22008", "22021", "22026", "22P02", "22P05"]);

function isValueRefusedByDatabase(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; typeof cause === "object" && cause !== null && depth < 6; depth++) {
    const failure = cause as { code?: unknown; driverError?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof failure.code === "string" && VALUE_REFUSED_BY_DATABASE.has(failure.code)) return true;
    cause = failure.driverError ?? failure.originalError ?? failure.cause;
  }
  return false;
}

/** Apollo's stand-in for a failure it has already reported (`unexpectedErrorProcessingRequest`): not logged twice. */
function isReportedByApollo(error: unknown): boolean {
  const cause = error instanceof GraphQLError ? error.originalError : error;
  return cause instanceof Error && !(cause instanceof GraphQLError) && cause.message === "Internal server error";
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
      return { ...formatted, message: frenchRequestMessage(formatted.message), extensions: { ...extensions, code } };
    }
    // Server-side failures: logged with their cause here, told to the client in a sentence and a code.
    const masked = (logLine: string, message: string, maskedCode: string): GraphQLFormattedError => {
      logger.error(logLine, original);
      return { message, path: formatted.path, locations: formatted.locations, extensions: { code: maskedCode } };
    };
    if (isTimeoutError(original)) {
      return masked(
        "request timed out",
        "La requête a dépassé le temps qui lui est accordé : restreignez-la (moins de niveaux, des pages plus courtes) ou réessayez",
        "REQUEST_TIMEOUT",
      );
    }
    if (isDatabaseUnavailable(original)) {
      return masked(
        "database unavailable",
        "Base de données momentanément indisponible : réessayez dans quelques instants",
        "SERVICE_UNAVAILABLE",
      );
    }
    if (isValueRefusedByDatabase(original)) {
      return masked(
        "a value was refused by the database",
        "Valeur refusée par la base de données : trop longue, hors des bornes de son champ ou mal formée",
        "BAD_USER_INPUT",
      );
    }
    if (isReportedByApollo(original)) {
      return {
        message: "Erreur interne du serveur",
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      };
    }
    return masked("unexpected error while resolving a request", "Erreur interne du serveur", "INTERNAL_SERVER_ERROR");
  };
}
