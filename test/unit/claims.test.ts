import type { JWTPayload } from "jose";
import { ClaimsError, viewerFromClaims } from "../../src/auth/claims";
import { ANONYMOUS, Role } from "../../src/auth/viewer";

const NOW = 1_800_000_000;
const MAX_AGE = 86_400;
const rules = { maxAgeS: MAX_AGE, nowS: NOW };
const read = (claims: Record<string, unknown>) => viewerFromClaims({ sub: "someone", exp: NOW + 3600, ...claims } as JWTPayload, rules);
const refusal = (claims: Record<string, unknown>): string => {
  try {
    read(claims);
  } catch (error) {
    if (error instanceof ClaimsError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(claims)}`);
};

/** The one reading of token claims (src/auth/claims.ts): every shape an issuer or an attacker may send. */
describe("token claims", () => {
  it.each([
    [
      "an agent of one département",
      { role: "CAF_AGENT", departments: ["52"] },
      { national: false, departments: ["52"], associationId: null },
    ],
    [
      "an analyst of several, repeated codes once",
      { role: "ANALYST", departments: ["52", "2A", "52", "971"] },
      { national: false, departments: ["52", "2A", "971"] },
    ],
    ["an agent without the claim: national", { role: "CAF_AGENT" }, { national: true, departments: [] }],
    ["an analyst without the claim: national", { role: "ANALYST" }, { national: true, departments: [] }],
    ["an administrator", { role: "ADMIN" }, { national: true, departments: [], associationId: null }],
    ["a partner", { role: "PARTNER", association: 12 }, { national: false, departments: [], associationId: 12 }],
  ])("reads %s", (_label, claims, expected) => {
    expect(read(claims)).toMatchObject({ kind: "user", subject: "someone", role: claims.role, ...expected });
  });

  it.each([
    ["no role", {}],
    ["an unknown role", { role: "SUPERADMIN" }],
    ["a role in lower case", { role: "admin" }],
    ["an empty role", { role: "" }],
    ["a number", { role: 1 }],
    ["an array", { role: ["ADMIN"] }],
    ["an object", { role: { name: "ADMIN" } }],
    ["null", { role: null }],
    ["an inherited property name", { role: "constructor" }],
  ])("treats a token with %s as role as anonymous", (_label, claims) => {
    expect(read({ departments: ["52"], ...claims })).toEqual(ANONYMOUS);
  });

  describe.each([Role.CAF_AGENT, Role.ANALYST])("departments of a %s", (role) => {
    it.each([
      ["a string", "52"],
      ["a number", 52],
      ["numbers", [52]],
      ["null", null],
      ["an object", { 0: "52" }],
      ["true", true],
      ["a wildcard string", "*"],
      ["an empty array", []],
      ["an array with one number", ["52", 66]],
      ["an array with null", ["52", null]],
      ["an array with a bad code", ["52", "5"]],
      ["an array with a wildcard", ["*"]],
      ["an array with a lower-case Corsican code", ["2a"]],
      ["an array with padded code", [" 52"]],
      ["a nested array", [["52"]]],
      ["an array of 121 codes", Array.from({ length: 121 }, () => "52")],
    ])("refuses %s, never widening to national", (_label, departments) => {
      expect(refusal({ role, departments })).toMatch(/departments/);
    });
  });

  it.each([
    ["absent", undefined],
    ["true", true],
    ["a string", "1"],
    ["a fraction", 1.5],
    ["zero", 0],
    ["negative", -1],
    ["null", null],
    ["an array", [12]],
    ["an object", { id: 12 }],
    ["past the integer column", 2_147_483_648],
  ])("refuses a partner's association that is %s", (_label, association) => {
    expect(refusal({ role: "PARTNER", ...(association === undefined ? {} : { association }) })).toMatch(/association/);
  });

  it.each([
    ["an association on an administrator", { role: "ADMIN", association: 1 }, /association/],
    ["an association on an agent", { role: "CAF_AGENT", departments: ["52"], association: 1 }, /association/],
    ["a null association on an analyst", { role: "ANALYST", association: null }, /association/],
    ["départements on an administrator", { role: "ADMIN", departments: ["52"] }, /departments/],
    ["départements on a partner", { role: "PARTNER", association: 12, departments: ["52"] }, /departments/],
    ["an empty départements list on a partner", { role: "PARTNER", association: 12, departments: [] }, /departments/],
  ])("refuses %s (a claim of another role)", (_label, claims, message) => {
    expect(refusal(claims)).toMatch(message);
  });

  it("refuses a token without expiry, and one valid for longer than JWT_MAX_AGE_S", () => {
    expect(() => viewerFromClaims({ sub: "s", role: "ADMIN" }, rules)).toThrow(/exp/);
    expect(refusal({ role: "ADMIN", exp: NOW + MAX_AGE + 1 })).toMatch(/JWT_MAX_AGE_S/);
    expect(read({ role: "ADMIN", exp: NOW + MAX_AGE })).toMatchObject({ role: Role.ADMIN });
  });

  it("refuses a token without a subject", () => {
    expect(refusal({ role: "ADMIN", sub: undefined })).toMatch(/sub/);
    expect(refusal({ role: "ADMIN", sub: " " })).toMatch(/sub/);
  });
});
