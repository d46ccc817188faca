import { GraphQLError } from "graphql";
import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { ANONYMOUS, Role, type Viewer } from "./viewer";

/** How tokens are verified: a shared HS256 secret, or the identity provider's key set. */
export type TokenConfig =
  | { kind: "none" }
  | { kind: "secret"; secret: Uint8Array; issuer?: string; audience?: string }
  | { kind: "jwks"; keys: JWTVerifyGetKey; issuer: string; audience: string };

export function tokenConfig(env: Record<string, string | undefined> = process.env): TokenConfig {
  if (env.JWT_JWKS_URL) {
    if (!env.JWT_ISSUER || !env.JWT_AUDIENCE) throw new Error("JWT_JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE");
    return { kind: "jwks", keys: createRemoteJWKSet(new URL(env.JWT_JWKS_URL)), issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
  }
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new Error("JWT_SECRET must be at least 32 characters");
    return { kind: "secret", secret: new TextEncoder().encode(env.JWT_SECRET), issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
  }
  return { kind: "none" };
}

export interface TokenClaims {
  subject: string;
  role: Role;
  departments?: string[];
  association?: number;
}

/** Mints an HS256 token (the `npm run token` CLI and the tests). */
export function mintToken(secret: string, claims: TokenClaims, expiresIn = "8h"): Promise<string> {
  const payload: JWTPayload = { role: claims.role };
  if (claims.departments?.length) payload.departments = claims.departments;
  if (claims.association !== undefined) payload.association = claims.association;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

function viewerFromClaims(payload: JWTPayload): Viewer {
  const role = payload.role;
  if (typeof role !== "string" || !(role in Role)) return ANONYMOUS;
  const departments = Array.isArray(payload.departments) ? payload.departments.filter((d): d is string => typeof d === "string") : [];
  const association = Number(payload.association);
  if (role === Role.PARTNER && !Number.isSafeInteger(association)) return ANONYMOUS;
  return {
    kind: "user",
    subject: payload.sub ?? "unknown",
    role: role as Role,
    departments,
    associationId: role === Role.PARTNER ? association : null,
  };
}

/**
 * The caller behind an `Authorization` header. A missing or invalid token is anonymous; an expired
 * one is refused (UNAUTHENTICATED), so a portal knows to renew it rather than silently lose rights.
 */
export async function viewerFromHeader(header: string | undefined, config: TokenConfig): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match || config.kind === "none") return ANONYMOUS;
  try {
    const { payload } = config.kind === "secret"
      ? await jwtVerify(match[1], config.secret, { algorithms: ["HS256"], issuer: config.issuer, audience: config.audience })
      : await jwtVerify(match[1], config.keys, { issuer: config.issuer, audience: config.audience });
    return viewerFromClaims(payload);
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new GraphQLError("Jeton expiré : reconnectez-vous", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    }
    return ANONYMOUS;
  }
}
