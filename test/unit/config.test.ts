import path from "node:path";
import { ConfigError, databaseConfig, describeDatabase, loadConfig } from "../../src/config";

describe("configuration", () => {
  it("defaults to the embedded database under ./data and port 4000", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ kind: "embedded", dataDir: path.resolve("data") });
  });

  it("switches to PostgreSQL with DATABASE_URL, with a configurable pool", () => {
    expect(databaseConfig({ DATABASE_URL: "postgres://u:secret@db:5433/hub", DATABASE_POOL_SIZE: "20" })).toMatchObject({
      kind: "postgres", url: "postgres://u:secret@db:5433/hub", poolSize: 20,
      timeouts: { statementMs: 15_000, lockMs: 5_000, connectMs: 5_000, idleInTransactionMs: 30_000 },
    });
  });

  it("never prints a password", () => {
    expect(describeDatabase(databaseConfig({ DATABASE_URL: "postgres://u:secret@db:5433/hub" }))).toBe("PostgreSQL db:5433/hub");
  });

  it("names the setting that is wrong", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(new ConfigError('PORT must be a positive integer, got "http"'));
    expect(() => databaseConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });
});
