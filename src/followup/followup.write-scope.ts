import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type Named } from "../auth/write-scope";
import { BadUserInputError } from "../common/errors";

/** The fields an input gives (present, null included): what a partner's write is judged on. */
export const givenFields = (input: object): string[] =>
  Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);

/** What a partner may do in a follow-up write of an action: the fields it may give, and what they are in French. */
export interface PartnerShare {
  allowed: readonly string[];
  given: object;
  what: string;
}

/**
 * A follow-up write on an action (src/auth/write-scope.ts decides): CAF staff of its département write everything;
 * with `partner`, its partner association — operator or association pilot, the one rule updateActionProgress uses —
 * may write too, giving only the `partner.allowed` fields. Without it, a partner is refused as on any other action.
 */
export function requireActionWrite(
  tx: EntityManager,
  viewer: Viewer,
  actionId: number,
  options: { field?: string; partner?: PartnerShare; references?: Named[] } = {},
): Promise<void> {
  const { partner } = options;
  return requireWriteScope(tx, viewer, {
    owner: { field: options.field ?? "actionId", ref: { kind: "action", id: actionId } },
    partnerMayWrite: partner !== undefined,
    partnerFields: partner && { allowed: partner.allowed, given: givenFields(partner.given), what: partner.what },
    references: options.references,
  });
}

/** A convention's follow-up (meetings, evaluations): CAF staff of its département. */
export function requireConventionWrite(tx: EntityManager, viewer: Viewer, conventionId: number, field = "conventionId"): Promise<void> {
  return requireWriteScope(tx, viewer, { owner: { field, ref: { kind: "convention", id: conventionId } } });
}

/** A list an input gives, at most `max` items. */
export function checkListLength(list: readonly unknown[], max: number, field: string): void {
  if (list.length > max) throw new BadUserInputError(`Champ "${field}" : ${max} éléments au plus (reçu ${list.length})`, field);
}

/** A value required by the input's kind or by a creation, named. */
export function required<T>(value: T | null | undefined, field: string, why: string): T {
  if (value === null || value === undefined) throw new BadUserInputError(`Champ "${field}" : ${why}`, field);
  return value;
}
