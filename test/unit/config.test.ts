import path from "node:path";
import { compiledReadsConfig, ConfigError, databaseConfig, describeDatabase, loadConfig, responseCacheConfig } from "../../src/config";

describe("configuration", () => {
  it("defaults to the embedded database under ./data and port 4000", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ kind: "embedded", dataDir: path.resolve("data") });
  });

  it("switches to PostgreSQL with DATABASE_URL, with a configurable pool", () => {
    expect(databaseConfig({ DATABASE_URL: "postgres://u:secret@db:5433/hub", DATABASE_POOL_SIZE: "20" })).toMatchObject({
      kind: "postgres",
      url: "postgres://u:secret@db:5433/hub",
      poolSize: 20,
      timeouts: { statementMs: 15_000, lockMs: 5_000, connectMs: 5_000, idleInTransactionMs: 30_000 },
    });
  });

  it("never prints a password", () => {
    expect(describeDatabase(databaseConfig({ DATABASE_URL: "postgres://u:secret@db:5433/hub" }))).toBe("PostgreSQL db:5433/hub");
  });

  it("names the setting that is wrong", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(new ConfigError('PORT must be a positive integer, got "http"'));
    expect(() => databaseConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://db/hub", DATABASE_STATEMENT_TIMEOUT_MS: "30000" })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_MS \(30000\) must not exceed REQUEST_TIMEOUT_MS \(20000\)/,
    );
  });

  it("reads replicas only next to a primary, and describes them without credentials", () => {
    const config = databaseConfig({
      DATABASE_URL: "postgres://u:secret@primary/hub",
      DATABASE_REPLICA_URLS: "postgres://u:secret@r1/hub, postgres://r2:5433/hub",
    });
    expect(config).toMatchObject({ replicaUrls: ["postgres://u:secret@r1/hub", "postgres://r2:5433/hub"] });
    expect(describeDatabase(config)).toBe("PostgreSQL primary:5432/hub (lectures des requêtes sur r1:5432/hub, r2:5433/hub)");
    expect(() => databaseConfig({ DATABASE_REPLICA_URLS: "postgres://r1/hub" })).toThrow(/needs DATABASE_URL/);
    expect(() => databaseConfig({ DATABASE_URL: "postgres://p/hub", DATABASE_REPLICA_URLS: "postgres://r1/hub,http://r2" })).toThrow(
      /entry 2/,
    );
  });

  it("compiles reads to SQL unless COMPILED_READS=off", () => {
    expect(compiledReadsConfig({})).toBe(true);
    expect(loadConfig({}).compiledReads).toBe(true);
    expect(compiledReadsConfig({ COMPILED_READS: "off" })).toBe(false);
    expect(() => compiledReadsConfig({ COMPILED_READS: "no" })).toThrow(/COMPILED_READS/);
  });

  it("turns the response cache on in memory by default, on Redis with REDIS_URL, off on request", () => {
    expect(responseCacheConfig({})).toEqual({ enabled: true, redisUrl: null, defaultMaxAgeS: 300, memoryMb: 64, namespace: "ctg-hub" });
    expect(responseCacheConfig({ REDIS_URL: "redis://cache:6379", RESPONSE_CACHE_MAX_AGE_S: "60" })).toMatchObject({
      redisUrl: "redis://cache:6379",
      defaultMaxAgeS: 60,
    });
    expect(responseCacheConfig({ RESPONSE_CACHE: "off" }).enabled).toBe(false);
    expect(() => responseCacheConfig({ RESPONSE_CACHE: "yes" })).toThrow(/RESPONSE_CACHE/);
    expect(() => responseCacheConfig({ REDIS_URL: "cache:6379" })).toThrow(/REDIS_URL/);
  });
});
