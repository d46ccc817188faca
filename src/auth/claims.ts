import type { JWTPayload } from "jose";
import { isDepartmentCode } from "../common/codes";
import { ANONYMOUS, Role, type Viewer } from "./viewer";

/**
 * The one reading of a token's claims, for every way a token reaches the hub (HS256 secret, the identity
 * provider's key set, and the `npm run token` CLI before it signs). A claim is absent or valid: nothing is
 * coerced, filtered or defaulted into wider rights.
 *
 * - `role`: one of {@link Role}; anything else (absent, unknown, lower case, not a string) is anonymous.
 * - `sub`: a non-empty string (the audit log names it).
 * - `exp`: required, and at most `maxAgeS` seconds ahead (JWT_MAX_AGE_S): no token lives longer than that.
 * - `departments`: for CAF_AGENT and ANALYST only. Absent: national scope (the documented contract). Present: a
 *   non-empty array of département codes; a string ("52"), numbers, null, an object, an empty array or one bad
 *   code refuses the token.
 * - `association`: for PARTNER only, required, a positive integer (a JSON number: `true`, "1", 1.5, 0 refused).
 * A claim that does not belong to the role (departments on ADMIN or PARTNER, association on anyone but PARTNER)
 * refuses the token: the issuer meant something else, and guessing which claim is wrong could widen rights.
 */
export class ClaimsError extends Error {}

/** Largest association id (the column is a PostgreSQL integer). */
const MAX_ASSOCIATION_ID = 2_147_483_647;
/** More départements than exist is not a scope. */
const MAX_DEPARTMENTS = 120;

const ROLES: ReadonlySet<string> = new Set(Object.values(Role));

const isRole = (value: unknown): value is Role => typeof value === "string" && ROLES.has(value);

const describe = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function parseDepartments(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new ClaimsError(`revendication "departments" : tableau de codes de département attendu, reçu ${describe(value)}`);
  if (value.length === 0) {
    throw new ClaimsError(`revendication "departments" : tableau vide (omettez-la pour une portée nationale)`);
  }
  if (value.length > MAX_DEPARTMENTS)
    throw new ClaimsError(`revendication "departments" : ${value.length} codes, ${MAX_DEPARTMENTS} au plus`);
  const bad = value.findIndex((code) => typeof code !== "string" || !isDepartmentCode(code));
  if (bad >= 0)
    throw new ClaimsError(`revendication "departments" : code de département invalide ${describe(value[bad])} (position ${bad + 1})`);
  return [...new Set(value as string[])];
}

function parseAssociation(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_ASSOCIATION_ID) {
    throw new ClaimsError(`revendication "association" : identifiant entier positif attendu, reçu ${describe(value)}`);
  }
  return value;
}

/** Lifetime rule, on claims jose has already type-checked (`exp`, when present, is a number). */
function checkLifetime(payload: JWTPayload, nowS: number, maxAgeS: number): void {
  if (payload.exp === undefined) throw new ClaimsError(`jeton sans date d'expiration (exp)`);
  if (payload.exp - nowS > maxAgeS) {
    throw new ClaimsError(`jeton valable encore ${payload.exp - nowS} s, au-delà de la durée maximale de ${maxAgeS} s (JWT_MAX_AGE_S)`);
  }
}

export interface ClaimsRules {
  /** JWT_MAX_AGE_S: the longest a token may still be valid. */
  maxAgeS: number;
  /** Seconds since the epoch; the clock by default. */
  nowS?: number;
}

/**
 * The caller a verified payload stands for. Throws {@link ClaimsError} (the hub answers UNAUTHENTICATED) for
 * a token whose claims are malformed or contradict its role; an unknown role is anonymous.
 */
export function viewerFromClaims(payload: JWTPayload, rules: ClaimsRules): Viewer {
  const has = (claim: string) => Object.hasOwn(payload, claim);
  if (!isRole(payload.role)) return ANONYMOUS;
  const role = payload.role;
  checkLifetime(payload, rules.nowS ?? Math.floor(Date.now() / 1000), rules.maxAgeS);
  if (typeof payload.sub !== "string" || payload.sub.trim() === "") throw new ClaimsError(`jeton sans sujet (sub)`);
  if (role !== Role.PARTNER && has("association"))
    throw new ClaimsError(`revendication "association" réservée au rôle PARTNER (rôle ${role})`);
  const staff = role === Role.CAF_AGENT || role === Role.ANALYST;
  if (!staff && has("departments"))
    throw new ClaimsError(`revendication "departments" réservée aux rôles CAF_AGENT et ANALYST (rôle ${role})`);
  if (role === Role.PARTNER && !has("association")) throw new ClaimsError(`jeton PARTNER sans revendication "association"`);
  const departments = staff && has("departments") ? parseDepartments(payload.departments) : [];
  return {
    kind: "user",
    subject: payload.sub,
    role,
    departments,
    national: role === Role.ADMIN || (staff && departments.length === 0),
    associationId: role === Role.PARTNER ? parseAssociation(payload.association) : null,
  };
}
