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

/** The SQL ordering for a sort field chosen by the client, from the domain's field → expression map. */
export function orderingOf<F extends string>(
  expressions: Record<F, string>,
  order: { field: F; direction?: SortDirection | null } | null | undefined,
  fallback: F,
): Ordering {
  return {
    expression: expressions[order?.field ?? fallback],
    descending: order?.direction === SortDirection.DESC,
  };
}
