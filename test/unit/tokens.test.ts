import { SignJWT } from "jose";
import { mintToken, tokenConfig, viewerFromHeader } from "../../src/auth/tokens";
import { ANONYMOUS, Role, canReadRestricted, canWriteDepartment } from "../../src/auth/viewer";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const config = tokenConfig({ JWT_SECRET: SECRET });

describe("tokens", () => {
  it("reads role, départements and association from a valid token", async () => {
    const token = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
    expect(await viewerFromHeader(`Bearer ${token}`, config)).toEqual({
      kind: "user", subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"], associationId: null,
    });
  });

  it("treats a missing, malformed or wrongly signed token as anonymous", async () => {
    const forged = await mintToken("another-secret-of-at-least-32-characters", { subject: "x", role: Role.ADMIN });
    expect(await viewerFromHeader(undefined, config)).toEqual(ANONYMOUS);
    expect(await viewerFromHeader("Bearer not-a-jwt", config)).toEqual(ANONYMOUS);
    expect(await viewerFromHeader(`Bearer ${forged}`, config)).toEqual(ANONYMOUS);
  });

  it("refuses an expired token with UNAUTHENTICATED", async () => {
    const expired = await new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "HS256" }).setSubject("old")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
    await expect(viewerFromHeader(`Bearer ${expired}`, config)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("refuses a PARTNER token without its association", async () => {
    const token = await mintToken(SECRET, { subject: "p", role: Role.PARTNER });
    expect(await viewerFromHeader(`Bearer ${token}`, config)).toEqual(ANONYMOUS);
  });

  it("scopes restricted reads and writes by département", () => {
    const agent = { kind: "user" as const, subject: "a", role: Role.CAF_AGENT, departments: ["52"], associationId: null };
    const analyst = { ...agent, role: Role.ANALYST, departments: [] };
    expect(canWriteDepartment(agent, "52")).toBe(true);
    expect(canWriteDepartment(agent, "30")).toBe(false);
    expect(canWriteDepartment(analyst, "52")).toBe(false);
    expect(canReadRestricted(analyst, "30")).toBe(true);
    expect(canReadRestricted(ANONYMOUS, "52")).toBe(false);
  });
});
