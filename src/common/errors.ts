import { GraphQLError } from "graphql";

/** The few error codes the API uses; anything else is masked as INTERNAL_SERVER_ERROR. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, argument?: string) {
    super(message, { extensions: { code: "BAD_USER_INPUT", ...(argument ? { argument } : {}) } });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = "Accès refusé") {
    super(message, { extensions: { code: "FORBIDDEN" } });
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: "CONFLICT" } });
  }
}

/** A write the caller's token does not allow (no token: UNAUTHENTICATED is not used, anonymous callers are simply refused). */
export function requireWrite(allowed: boolean, what: string): void {
  if (!allowed) throw new ForbiddenError(`Écriture refusée : ${what}`);
}
