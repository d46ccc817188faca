import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";
import { boundedText, describeDatabaseError, describeStatement, sharedLogger } from "../common/logger";

/** Statements run within one unit of work (an HTTP request, a test): read by logs and by the N+1 tests. */
export interface QueryTally {
  statements: number;
  /** When the unit of work may start no further statement (epoch ms), and the budget it was given. */
  deadline?: { at: number; budgetMs: number };
}

/** A request ran past its deadline: its remaining statements are not sent. */
export class DeadlineExceededError extends Error {
  constructor(readonly budgetMs: number) {
    super(`request deadline of ${budgetMs} ms exceeded`);
  }
}

const tallies = new AsyncLocalStorage<QueryTally>();

/** Runs `work` and counts the SQL statements it sends, whatever loader or service sends them. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const tally: QueryTally = { statements: 0 };
  const result = await tallies.run(tally, work);
  return { result, statements: tally.statements };
}

/**
 * Runs `work` (and everything it starts) with a fresh tally: one per HTTP request. With a budget, no
 * statement starts once it is spent; the one running then is bounded by the session's statement_timeout.
 */
export function withQueryTally<T>(work: () => T, budgetMs?: number): T {
  return tallies.run({ statements: 0, deadline: budgetMs === undefined ? undefined : { at: Date.now() + budgetMs, budgetMs } }, work);
}

/** The tally of the current unit of work, if one is being counted. */
export function currentQueryTally(): QueryTally | undefined {
  return tallies.getStore();
}

/** PostgreSQL's query_canceled: statement_timeout cancelled the statement in the database. */
const STATEMENT_TIMEOUT = "57014";

/** The request ran out of time: its deadline passed, or the database cancelled a statement past statement_timeout. */
export function isTimeoutError(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; typeof cause === "object" && cause !== null && depth < 6; depth++) {
    if (cause instanceof DeadlineExceededError) return true;
    const failure = cause as { code?: unknown; driverError?: unknown; originalError?: unknown; cause?: unknown };
    if (failure.code === STATEMENT_TIMEOUT) return true;
    cause = failure.driverError ?? failure.originalError ?? failure.cause;
  }
  return false;
}

/** True when the current unit of work has a deadline and it has passed: nothing more may start. */
export function deadlinePassed(): boolean {
  const deadline = tallies.getStore()?.deadline;
  return deadline !== undefined && Date.now() >= deadline.at;
}

/** The error of a unit of work past its deadline. */
export function deadlineError(): DeadlineExceededError {
  return new DeadlineExceededError(tallies.getStore()?.deadline?.budgetMs ?? 0);
}

/** Where the query logger writes: the hub's structured (pino) log. */
export interface QueryLog {
  error(detail: object, message: string): void;
  warn(detail: object, message: string): void;
}

/** Characters of a migration's or a driver's message kept in a log line. */
const LOGGED_TEXT_LENGTH = 1_000;

/** TypeORM logger: counts statements, and logs failed and slow ones, bounded, unless told not to (tests provoke failures). */
export class HubQueryLogger implements Logger {
  /** `sink`: where lines go (the hub's structured log by default, opened on first use). */
  constructor(
    private readonly logErrors: boolean,
    private sink?: QueryLog,
  ) {}

  private get destination(): QueryLog {
    return (this.sink ??= sharedLogger());
  }

  /** Called by TypeORM before each statement is sent: throwing here keeps it from being sent. */
  logQuery(): void {
    const tally = tallies.getStore();
    if (!tally) return;
    if (tally.deadline !== undefined && Date.now() >= tally.deadline.at) throw new DeadlineExceededError(tally.deadline.budgetMs);
    tally.statements += 1;
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    if (this.logErrors)
      this.destination.error({ statement: describeStatement(query, parameters), error: describeDatabaseError(error) }, "query failed");
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.destination.warn({ durationMs: time, statement: describeStatement(query, parameters) }, "slow query");
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (this.logErrors && /failed/i.test(message))
      this.destination.error({ migration: boundedText(message, LOGGED_TEXT_LENGTH) }, "migration failed");
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.destination.warn({ detail: boundedText(String(message), LOGGED_TEXT_LENGTH) }, "database warning");
  }
}
