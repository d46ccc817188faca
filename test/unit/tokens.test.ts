import { SignJWT } from "jose";
import { mintToken, tokenConfig, viewerFromHeader } from "../../src/auth/tokens";
import { ANONYMOUS, Role, canReadRestricted, canWriteDepartment, type Viewer } from "../../src/auth/viewer";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const config = tokenConfig({ JWT_SECRET: SECRET });
const key = new TextEncoder().encode(SECRET);
const nowS = () => Math.floor(Date.now() / 1000);

/** A token signed with the hub's secret carrying exactly these claims (no defaults added). */
const signed = (claims: Record<string, unknown>, exp: number | null = nowS() + 600) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("someone");
  return (exp === null ? jwt : jwt.setExpirationTime(exp)).sign(key);
};

describe("tokens", () => {
  it("reads role, départements and association from a valid token", async () => {
    const token = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
    expect(await viewerFromHeader(`Bearer ${token}`, config)).toEqual({
      kind: "user",
      subject: "agent-52",
      role: Role.CAF_AGENT,
      national: false,
      departments: ["52"],
      associationId: null,
    });
  });

  it("treats a missing, malformed or wrongly signed token as anonymous", async () => {
    const forged = await mintToken("another-secret-of-at-least-32-characters", { subject: "x", role: Role.ADMIN });
    expect(await viewerFromHeader(undefined, config)).toEqual(ANONYMOUS);
    expect(await viewerFromHeader("Bearer not-a-jwt", config)).toEqual(ANONYMOUS);
    expect(await viewerFromHeader(`Bearer ${forged}`, config)).toEqual(ANONYMOUS);
  });

  it("refuses an expired token with UNAUTHENTICATED", async () => {
    const expired = await signed({ role: "ADMIN" }, nowS() - 60);
    await expect(viewerFromHeader(`Bearer ${expired}`, config)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it.each([
    ["a PARTNER token without its association", { role: "PARTNER" }],
    ["departments as a string", { role: "CAF_AGENT", departments: "52" }],
    ["departments as null", { role: "CAF_AGENT", departments: null }],
    ["departments as an empty list", { role: "ANALYST", departments: [] }],
    ["association true", { role: "PARTNER", association: true }],
    ["an association on an agent", { role: "CAF_AGENT", association: 1 }],
  ])("refuses %s with UNAUTHENTICATED (HTTP 401)", async (_label, claims) => {
    await expect(viewerFromHeader(`Bearer ${await signed(claims)}`, config)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
    });
  });

  it("refuses a token without expiry, and one valid past JWT_MAX_AGE_S", async () => {
    await expect(viewerFromHeader(`Bearer ${await signed({ role: "ADMIN" }, null)}`, config)).rejects.toThrow(/exp/);
    const capped = tokenConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE_S: "600" });
    await expect(viewerFromHeader(`Bearer ${await signed({ role: "ADMIN" }, nowS() + 3600)}`, capped)).rejects.toThrow(/JWT_MAX_AGE_S/);
    expect(await viewerFromHeader(`Bearer ${await signed({ role: "ADMIN" }, nowS() + 3600)}`, config)).toMatchObject({ role: Role.ADMIN });
  });

  it("refuses a claim of the wrong type that jose checks (exp as text) with UNAUTHENTICATED", async () => {
    const claims: Record<string, unknown> = { role: "ADMIN", exp: "tomorrow" };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("s").sign(key);
    await expect(viewerFromHeader(`Bearer ${token}`, config)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("treats an unknown role as anonymous", async () => {
    expect(await viewerFromHeader(`Bearer ${await signed({ role: "SUPERADMIN", departments: ["52"] })}`, config)).toEqual(ANONYMOUS);
  });

  it("mints only tokens the hub accepts", async () => {
    await expect(mintToken(SECRET, { subject: "p", role: Role.PARTNER })).rejects.toThrow(/association/);
    await expect(mintToken(SECRET, { subject: "a", role: Role.CAF_AGENT, departments: [] })).rejects.toThrow(/departments/);
    await expect(mintToken(SECRET, { subject: "a", role: Role.CAF_AGENT, departments: ["5"] })).rejects.toThrow(/departments/);
    await expect(mintToken(SECRET, { subject: "a", role: Role.ADMIN, association: 1 })).rejects.toThrow(/association/);
    await expect(mintToken(SECRET, { subject: "a", role: Role.ADMIN }, "2d")).rejects.toThrow(/JWT_MAX_AGE_S/);
    await expect(mintToken(SECRET, { subject: "a", role: Role.ADMIN }, "2h", 3600)).rejects.toThrow(/JWT_MAX_AGE_S/);
  });

  it("refuses a bad JWT_MAX_AGE_S", () => {
    expect(() => tokenConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE_S: "1h" })).toThrow(/JWT_MAX_AGE_S/);
    expect(() => tokenConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE_S: "0" })).toThrow(/JWT_MAX_AGE_S/);
  });

  it("scopes restricted reads and writes by département, national only when stated", () => {
    const agent: Viewer = { kind: "user", subject: "a", role: Role.CAF_AGENT, national: false, departments: ["52"], associationId: null };
    const analyst: Viewer = { ...agent, role: Role.ANALYST, national: true, departments: [] };
    const unscoped: Viewer = { ...agent, departments: [] };
    expect(canWriteDepartment(agent, "52")).toBe(true);
    expect(canWriteDepartment(agent, "30")).toBe(false);
    expect(canWriteDepartment(analyst, "52")).toBe(false);
    expect(canReadRestricted(analyst, "30")).toBe(true);
    expect(canReadRestricted(ANONYMOUS, "52")).toBe(false);
    // An empty list is no département, not every département.
    expect(canWriteDepartment(unscoped, "52")).toBe(false);
    expect(canReadRestricted(unscoped, "52")).toBe(false);
  });
});
