import { registerEnumType } from "type-graphql";

/** How a list is sorted: a never-null SQL expression (coalesce nullable columns) so keyset comparisons hold. */
export interface Ordering {
  /** A never-null expression (coalesce nullable columns) so keyset comparisons hold. */
  expression: string;
  descending: boolean;
}

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "Sens du tri",
  valuesConfig: { ASC: { description: "Croissant" }, DESC: { description: "Décroissant" } },
});

/**
 * The SQL ordering for a sort field chosen by the client, from the domain's field → expression map. When the
 * client chooses none and searches a text, best matches first (`rank`, lower first; the list's key breaks ties).
 */
export function orderingOf<F extends string>(
  expressions: Record<F, string>,
  order: { field: F; direction?: SortDirection | null } | null | undefined,
  fallback: F,
  rank?: string,
): Ordering {
  if (!order && rank) return { expression: rank, descending: false };
  return {
    expression: expressions[order?.field ?? fallback],
    descending: order?.direction === SortDirection.DESC,
  };
}
