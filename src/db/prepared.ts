import { createHash } from "node:crypto";
import pg from "pg";
import type { EntityManager, QueryRunner } from "typeorm";
import { LruCache } from "../common/lru-cache";

/**
 * Named prepared statements for the hub's hot statements (compiled reads, src/graph/compile/).
 * A compiled read is one large statement whose parsing and planning can cost PostgreSQL more than
 * running it (measured: a convention with everything under it, 1.4 ms of backend CPU unnamed, 0.55 ms
 * prepared). A statement without parameters (compiled reads write their values in) is simply prepared.
 * But with parameters, after five executions PostgreSQL may switch a prepared statement to a generic plan,
 * made without the parameters' values, and a generic plan can be far worse (the national list: 2.1 ms
 * unnamed, 4.7 ms on its generic plan, whose estimate of one row picks a nested loop). So each hot
 * statement is tried both ways, and the faster is kept (`StatementChoice`).
 *
 * Bounds: a statement is prepared once seen a few times, and at most `capacity` ever are, since each
 * pooled session keeps its prepared statements (and plans) until it closes. Beyond that, statements
 * run unnamed as before. The embedded database (PGlite, one in-process session) runs all unnamed.
 */

/** Samples of each way before choosing; a named sample counts once its session ran it past PostgreSQL's 5 custom plans. */
export const SAMPLES_PER_WAY = 10;
const CUSTOM_PLANS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Executions after which a choice is tried again (the data, and so the plans, change). */
export const RUNS_PER_CHOICE = 20_000;

/** How one statement runs: tried named and unnamed in turn until each has enough samples, then the faster way. */
export class StatementChoice {
  private samples = { named: [] as number[], unnamed: [] as number[] };
  private turn = 0;
  private runsSinceChoice = 0;
  choice: "named" | "unnamed" | null = null;

  constructor(readonly name: string) {}

  /** The way to run it next. */
  next(): "named" | "unnamed" {
    if (this.choice !== null && ++this.runsSinceChoice > RUNS_PER_CHOICE) {
      this.choice = null;
      this.samples = { named: [], unnamed: [] };
    }
    return this.choice ?? (this.turn++ % 2 === 0 ? "named" : "unnamed");
  }

  record(way: "named" | "unnamed", ms: number): void {
    if (this.choice !== null) return;
    this.samples[way].push(ms);
    const { named, unnamed } = this.samples;
    if (named.length >= SAMPLES_PER_WAY && unnamed.length >= SAMPLES_PER_WAY) {
      this.choice = median(named) <= median(unnamed) ? "named" : "unnamed";
      this.runsSinceChoice = 0;
    }
  }
}

/** What a statement is known by: a hash of its text. */
export const statementHash = (sql: string): string => createHash("sha1").update(sql).digest("base64url");

export class PreparedStatements {
  /** SQL hash → its choice: only grows, up to `capacity`. */
  private readonly statements = new Map<string, StatementChoice>();
  /** How often each not-yet-prepared statement was seen (bounded). */
  private readonly seen = new LruCache<string, number>(1000);

  constructor(
    private readonly capacity = 64,
    private readonly seenBeforePreparing = 3,
  ) {}

  /** The statement's choice, or undefined to run it unnamed. `hash` (of `sql`) may be given when the caller keeps it. */
  choiceFor(sql: string, hash: string = statementHash(sql)): StatementChoice | undefined {
    const known = this.statements.get(hash);
    if (known !== undefined || this.statements.size >= this.capacity) return known;
    const count = (this.seen.get(hash) ?? 0) + 1;
    if (count < this.seenBeforePreparing) {
      this.seen.set(hash, count);
      return undefined;
    }
    const choice = new StatementChoice(`hub_${hash.slice(0, 20)}`);
    this.statements.set(hash, choice);
    return choice;
  }
}

/** How many times each session executed each named statement (to tell its custom plans from its later ones). */
const executions = new WeakMap<pg.Client, Map<string, number>>();

function countExecution(client: pg.Client, name: string): number {
  let counts = executions.get(client);
  if (!counts) executions.set(client, (counts = new Map()));
  const count = (counts.get(name) ?? 0) + 1;
  counts.set(name, count);
  return count;
}

/**
 * Runs `sql` on `manager`'s connection — its query runner if it has one (a transaction, a read
 * replica), a pooled one otherwise — named or unnamed as `statements` chooses. TypeORM's logger
 * sees it first either way: the request's statement count and deadline hold.
 */
export async function queryPrepared<T>(
  manager: EntityManager,
  statements: PreparedStatements,
  sql: string,
  params: unknown[],
  hash?: string,
): Promise<T[]> {
  const runner: QueryRunner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    const choice = client instanceof pg.Client ? statements.choiceFor(sql, hash) : undefined;
    if (choice === undefined) return await runner.query(sql, params);
    // Without parameters there is no generic plan to fear: the one plan is made for these values.
    const way = params.length === 0 ? "named" : choice.next();
    const started = performance.now();
    if (way === "unnamed") {
      const rows: T[] = await runner.query(sql, params);
      choice.record(way, performance.now() - started);
      return rows;
    }
    const logger = manager.connection.logger;
    logger.logQuery(sql, params, runner);
    try {
      const result = await (client as pg.Client).query<T & object>({ name: choice.name, text: sql, values: params });
      if (countExecution(client as pg.Client, choice.name) > CUSTOM_PLANS + 1) choice.record(way, performance.now() - started);
      return result.rows;
    } catch (error) {
      logger.logQueryError(error as Error, sql, params, runner);
      throw error;
    }
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
