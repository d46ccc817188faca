import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Authorization headers and tokens are redacted: a log line must never
 * let its reader act as the caller. A line stays small: errors and statements are cut short.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: "ctg-hub" },
    redact: { paths: ["req.headers.authorization", "headers.authorization", "token", "*.token"], censor: "[redacted]" },
    // Errors are logged bounded: never a whole statement with megabytes of parameters.
    serializers: { err: (error: unknown) => describeError(error) },
  };
  return pino(options, destination ?? bufferedStdout());
}

export type HubLogger = Logger;

let shared: Logger | undefined;

/** The process's log, opened on first use: the server and the database's query logger write to the same stream. */
export function sharedLogger(): Logger {
  return (shared ??= createLogger());
}

/** Characters of a statement's text kept in a log line, of each of its first parameters, and how many parameters. */
const LOGGED_SQL_LENGTH = 1_000;
const LOGGED_PARAMETER_LENGTH = 100;
const LOGGED_PARAMETERS = 10;

/** `text` cut to `max` characters, saying how long it was. */
export function boundedText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} caractères)`;
}

/**
 * A statement as a log line tells it: its text and first parameters cut short, their sizes. A failed statement
 * must not put megabytes of SQL or of parameters (a 300 kB search, an import's rows) into the logs.
 */
export function describeStatement(query: string, parameters: readonly unknown[] = []): Record<string, unknown> {
  const shown = parameters.slice(0, LOGGED_PARAMETERS).map((value) => {
    const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
    return boundedText(text, LOGGED_PARAMETER_LENGTH);
  });
  return { sql: boundedText(query.replace(/\s+/g, " "), LOGGED_SQL_LENGTH), parameterCount: parameters.length, parameters: shown };
}

/** A database error as a log line tells it: message (cut short) and PostgreSQL code. */
export function describeDatabaseError(error: string | Error): Record<string, unknown> {
  if (typeof error === "string") return { message: boundedText(error, LOGGED_SQL_LENGTH) };
  const code = (error as { code?: unknown }).code;
  return { message: boundedText(error.message, LOGGED_SQL_LENGTH), ...(typeof code === "string" ? { code } : {}) };
}

/** Lines of a stack kept in a log line: where it failed, not the whole framework under it. */
const LOGGED_STACK_LINES = 12;

/**
 * An error as the log tells it, whatever it carries: message, code, the first lines of its stack, its
 * statement (TypeORM's QueryFailedError holds the SQL and every parameter) cut short, and its cause.
 */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: boundedText(String(error), LOGGED_SQL_LENGTH) };
  const failure = error as Error & { code?: unknown; query?: unknown; parameters?: unknown; originalError?: unknown; cause?: unknown };
  const cause = failure.originalError ?? failure.cause;
  return {
    type: failure.constructor.name,
    ...describeDatabaseError(failure),
    ...(typeof failure.query === "string"
      ? { statement: describeStatement(failure.query, Array.isArray(failure.parameters) ? failure.parameters : []) }
      : {}),
    stack: (failure.stack ?? "")
      .split("\n")
      .slice(1, LOGGED_STACK_LINES + 1)
      .map((line) => boundedText(line.trim(), 200)),
    ...(cause !== undefined && cause !== null && depth < 3 ? { cause: describeError(cause, depth + 1) } : {}),
  };
}

/** Longest a buffered line waits before it is written. */
const FLUSH_EVERY_MS = 1000;

/**
 * Standard output, buffered: a write per request line cost the hub a system call per request (a tenth of
 * its CPU on a small query). Lines go out by 8 kB, at least once a second, and pino writes what is left on exit.
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  setInterval(() => stream.flush(), FLUSH_EVERY_MS).unref();
  return stream;
}
