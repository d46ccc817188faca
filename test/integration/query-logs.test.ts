import type { Logger } from "typeorm";
import { HubQueryLogger } from "../../src/db/query-log";
import { createLogger } from "../../src/common/logger";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** A failed statement is logged as one bounded JSON line, whatever the size of its SQL and parameters. */
describe("logs of failed statements", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const capture = () => {
    const lines: string[] = [];
    return { lines, log: createLogger("info", { write: (line: string) => void lines.push(line) }) };
  };

  /** Runs a statement that fails, with a 300 kB parameter, its failure logged by the hub's query logger into `lines`. */
  async function failingStatement(lines: string[]): Promise<unknown> {
    const log = createLogger("info", { write: (line: string) => void lines.push(line) });
    const source = db.dataSource as unknown as { logger: Logger };
    const previous = source.logger;
    source.logger = new HubQueryLogger(true, log);
    try {
      const padding = "x".repeat(100_000);
      await db.dataSource.query(`SELECT length($1::text) / 0 AS n /* ${padding} */`, ["saint ".repeat(50_000)]);
      return null;
    } catch (error) {
      return error;
    } finally {
      source.logger = previous;
    }
  }

  it("logs the statement cut short, its parameters counted, the error's code", async () => {
    const lines: string[] = [];
    const error = await failingStatement(lines);
    expect(error).toBeInstanceOf(Error);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(3_000);
    const entry = JSON.parse(lines[0]) as {
      msg: string;
      statement: { sql: string; parameterCount: number; parameters: string[] };
      error: { code?: string };
    };
    expect(entry.msg).toBe("query failed");
    expect(entry.statement.parameterCount).toBe(1);
    expect(entry.statement.sql).toMatch(/^SELECT length\(\$1::text\) \/ 0 .*… \(\d+ caractères\)$/);
    expect(entry.statement.parameters[0]).toMatch(/… \(300000 caractères\)$/);
    expect(entry.error.code).toBe("22012");
  });

  it("logs the same error, reported by a request, bounded too (never its whole query and parameters)", async () => {
    const error = await failingStatement([]);
    const { lines, log } = capture();
    log.error({ err: error }, "unexpected error while resolving a request");
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(6_000);
    const entry = JSON.parse(lines[0]) as { err: { type: string; code?: string; statement?: { parameterCount: number } } };
    expect(entry.err).toMatchObject({ type: "QueryFailedError", code: "22012", statement: { parameterCount: 1 } });
  });
});
