import { GraphQLError } from "graphql";
import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { ConfigError } from "../common/config-error";
import { ClaimsError, viewerFromClaims } from "./claims";
import { ANONYMOUS, type Role, type Viewer } from "./viewer";

/**
 * jose (83 modules, ~50 ms of every start) is loaded when a token is first verified or minted: an anonymous
 * request, the hub's start and its first answer never need it.
 */
const jose = () => import("jose");

/** The identity provider's key set, fetched by jose on first use (as `createRemoteJWKSet` does itself). */
function remoteKeySet(url: URL): JWTVerifyGetKey {
  let keys: JWTVerifyGetKey | undefined;
  return async (header, token) => {
    keys ??= (await jose()).createRemoteJWKSet(url);
    return keys(header, token);
  };
}

/** Default JWT_MAX_AGE_S: a token is never valid for more than a day ahead. */
export const DEFAULT_JWT_MAX_AGE_S = 86_400;

/** How tokens are verified: a shared HS256 secret, or the identity provider's key set; `maxAgeS` caps lifetimes. */
export type TokenConfig =
  | { kind: "none" }
  | { kind: "secret"; secret: Uint8Array; issuer?: string; audience?: string; maxAgeS: number }
  | { kind: "jwks"; keys: JWTVerifyGetKey; issuer: string; audience: string; maxAgeS: number };

/** JWT_MAX_AGE_S: a positive whole number of seconds. */
export function jwtMaxAgeS(env: Record<string, string | undefined> = process.env): number {
  const raw = env.JWT_MAX_AGE_S;
  if (raw === undefined || raw === "") return DEFAULT_JWT_MAX_AGE_S;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ConfigError(`JWT_MAX_AGE_S : nombre entier de secondes positif attendu, reçu « ${raw} »`);
  return value;
}

export function tokenConfig(env: Record<string, string | undefined> = process.env): TokenConfig {
  const maxAgeS = jwtMaxAgeS(env);
  if (env.JWT_JWKS_URL) {
    if (!env.JWT_ISSUER || !env.JWT_AUDIENCE) throw new ConfigError("JWT_JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE");
    return {
      kind: "jwks",
      keys: remoteKeySet(new URL(env.JWT_JWKS_URL)),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      maxAgeS,
    };
  }
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters");
    return {
      kind: "secret",
      secret: new TextEncoder().encode(env.JWT_SECRET),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      maxAgeS,
    };
  }
  return { kind: "none" };
}

export interface TokenClaims {
  subject: string;
  role: Role;
  /** Omitted: national scope (CAF_AGENT, ANALYST). */
  departments?: string[];
  association?: number;
}

/** The payload of a token for these claims, exactly as a caller's token would carry them. */
function payloadOf(claims: TokenClaims): JWTPayload {
  const payload: JWTPayload = { role: claims.role };
  if (claims.departments !== undefined) payload.departments = claims.departments;
  if (claims.association !== undefined) payload.association = claims.association;
  return payload;
}

/**
 * Mints an HS256 token (the `npm run token` CLI and the tests). The signed payload goes through the hub's own
 * parser, with the hub's lifetime cap: what this returns, the hub accepts (otherwise it throws {@link ClaimsError}).
 */
export async function mintToken(
  secret: string,
  claims: TokenClaims,
  expiresIn: string | number = "8h",
  maxAgeS = DEFAULT_JWT_MAX_AGE_S,
): Promise<string> {
  const { SignJWT, decodeJwt } = await jose();
  const token = await new SignJWT(payloadOf(claims))
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
  viewerFromClaims(decodeJwt(token), { maxAgeS });
  return token;
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/**
 * The caller behind an `Authorization` header. A missing token, or one that is not ours (bad signature,
 * issuer, audience) is anonymous; an expired token, or one whose claims are malformed or overstep its role
 * (src/auth/claims.ts), is refused with UNAUTHENTICATED (HTTP 401): a portal knows to renew or fix it, and
 * no claim is ever widened.
 */
export async function viewerFromHeader(header: string | undefined, config: TokenConfig): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match || config.kind === "none") return ANONYMOUS;
  const { errors, jwtVerify } = await jose();
  let payload: JWTPayload;
  try {
    ({ payload } =
      config.kind === "secret"
        ? await jwtVerify(match[1], config.secret, { algorithms: ["HS256"], issuer: config.issuer, audience: config.audience })
        : await jwtVerify(match[1], config.keys, { issuer: config.issuer, audience: config.audience }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthenticated("Jeton expiré : reconnectez-vous");
    // Signed for another issuer or audience: not ours, anonymous. A claim of the wrong type (`exp: "tomorrow"`,
    // `sub: 5`) or not yet valid (`nbf`) in a token signed for us is malformed: refused.
    if (error instanceof errors.JWTClaimValidationFailed && error.claim !== "iss" && error.claim !== "aud") {
      throw unauthenticated(`Jeton refusé : ${error.message}`);
    }
    return ANONYMOUS;
  }
  try {
    return viewerFromClaims(payload, { maxAgeS: config.maxAgeS });
  } catch (error) {
    if (error instanceof ClaimsError) throw unauthenticated(`Jeton refusé : ${error.message}`);
    throw error;
  }
}
