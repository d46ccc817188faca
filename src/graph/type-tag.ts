import type { NodeClass } from "./declare";
import { graphqlNameOf } from "./metadata";

/**
 * Rows are plain objects read by SQL. Each row a derived loader reads is tagged with its GraphQL
 * type, so a union or interface field tells its members apart synchronously (graphql-jit does not
 * await type resolvers) without a hand-written rule per union. The tag is a symbol: JSON and the API
 * never see it.
 */
const TYPE = Symbol("graphType");
const names = new Map<Function, string>();

export function tagType<T extends object>(row: T, type: NodeClass): T {
  let name = names.get(type);
  if (name === undefined) names.set(type, (name = graphqlNameOf(type)));
  Object.defineProperty(row, TYPE, { value: name, enumerable: false });
  return row;
}

/** The GraphQL type name a row was tagged with, if any. */
export function typeTagOf(row: unknown): string | undefined {
  return typeof row === "object" && row !== null ? (row as { [TYPE]?: string })[TYPE] : undefined;
}
