import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";

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

/** TypeORM logger: counts statements, and prints failed ones unless told not to (tests provoke failures). */
export class HubQueryLogger implements Logger {
  constructor(private readonly logErrors: boolean) {}

  /** Called by TypeORM before each statement is sent: throwing here keeps it from being sent. */
  logQuery(): void {
    const tally = tallies.getStore();
    if (!tally) return;
    if (tally.deadline !== undefined && Date.now() > tally.deadline.at) throw new DeadlineExceededError(tally.deadline.budgetMs);
    tally.statements += 1;
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    if (this.logErrors) console.error(`query failed: ${query}\n  ${error instanceof Error ? error.message : error}`);
  }

  logQuerySlow(time: number, query: string): void {
    console.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (this.logErrors && /failed/i.test(message)) console.error(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") console.warn(message);
  }
}
