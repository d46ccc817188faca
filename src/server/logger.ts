import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Authorization headers and tokens are redacted: a log line must never
 * let its reader act as the caller.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: "ctg-hub" },
    redact: { paths: ["req.headers.authorization", "headers.authorization", "token", "*.token"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type HubLogger = Logger;
