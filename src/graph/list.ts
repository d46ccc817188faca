import type { ClassType } from "type-graphql";
import type { IsoDate } from "../common/date";
import { connectionType } from "../common/pagination";
import { orderingOf, type Ordering, type SortDirection } from "../common/ordering";
import { entitySource, type Filter } from "../db/list-query";
import type { ListDeclaration, NodeClass } from "./declare";
import { columnOf, graphqlNameOf } from "./metadata";

/** A sort input as the API's `…Order` types are: a field and a direction. */
export interface OrderInput<F extends string = string> {
  field: F;
  direction?: SortDirection | null;
}

/** How a list may be sorted: one SQL expression per sort field, and how each reads in a description. */
export interface Sorts<F extends string> {
  type: () => ClassType<OrderInput<F>>;
  expressions: Record<F, string>;
  /** The field used when the client names none. */
  byDefault: F;
  /** Each field as the French description says it ("le code INSEE"). */
  labels: Record<F, string>;
}

/**
 * Declares a paged list once: its rows (`node`, read from its entity's table under `alias`, unique
 * `key`), its filter (GraphQL input type and the SQL condition with its argument checks), and its
 * sorts. Root lists, nested lists and compiled reads all read it (see src/graph/declare.ts).
 */
export function defineList<F extends object, S extends string>(options: {
  name: string;
  node: NodeClass;
  /** The rows in words, for the connection's description ("communes"). */
  label: string;
  alias: string;
  /** The property whose column is the rows' unique key (the last sort key). */
  key: string;
  filter: { type: () => ClassType<F>; where: (filter: F | null | undefined, today: IsoDate) => Filter };
  sorts: Sorts<S> | { fixed: Ordering };
}): ListDeclaration<F, OrderInput<S>> {
  const { sorts, alias } = options;
  const order: ListDeclaration<F, OrderInput<S>>["order"] =
    "fixed" in sorts
      ? { fixed: sorts.fixed }
      : {
          type: sorts.type,
          ordering: (input, defaultField, rank) =>
            orderingOf(sorts.expressions, input, (defaultField as S | undefined) ?? sorts.byDefault, rank),
          describe: (defaultField) => `Tri (par défaut ${sorts.labels[(defaultField as S | undefined) ?? sorts.byDefault]})`,
        };
  const connection = connectionType(options.node, graphqlNameOf(options.node), options.label);
  return {
    name: options.name,
    node: () => options.node,
    connection: () => connection,
    filter: options.filter,
    order,
    source: (join) => (manager) => {
      const node = options.node;
      return entitySource(manager, node, alias, `${alias}.${columnOf(manager, node, options.key)}`, join);
    },
  };
}
