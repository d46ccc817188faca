import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import type { ErrorLogger } from "./format-error";

/**
 * HTTP-level errors, the same way on every path and whatever NODE_ENV says: a short JSON body with a French
 * message and a code, never Express's HTML page with a stack and the server's paths. A client error is told
 * what was wrong; anything unexpected is masked ("Erreur interne du serveur") and logged once, here.
 * Under /graphql the body has the GraphQL shape (`{"errors":[{"message","extensions":{"code"}}]}`), elsewhere
 * `{"error","code"}` as the export routes answer.
 */

/** Nesting a request's JSON may reach: variables are input objects a few levels deep; 5,000 levels are an attack. */
export const MAX_JSON_DEPTH = 32;

/** Largest request body. */
export const BODY_LIMIT = "1mb";

/** A refusal with its status, code and message, raised by the hub's own checks of a request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OPEN = new Set(["[".charCodeAt(0), "{".charCodeAt(0)]);
const CLOSE = new Set(["]".charCodeAt(0), "}".charCodeAt(0)]);
const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = "\\".charCodeAt(0);

/**
 * True when JSON `text` (bytes or characters) nests arrays and objects deeper than `max`: one pass, no parse,
 * no recursion. Brackets inside strings do not count; malformed text is left to the parser to report.
 */
export function jsonNestsDeeperThan(text: Buffer | string, max: number): boolean {
  const codeAt = typeof text === "string" ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = codeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (OPEN.has(code)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSE.has(code)) depth -= 1;
  }
  return false;
}

const tooDeep = () =>
  new HttpError(400, "BAD_REQUEST", `JSON trop imbriqué : plus de ${MAX_JSON_DEPTH} niveaux de listes ou d'objets (variables comprises)`);

/** JSON bodies: bounded in size, and in nesting before they are parsed. */
export function jsonBody(): RequestHandler {
  return express.json({
    limit: BODY_LIMIT,
    verify: (_req, _res, body) => {
      if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) throw tooDeep();
    },
  });
}

/** GET /graphql carries its variables and extensions as JSON in the query string: the same bound. */
export const jsonParametersBounded: RequestHandler = (req, _res, next) => {
  for (const name of ["variables", "extensions"]) {
    const value = req.query[name];
    if (typeof value === "string" && jsonNestsDeeperThan(value, MAX_JSON_DEPTH)) {
      next(tooDeep());
      return;
    }
  }
  next();
};

/** Sends an error body: GraphQL-shaped under /graphql, `{error, code}` elsewhere. */
export function sendError(req: Request, res: Response, status: number, code: string, message: string): void {
  const graphql = req.originalUrl.startsWith("/graphql");
  res.status(status).json(graphql ? { errors: [{ message, extensions: { code } }] } : { error: message, code });
}

/** Answers the methods a path does not serve with 405 and the ones it does. */
export function methodNotAllowed(allowed: string): RequestHandler {
  return (req, res) => {
    res.set("Allow", allowed);
    sendError(req, res, 405, "METHOD_NOT_ALLOWED", `Méthode ${req.method} non autorisée ici : ${allowed}`);
  };
}

/** Last route: nothing answered this path. */
export const notFound: RequestHandler = (req, res) => {
  sendError(req, res, 404, "NOT_FOUND", `Ressource introuvable : ${req.method} ${req.path.slice(0, 200)}`);
};

interface HttpFailure {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  charset?: unknown;
  encoding?: unknown;
}

/** The status, code and French message of a client error raised by Express, body-parser or serve-static; null when unexpected. */
function clientError(error: unknown): { status: number; code: string; message: string } | null {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof URIError) return { status: 400, code: "BAD_REQUEST", message: "Adresse mal encodée (séquence % invalide)" };
  const failure = (typeof error === "object" && error !== null ? error : {}) as HttpFailure;
  const status = typeof failure.status === "number" ? failure.status : typeof failure.statusCode === "number" ? failure.statusCode : 500;
  if (status < 400 || status >= 500) return null;
  switch (failure.type) {
    case "entity.parse.failed":
      return { status: 400, code: "BAD_REQUEST", message: "Corps de requête illisible : JSON mal formé (un objet JSON est attendu)" };
    case "entity.too.large":
      return {
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
        message: `Corps de requête trop volumineux : au plus ${BODY_LIMIT.replace("mb", " Mo")}`,
      };
    case "charset.unsupported":
      return {
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: `Jeu de caractères non pris en charge : ${String(failure.charset).slice(0, 40)} (UTF-8 attendu)`,
      };
    case "encoding.unsupported":
      return { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "Encodage du corps non pris en charge (gzip, deflate, br ou aucun)" };
    case "request.aborted":
      return { status: 400, code: "BAD_REQUEST", message: "Requête interrompue avant la fin de son corps" };
    case "request.size.invalid":
      return { status: 400, code: "BAD_REQUEST", message: "Taille du corps différente de l'en-tête Content-Length" };
    case "parameters.too.many":
      return { status: 413, code: "PAYLOAD_TOO_LARGE", message: "Trop de paramètres dans la requête" };
    default:
  }
  if (status === 404) return { status, code: "NOT_FOUND", message: "Ressource introuvable" };
  if (status === 400) return { status, code: "BAD_REQUEST", message: "Requête illisible (corps compressé ou encodé invalide)" };
  return { status, code: "BAD_REQUEST", message: `Requête refusée (HTTP ${status})` };
}

/** The application's error handler, last of all: client errors told, anything else masked and logged once. */
export function httpErrorHandler(logger: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = clientError(error);
    if (!known) logger.error(`unexpected error on ${req.method} ${req.path.slice(0, 200)}`, error);
    if (res.headersSent) {
      // Too late for an error body: end the answer so the client sees it broken, not complete.
      res.destroy();
      return;
    }
    if (known) sendError(req, res, known.status, known.code, known.message);
    else sendError(req, res, 500, "INTERNAL_SERVER_ERROR", "Erreur interne du serveur");
  };
}
