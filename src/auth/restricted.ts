import { ForbiddenError } from "../common/errors";

/** Refuses a restricted field (contacts, budgets, internal notes) to a caller outside its scope. */
export function requireAllowed(allowed: boolean, field: string): void {
  if (!allowed)
    throw new ForbiddenError(
      `Champ "${field}" réservé : jeton d'un agent CAF, d'un analyste du département ou du partenaire concerné requis`,
    );
}
