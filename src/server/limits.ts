import {
  GraphQLError, Kind, getNamedType, getNullableType, isListType, type ASTVisitor, type FieldNode, type GraphQLField,
  type GraphQLOutputType, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from "graphql";
import { MAX_PAGE_SIZE } from "../common/pagination";

/**
 * Limits a single query must stay within, checked while the query is validated: a refused query
 * is answered before any resolver, hence before any SQL. Defaults (README "Query limits"):
 * - depth 12: the deepest legitimate dashboard query (département → communes → edges → node →
 *   conventions → actions → edges → node → partners → association → name) is 11 deep;
 *   introspection fields are not counted, so schema explorers keep working;
 * - 15 aliases, 50 directives and 1,000 tokens (graphql-armor's defaults);
 * - cost 100,000: each field costs 1, a connection multiplies its children by `first`/`last`
 *   (100 when absent, 500 for a variable) and a plain list (a commune's conventions, an action's
 *   partners: a handful each) by 5. The dashboard's main query (a page of 500 communes with EPCI
 *   and covering conventions and their status) costs about 8,000; a page of 500 communes with 50
 *   actions of each covering convention and their partners (over a million) is refused.
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /**
   * Deadline of a whole request: past it no further SQL statement starts. Above the statement timeout
   * (15 s), so a single slow statement is cancelled by PostgreSQL first; this one bounds many statements.
   */
  requestTimeoutMs: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12, maxAliases: 15, maxDirectives: 50, maxTokens: 1_000, maxCost: 100_000, requestTimeoutMs: 20_000,
};

const PLAIN_LIST_SIZE = 5;
const DEFAULT_CONNECTION_SIZE = 100;

const refuse = (message: string, node: FieldNode | undefined) =>
  new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: "QUERY_LIMIT" } });

/** Depth of a selection set, fragments inlined, introspection fields skipped. */
function depthOf(context: ValidationContext, selectionSet: SelectionSetNode | undefined, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(context, selection.selectionSet, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(context, selection.selectionSet, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      deepest = Math.max(deepest, depthOf(context, fragment?.selectionSet, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

function pageSizeArgument(field: FieldNode): number | undefined {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== "first" && argument.name.value !== "last") continue;
    if (argument.value.kind === Kind.INT) return Number(argument.value.value);
    if (argument.value.kind === Kind.VARIABLE) return MAX_PAGE_SIZE;
  }
  return undefined;
}

const isConnection = (type: GraphQLOutputType) => getNamedType(type).name.endsWith("Connection");

/** Cost of a selection set on a parent type: 1 per field, children multiplied by list sizes. */
function costOf(context: ValidationContext, selectionSet: SelectionSetNode | undefined, parentFields: Record<string, GraphQLField<unknown, unknown>> | undefined, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const field = parentFields?.[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      const childFields = "getFields" in named ? (named.getFields() as Record<string, GraphQLField<unknown, unknown>>) : undefined;
      const children = costOf(context, selection.selectionSet, childFields, seen);
      const multiplier = isConnection(field.type)
        ? pageSizeArgument(selection) ?? DEFAULT_CONNECTION_SIZE
        : isListType(getNullableType(field.type)) ? PLAIN_LIST_SIZE : 1;
      // A connection's own `edges`/`pageInfo` are counted once; its nodes are multiplied by the page size.
      total += 1 + (isConnection(field.type) ? costOfConnection(context, selection, childFields, multiplier, seen) : multiplier * children);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? context.getSchema().getType(typeName) : undefined;
      const fields = type && "getFields" in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : parentFields;
      total += costOf(context, selection.selectionSet, fields, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      const type = fragment ? context.getSchema().getType(fragment.typeCondition.name.value) : undefined;
      const fields = type && "getFields" in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : parentFields;
      total += costOf(context, fragment?.selectionSet, fields, new Set([...seen, selection.name.value]));
    }
  }
  return total;
}

function costOfConnection(
  context: ValidationContext, field: FieldNode, connectionFields: Record<string, GraphQLField<unknown, unknown>> | undefined,
  pageSize: number, seen: Set<string>,
): number {
  let total = 0;
  for (const selection of field.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) {
      total += costOf(context, { kind: Kind.SELECTION_SET, selections: [selection] }, connectionFields, seen);
      continue;
    }
    const child = connectionFields?.[selection.name.value];
    if (!child) continue;
    const named = getNamedType(child.type);
    const fields = "getFields" in named ? (named.getFields() as Record<string, GraphQLField<unknown, unknown>>) : undefined;
    const inner = costOf(context, selection.selectionSet, fields, seen);
    total += 1 + (selection.name.value === "edges" ? pageSize * inner : inner);
  }
  return total;
}

/** The validation rules enforcing `limits`, one check per operation. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const perOperation = (check: (context: ValidationContext, operation: SelectionSetNode) => GraphQLError | null): ValidationRule =>
    (context): ASTVisitor => ({
      OperationDefinition(node) {
        const error = check(context, node.selectionSet);
        if (error) context.reportError(error);
      },
    });
  const countNodes = (kind: "alias" | "directive"): ValidationRule => (context): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (kind === "alias" && node.alias) count += 1;
      },
      Directive() {
        if (kind === "directive") count += 1;
      },
      Document: {
        leave() {
          const max = kind === "alias" ? limits.maxAliases : limits.maxDirectives;
          if (count > max) context.reportError(refuse(`Trop ${kind === "alias" ? "d'alias" : "de directives"} : ${count}, limite ${max}`, undefined));
        },
      },
    };
  };
  return [
    perOperation((context, selectionSet) => {
      const depth = depthOf(context, selectionSet, new Set());
      return depth > limits.maxDepth ? refuse(`Requête trop profonde : profondeur ${depth}, limite ${limits.maxDepth}`, undefined) : null;
    }),
    perOperation((context, selectionSet) => {
      const root = context.getSchema().getQueryType();
      const mutation = context.getSchema().getMutationType();
      const fields = { ...(mutation?.getFields() ?? {}), ...(root?.getFields() ?? {}) } as Record<string, GraphQLField<unknown, unknown>>;
      const cost = costOf(context, selectionSet, fields, new Set());
      return cost > limits.maxCost ? refuse(`Requête trop coûteuse : coût estimé ${cost}, limite ${limits.maxCost}`, undefined) : null;
    }),
    countNodes("alias"),
    countNodes("directive"),
  ];
}
