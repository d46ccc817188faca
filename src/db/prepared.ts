import { createHash } from "node:crypto";
import pg from "pg";
import type { EntityManager, QueryRunner } from "typeorm";
import { LruCache } from "../common/lru-cache";

/**
 * Named prepared statements for the hub's hot statements (compiled reads, src/graphql/sql-read.ts).
 * A compiled read is one large statement whose parsing and planning cost PostgreSQL more than running
 * it (measured: a convention with everything under it, 2.7 ms unprepared, 0.7 ms prepared). A statement
 * is prepared once it has been seen a few times, and at most `capacity` of them ever are: each pooled
 * session keeps its prepared statements (and their plans) until it closes, so an unbounded set would
 * let odd clients grow every PostgreSQL backend. Beyond the bound, statements run unnamed as before.
 * The embedded database (PGlite, one in-process session) runs every statement unnamed.
 */
export class PreparedStatements {
  /** SQL hash → statement name: only grows, up to `capacity`. */
  private readonly names = new Map<string, string>();
  /** How often each not-yet-prepared statement was seen (bounded). */
  private readonly seen = new LruCache<string, number>(1000);

  constructor(
    private readonly capacity = 64,
    private readonly seenBeforePreparing = 3,
  ) {}

  /** The name to prepare `sql` under, or undefined to run it unnamed. */
  nameFor(sql: string): string | undefined {
    const hash = createHash("sha1").update(sql).digest("base64url");
    const name = this.names.get(hash);
    if (name !== undefined || this.names.size >= this.capacity) return name;
    const count = (this.seen.get(hash) ?? 0) + 1;
    if (count < this.seenBeforePreparing) {
      this.seen.set(hash, count);
      return undefined;
    }
    const prepared = `hub_${hash.slice(0, 20)}`;
    this.names.set(hash, prepared);
    return prepared;
  }
}

/**
 * Runs `sql` on `manager`'s connection — its query runner if it has one (a transaction, a read
 * replica), a pooled one otherwise — as a named prepared statement when `statements` says so.
 * TypeORM's logger still sees it first: the request's statement count and deadline hold.
 */
export async function queryPrepared<T>(
  manager: EntityManager, statements: PreparedStatements, sql: string, params: unknown[],
): Promise<T[]> {
  const runner: QueryRunner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    const name = client instanceof pg.Client ? statements.nameFor(sql) : undefined;
    if (name === undefined) return await runner.query(sql, params);
    const logger = manager.connection.logger;
    logger.logQuery(sql, params, runner);
    try {
      const result = await (client as pg.Client).query<T & object>({ name, text: sql, values: params });
      return result.rows;
    } catch (error) {
      logger.logQueryError(error as Error, sql, params, runner);
      throw error;
    }
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
