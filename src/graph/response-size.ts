import { GraphQLError, type ExecutionResult } from "graphql";
import { DEFAULT_QUERY_LIMITS } from "./limits";

/**
 * The response-size bound: the query cost (src/graph/limits.ts) refuses before anything runs what may
 * hold too many values, but a list may outgrow its estimate and a text be long; an answer past
 * `maxResponseBytes` is replaced by this error rather than sent (or cached). Compiled reads measure the
 * JSON their statement wrote before assembling it; resolvers' results are measured before Apollo writes them.
 */
export function responseTooLarge(maxBytes: number = DEFAULT_QUERY_LIMITS.maxResponseBytes): GraphQLError {
  const size =
    maxBytes >= 1_000_000
      ? `${(maxBytes / 1_000_000).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`
      : `${Math.round(maxBytes / 1_000).toLocaleString("fr-FR")} ko`;
  return new GraphQLError(
    `Réponse trop volumineuse : plus de ${size}. Restreignez la requête ` +
      "(pages plus courtes, moins de listes imbriquées ou de champs) ou utilisez les exports (/export)",
    { extensions: { code: "RESPONSE_TOO_LARGE", maxBytes } },
  );
}

/** What a request gets instead of an answer past the bound. */
export const tooLargeResult = (maxBytes: number): ExecutionResult => ({ data: null, errors: [responseTooLarge(maxBytes)] });

/**
 * True when `value` written as JSON would take more than `maxBytes` characters (about its UTF-8 bytes for
 * French text). Walks the value once without recursion and stops as soon as the bound is passed, so
 * measuring costs at most the bound, never the whole of a huge value.
 */
export function jsonLongerThan(value: unknown, maxBytes: number): boolean {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") size += next.length + 2;
    else if (next === null || next === undefined || typeof next !== "object") size += 8;
    else if (Array.isArray(next)) {
      size += 1 + next.length;
      for (const item of next) pending.push(item);
    } else {
      for (const [key, member] of Object.entries(next)) {
        size += key.length + 4;
        pending.push(member);
      }
    }
    if (size > maxBytes) return true;
  }
  return false;
}
