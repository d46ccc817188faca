import {
  TypeInfo,
  getNamedType,
  isCompositeType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * How long an answer touching a type or field may be served from the response cache. Declared on
 * the type-graphql class or field with `@Extensions(cacheHint({ maxAge: … }))`; types without a hint get the
 * configured default. Writes invalidate cached answers through the data version, so maxAge only
 * bounds changes made outside the hub (a manual SQL fix).
 */
export interface CacheHint {
  maxAge: number;
}

const HINT_KEY = "cacheHint";

/** The `@Extensions` payload declaring a hint: `@Extensions(cacheHint({ maxAge: 0 }))`. */
export const cacheHint = (hint: CacheHint): Record<string, CacheHint> => ({ [HINT_KEY]: hint });

function hintOf(extensions: Readonly<Record<string, unknown>> | null | undefined): CacheHint | undefined {
  return extensions?.[HINT_KEY] as CacheHint | undefined;
}

function fieldMaxAge(field: GraphQLField<unknown, unknown>, defaultMaxAge: number): number | undefined {
  const own = hintOf(field.extensions);
  if (own) return own.maxAge;
  const type: GraphQLNamedType = getNamedType(field.type);
  // Scalar and enum fields share their parent's policy; objects bring their own hint or the default.
  if (!isCompositeType(type)) return undefined;
  return hintOf(type.extensions)?.maxAge ?? defaultMaxAge;
}

/**
 * The policy of a whole document: the shortest maxAge of the fields it selects. Computed from the
 * document and the schema alone (no hook per resolved field, which costs on long lists), once per
 * parsed document.
 */
export function documentMaxAge(schema: GraphQLSchema, document: DocumentNode, defaultMaxAge: number): number {
  let maxAge = defaultMaxAge;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const fieldAge = field ? fieldMaxAge(field, defaultMaxAge) : undefined;
        if (fieldAge !== undefined && fieldAge < maxAge) maxAge = fieldAge;
      },
    }),
  );
  return maxAge;
}
