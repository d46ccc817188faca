import { getNamedType, getNullableType, isEnumType, isLeafType, isListType, type GraphQLField } from "graphql";

/**
 * How many items a plain list field (not a connection: those are bounded by `first`/`last`) may hold,
 * declared once on the field with `@Extensions(listBound(…))` beside its `@Field`/`@Query`/`@FieldResolver`.
 * The query cost (src/graph/limits.ts) multiplies what is selected under the list by this bound.
 *
 * A bound is the list's largest possible size when one exists (every commune of a département: 887 in
 * Pas-de-Calais), or an estimate otherwise (the conventions covering one commune over the years); the
 * response-size bound (src/graph/response-size.ts) catches a list that grows past its estimate.
 *
 * A bound may depend on the field's arguments: the function receives the arguments written in the
 * document as literals; an argument given by a variable is absent (its value is not known when the
 * document is validated), so write the function as "a literal known to be small ? small : largest".
 */
export type ListBound = number | ((literalArguments: Readonly<Record<string, unknown>>) => number);

const BOUND_KEY = "listBound";

/** The `@Extensions` payload declaring a list's bound: `@Extensions(listBound(900))`. */
export const listBound = (bound: ListBound): Record<string, ListBound> => ({ [BOUND_KEY]: bound });

/** The bound `field` declares, if any. */
export function declaredListBound(field: GraphQLField<unknown, unknown>): ListBound | undefined {
  return field.extensions?.[BOUND_KEY] as ListBound | undefined;
}

/**
 * Items a list field may hold given its literal arguments: its declared bound, or for a list of enum
 * values without one, the number of values of the enum. Undefined when the field declares nothing
 * (a test requires every plain list of the schema to be bounded one way or the other).
 */
export function listBoundOf(
  field: GraphQLField<unknown, unknown>,
  literalArguments: Readonly<Record<string, unknown>>,
): number | undefined {
  const declared = declaredListBound(field);
  if (typeof declared === "number") return declared;
  if (declared !== undefined) return declared(literalArguments);
  const item = getNamedType(field.type);
  return isEnumType(item) ? item.getValues().length : undefined;
}

/** True for a plain list field (a connection's `edges` are bounded by its page size instead). */
export function isPlainList(field: GraphQLField<unknown, unknown>): boolean {
  return isListType(getNullableType(field.type));
}

/** True when the list's items are leaves (scalars or enums): each item is one value of the response. */
export const isLeafList = (field: GraphQLField<unknown, unknown>): boolean => isLeafType(getNamedType(field.type));
