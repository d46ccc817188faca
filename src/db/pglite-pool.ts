import { EventEmitter } from "node:events";
import { PGlite, types, type PGliteOptions, type Results } from "@electric-sql/pglite";
import { lockDataDir } from "./embedded-lock";

/**
 * A `pg`-shaped driver over one embedded PGlite database, for TypeORM's `driver` option.
 *
 * PGlite is a single session. The pool hands that session to one query runner at a time
 * (a FIFO lock taken on `connect` and released on `release`), like a `pg` pool of size one:
 * otherwise two concurrent requests would run inside each other's transactions.
 */
export interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Results["fields"];
}

/** Type parsers shared with the `pg` driver so both return the same JavaScript values. */
export const embeddedParsers: NonNullable<PGliteOptions["parsers"]> = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
  [types.NUMERIC]: (value: string) => Number(value),
};

function commandOf(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql);
  return (match?.[1] ?? "").toUpperCase();
}

/** Types created by the schema (enums and their arrays) get OIDs from here on. */
const FIRST_USER_OID = 16384;

function arrayLiteral(values: unknown[]): string {
  const element = (v: unknown) =>
    v === null
      ? "NULL"
      : /^[^\s,{}"\\]+$/.test(String(v)) && String(v).toUpperCase() !== "NULL"
        ? String(v)
        : `"${String(v).replace(/["\\]/g, "\\$&")}"`;
  return `{${values.map(element).join(",")}}`;
}

/**
 * `pg` returns arrays of user-defined types (enum arrays) as their text form and TypeORM parses
 * that text; PGlite parses them into arrays. Give TypeORM the text form it expects.
 */
function userArraysAsText(rows: Array<Record<string, unknown>>, fields: Results["fields"]): void {
  const userFields = fields.filter((f) => f.dataTypeID >= FIRST_USER_OID).map((f) => f.name);
  if (userFields.length === 0) return;
  for (const row of rows) {
    for (const name of userFields) {
      const value = row[name];
      if (Array.isArray(value)) row[name] = arrayLiteral(value);
    }
  }
}

function toPgResult(result: Results | undefined, sql: string): PgLikeResult {
  const rows = (result?.rows ?? []) as Array<Record<string, unknown>>;
  if (result) userArraysAsText(rows, result.fields);
  return {
    rows,
    rowCount: result?.affectedRows ?? rows.length,
    command: commandOf(sql),
    fields: result?.fields ?? [],
  };
}

/**
 * Statements that create types. PGlite learns the array types (and so how to send a JS array as a parameter)
 * once, when it opens: an enum created afterwards (the first migrations of a new database) was unknown, its
 * arrays went out as `String(array)` ("malformed array literal") until a restart. Re-read them after such DDL.
 */
const CREATES_TYPES = /\bcreate\s+(?:type|domain|extension)\b/i;

class EmbeddedClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(
    sql: string,
    params?: unknown[] | ((err: Error | null, r?: PgLikeResult) => void),
    callback?: (err: Error | null, r?: PgLikeResult) => void,
  ): Promise<PgLikeResult> {
    const cb = typeof params === "function" ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    try {
      // Parameterised statements use the extended protocol; bare SQL may hold several statements.
      const result =
        values && values.length > 0 ? toPgResult(await this.db.query(sql, values), sql) : toPgResult((await this.db.exec(sql)).at(-1), sql);
      if (CREATES_TYPES.test(sql)) await this.db.refreshArrayTypes();
      cb?.(null, result);
      return result;
    } catch (error) {
      cb?.(error as Error);
      if (cb) return toPgResult(undefined, sql);
      throw error;
    }
  }
}

/**
 * The folder is locked for this process (src/db/embedded-lock.ts) before PGlite touches it, and unlocked once
 * closed: a second process gets {@link DatabaseInUseError} and changes nothing.
 */
export function createEmbeddedDriver(options: PGliteOptions & { dataDir: string }) {
  let instance: Promise<PGlite> | undefined;
  let unlock: (() => void) | undefined;
  const create = async () => {
    unlock = lockDataDir(options.dataDir);
    try {
      return await PGlite.create({ ...options, parsers: { ...embeddedParsers, ...options.parsers } });
    } catch (error) {
      unlock();
      throw error;
    }
  };
  const open = () => {
    if (!instance) {
      const opening = create();
      instance = opening;
      // A refused or failed open is not kept: the next connect tries again (and reports again).
      opening.catch(() => {
        if (instance === opening) instance = undefined;
      });
    }
    return instance;
  };
  const waiting: Array<() => void> = [];
  let busy = false;

  const acquire = () =>
    new Promise<void>((resolve) => {
      if (!busy) {
        busy = true;
        resolve();
      } else waiting.push(resolve);
    });
  const releaseLock = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };

  class Pool extends EventEmitter {
    connect(callback: (err: Error | null, client?: EmbeddedClient, release?: () => void) => void): void {
      acquire()
        .then(open)
        .then((db) => {
          let released = false;
          callback(null, new EmbeddedClient(db), () => {
            if (released) return;
            released = true;
            releaseLock();
          });
        })
        .catch((error: Error) => {
          releaseLock();
          callback(error);
        });
    }

    end(callback?: (err: Error | null) => void): Promise<void> {
      const closing = instance ? instance.then((db) => db.close()).finally(() => unlock?.()) : Promise.resolve();
      instance = undefined;
      return closing.then(
        () => callback?.(null),
        (error: Error) => callback?.(error),
      );
    }
  }

  return { Pool, open };
}
