import { QueryFailedError } from "typeorm";
import { createDataSource } from "../../src/server/database";
import { testServerUrl, withDatabase } from "../helpers/test-database";

/**
 * PostgreSQL cancels a statement past `statement_timeout` (SQLSTATE 57014) on every pooled session.
 * The embedded database runs in-process, single-session: there a slow statement blocks the hub,
 * which is why production deployments use PostgreSQL (see README).
 */
const onPostgres = testServerUrl() ? describe : describe.skip;

onPostgres("PostgreSQL sessions: statement timeout and JIT", () => {
  it("cancels a statement running past the timeout in the database", async () => {
    const url = new URL(testServerUrl() as string);
    const dataSource = await createDataSource(
      {
        kind: "postgres",
        url: withDatabase(url.toString(), url.pathname.slice(1) || "postgres"),
        poolSize: 1,
        timeouts: { connectMs: 2_000, statementMs: 200, lockMs: 1_000, idleInTransactionMs: 5_000 },
      },
      { logErrors: false },
    ).initialize();
    try {
      const started = Date.now();
      const error: unknown = await dataSource.query("SELECT pg_sleep(5)").then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe("57014");
      expect(Date.now() - started).toBeLessThan(4_000);
      const [{ ok }] = await dataSource.query("SELECT 1 AS ok");
      expect(ok).toBe(1);
    } finally {
      await dataSource.destroy();
    }
  });

  it("runs its sessions without JIT compilation, with or without timeouts", async () => {
    const url = new URL(testServerUrl() as string);
    const dataSource = await createDataSource({
      kind: "postgres",
      url: withDatabase(url.toString(), url.pathname.slice(1) || "postgres"),
      poolSize: 1,
    }).initialize();
    try {
      expect(await dataSource.query("SHOW jit")).toEqual([{ jit: "off" }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
