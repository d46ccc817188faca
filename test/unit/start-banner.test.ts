import { tokenConfig } from "../../src/auth/tokens";
import { databaseConfig } from "../../src/config";
import { startBanner } from "../../src/server/start-banner";

/** The start line names what to open and the database, and warns when no token can be verified. */
describe("start banner", () => {
  const embedded = databaseConfig({ CTG_HUB_DATA_DIR: "/srv/hub/data" });

  it("names the dashboard, the explorer and the database", () => {
    const { info } = startBanner({ port: 4100, database: embedded, tokens: tokenConfig({ JWT_SECRET: "x".repeat(32) }), readyMs: 812 });
    expect(info).toEqual([
      "ctg-hub : prêt en 812 ms — tableau de bord http://localhost:4100/ · explorateur GraphQL http://localhost:4100/graphql · base PGlite embarquée dans /srv/hub/data",
    ]);
  });

  it("names a PostgreSQL database without its password", () => {
    const { info } = startBanner({
      port: 4000,
      database: databaseConfig({ DATABASE_URL: "postgres://u:secret@db:5433/hub" }),
      tokens: { kind: "none" },
      readyMs: 1,
    });
    expect(info[0]).toMatch(/base PostgreSQL db:5433\/hub$/);
    expect(info[0]).not.toMatch(/secret/);
  });

  it("warns when neither a JWT secret nor a key set is configured, and not otherwise", () => {
    const none = startBanner({ port: 4000, database: embedded, tokens: tokenConfig({}), readyMs: 1 });
    expect(none.warnings).toHaveLength(1);
    expect(none.warnings[0]).toMatch(/ni JWT_SECRET ni JWT_JWKS_URL/);
    expect(none.warnings[0]).toMatch(/npm run token -- --help/);
    expect(
      startBanner({ port: 4000, database: embedded, tokens: tokenConfig({ JWT_SECRET: "x".repeat(32) }), readyMs: 1 }).warnings,
    ).toEqual([]);
    const jwks = tokenConfig({ JWT_JWKS_URL: "https://idp.example/jwks.json", JWT_ISSUER: "https://idp.example", JWT_AUDIENCE: "ctg-hub" });
    expect(startBanner({ port: 4000, database: embedded, tokens: jwks, readyMs: 1 }).warnings).toEqual([]);
  });
});
