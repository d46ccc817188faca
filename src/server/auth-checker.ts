import { GraphQLError } from "graphql";
import type { AuthChecker } from "type-graphql";
import type { HubContext } from "./context";
import { ForbiddenError } from "../common/errors";
import type { Role } from "../auth/viewer";

/**
 * `@Authorized(roles)`: the one place roles are checked for whole operations (rows are scoped in
 * services). No token is UNAUTHENTICATED; a token of another role is FORBIDDEN.
 */
export const authChecker: AuthChecker<HubContext, Role> = ({ context }, roles) => {
  if (context.viewer.kind !== "user") {
    throw new GraphQLError("Jeton requis", { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (roles.length > 0 && !roles.includes(context.viewer.role)) {
    throw new ForbiddenError(`Réservé aux rôles ${roles.join(", ")}`);
  }
  return true;
};
