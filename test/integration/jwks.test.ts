import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from "jose";
import { tokenConfig, viewerFromHeader } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";

/** Tokens from the CAF's identity provider, verified against its key set with issuer and audience checked. */
describe("tokens verified against a JWKS", () => {
  let server: Server;
  let url: string;
  let privateKey: KeyLike;
  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
    server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = (claims: { iss: string; aud: string }) =>
    new SignJWT({ role: "ANALYST", departments: ["52"] })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setSubject("analyst@caf")
      .setIssuer(claims.iss)
      .setAudience(claims.aud)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);

  it("accepts a token of the expected issuer and audience", async () => {
    const config = tokenConfig({ JWT_JWKS_URL: url, JWT_ISSUER: "https://idp.caf.example", JWT_AUDIENCE: "ctg-hub" });
    const token = await sign({ iss: "https://idp.caf.example", aud: "ctg-hub" });
    expect(await viewerFromHeader(`Bearer ${token}`, config)).toEqual({
      kind: "user",
      subject: "analyst@caf",
      role: Role.ANALYST,
      national: false,
      departments: ["52"],
      associationId: null,
    });
  });

  // The key-set path reads claims with the same parser as the shared-secret path (src/auth/claims.ts).
  it.each([
    ["departments as a string", { role: "ANALYST", departments: "52" }, "5m"],
    ["departments as numbers", { role: "CAF_AGENT", departments: [52] }, "5m"],
    ["an association on an analyst", { role: "ANALYST", association: 1 }, "5m"],
    ["no expiry", { role: "ADMIN" }, null],
    ["a lifetime past JWT_MAX_AGE_S", { role: "ADMIN" }, "30d"],
  ])("refuses an identity provider's token with %s (UNAUTHENTICATED)", async (_label, claims, expires) => {
    const config = tokenConfig({ JWT_JWKS_URL: url, JWT_ISSUER: "https://idp.caf.example", JWT_AUDIENCE: "ctg-hub" });
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setSubject("analyst@caf")
      .setIssuer("https://idp.caf.example")
      .setAudience("ctg-hub")
      .setIssuedAt();
    const token = await (expires === null ? jwt : jwt.setExpirationTime(expires)).sign(privateKey);
    await expect(viewerFromHeader(`Bearer ${token}`, config)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("treats a token for another audience or issuer as anonymous", async () => {
    const config = tokenConfig({ JWT_JWKS_URL: url, JWT_ISSUER: "https://idp.caf.example", JWT_AUDIENCE: "ctg-hub" });
    expect(await viewerFromHeader(`Bearer ${await sign({ iss: "https://idp.caf.example", aud: "other" })}`, config)).toEqual({
      kind: "anonymous",
    });
    expect(await viewerFromHeader(`Bearer ${await sign({ iss: "https://evil.example", aud: "ctg-hub" })}`, config)).toEqual({
      kind: "anonymous",
    });
  });
});
