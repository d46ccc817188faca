import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../common/pagination";
import { isLeafList, isPlainList, listBoundOf } from "./list-bounds";

/**
 * Limits a single query must stay within, checked while the query is validated: a refused query
 * is answered before any resolver, hence before any SQL. Defaults (README "Query limits"):
 * - depth 12: the deepest legitimate dashboard query (département → communes → edges → node →
 *   conventions → actions → edges → node → partners → association → name) is 11 deep;
 *   introspection fields are not counted, so schema explorers keep working;
 * - 500 fields once every fragment is written out in place: what graphql-jit compiles (about 0.4 ms a
 *   field) and compiled reads translate; the dashboard's largest query has 82, a full introspection 229;
 * - 15 aliases, 50 directives and 1,000 tokens (graphql-armor's defaults);
 * - cost 200,000, the number of values the response may hold: each field counts 1, a connection
 *   multiplies its nodes by `first`/`last` (100 when absent, 500 for a variable) and a plain list by
 *   its declared bound (src/graph/list-bounds.ts: every commune of a département is 900, a commune's
 *   conventions 10…). The dashboard's département view (its level a variable, so counted at the commune level) costs about 155,000;
 *   seven aliased comparisons of every commune with their conventions' covered communes are refused.
 * Every count is made once per fragment and per selection set: the work is linear in the document,
 * however often its fragments spread each other.
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxFields: number;
  /** Bytes a response may reach (src/graph/response-size.ts): past it, an error instead of the data. */
  maxResponseBytes: number;
  /**
   * Deadline of a whole request: past it no further SQL statement starts. Above the statement timeout
   * (15 s), so a single slow statement is cancelled by PostgreSQL first; this one bounds many statements.
   */
  requestTimeoutMs: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1_000,
  maxCost: 200_000,
  maxFields: 500,
  maxResponseBytes: 10_000_000,
  requestTimeoutMs: 20_000,
};

/** What a selection set amounts to. `perEdge`: the cost of a connection's `edges`, to multiply by its page size. */
interface Summary {
  depth: number;
  cost: number;
  perEdge: number;
  fields: number;
}

const NOTHING: Summary = { depth: 0, cost: 0, perEdge: 0, fields: 0 };

/** Counts past this are all "too many": keeps the arithmetic exact and the messages readable. */
const CEILING = Number.MAX_SAFE_INTEGER;
const capped = (value: number): number => Math.min(value, CEILING);

/** What an operation amounts to once its fragments are written out in place. */
export interface OperationMeasure {
  operation: OperationDefinitionNode;
  depth: number;
  cost: number;
  fields: number;
}

type Fields = Record<string, GraphQLField<unknown, unknown>>;

const fieldsOf = (type: GraphQLNamedType | undefined | null): Fields | undefined =>
  type && (isObjectType(type) || isInterfaceType(type)) ? (type.getFields() as Fields) : undefined;

const isConnection = (type: GraphQLNamedType | undefined): boolean => type?.name.endsWith("Connection") === true;

/** The page size a connection field asks for: its `first`/`last` literal, the largest page for a variable. */
function pageSizeOf(field: FieldNode): number {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== "first" && argument.name.value !== "last") continue;
    if (argument.value.kind === Kind.INT) return Math.max(0, Number(argument.value.value));
    if (argument.value.kind === Kind.VARIABLE) return MAX_PAGE_SIZE;
  }
  return DEFAULT_PAGE_SIZE;
}

/** The field's arguments written as literals (variables left out: their values are not known yet). */
function literalArguments(field: FieldNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const argument of field.arguments ?? []) {
    if (argument.value.kind === Kind.VARIABLE || argument.value.kind === Kind.NULL) continue;
    values[argument.name.value] = valueFromASTUntyped(argument.value);
  }
  return values;
}

/**
 * Depth, cost and size of a document's operations, each selection set visited once: a fragment's summary
 * is computed on its first spread and reused by the others (a cycle, reported by graphql-js's own rule,
 * counts nothing). `visits` counts the selections visited, for the tests that hold the work linear.
 */
export class DocumentMeasure {
  visits = 0;
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly summaries = new Map<string, Summary | "pending">();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  operation(operation: OperationDefinitionNode): OperationMeasure {
    const root =
      operation.operation === "query"
        ? this.schema.getQueryType()
        : operation.operation === "mutation"
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    const summary = this.selectionSet(operation.selectionSet, root ?? undefined);
    return { operation, depth: summary.depth, cost: capped(summary.cost + summary.perEdge), fields: summary.fields };
  }

  private selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): Summary {
    let depth = 0;
    let cost = 0;
    let perEdge = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      this.visits += 1;
      let part: Summary;
      if (selection.kind === Kind.FIELD) part = this.field(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (this.schema.getType(selection.typeCondition.name.value) ?? undefined) : parent;
        part = this.selectionSet(selection.selectionSet, type);
      } else part = this.fragment(selection.name.value);
      depth = Math.max(depth, part.depth);
      cost = capped(cost + part.cost);
      perEdge = capped(perEdge + part.perEdge);
      fields = capped(fields + part.fields);
    }
    return { depth, cost, perEdge, fields };
  }

  private fragment(name: string): Summary {
    const known = this.summaries.get(name);
    if (known === "pending") return NOTHING;
    if (known) return known;
    const definition = this.fragments.get(name);
    if (!definition) return NOTHING;
    this.summaries.set(name, "pending");
    const summary = this.selectionSet(definition.selectionSet, this.schema.getType(definition.typeCondition.name.value) ?? undefined);
    this.summaries.set(name, summary);
    return summary;
  }

  private definitionOf(node: FieldNode, parent: GraphQLNamedType | undefined): GraphQLField<unknown, unknown> | undefined {
    const name = node.name.value;
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (parent === this.schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    return fieldsOf(parent)?.[name];
  }

  /** One field: 1, plus its children times the items it may hold. Introspection counts 1 a field, undivided. */
  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Summary {
    const definition = this.definitionOf(node, parent);
    const type = definition ? getNamedType(definition.type) : undefined;
    const children = node.selectionSet ? this.selectionSet(node.selectionSet, type) : NOTHING;
    const introspection = node.name.value.startsWith("__") || parent?.name.startsWith("__") === true;
    const fields = capped(1 + children.fields);
    const depth = introspection ? 0 : 1 + children.depth;
    const childCost = isConnection(type)
      ? capped(children.cost + pageSizeOf(node) * children.perEdge)
      : capped(children.cost + children.perEdge);
    // A connection's `edges`: counted once here, their items by the connection's page size, one level up.
    if (isConnection(parent) && node.name.value === "edges") return { depth: 1 + children.depth, cost: 1, perEdge: childCost, fields };
    if (!definition || introspection || !isPlainList(definition)) return { depth, cost: capped(1 + childCost), perEdge: 0, fields };
    const bound = listBoundOf(definition, literalArguments(node)) ?? MAX_PAGE_SIZE;
    const perItem = isLeafList(definition) ? 1 : childCost;
    return { depth, cost: capped(1 + bound * perItem), perEdge: 0, fields };
  }
}

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: "QUERY_LIMIT" } });

/** The limits an operation's measure breaks, as the errors to report. */
export function limitErrors(measure: OperationMeasure, limits: QueryLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (measure.depth > limits.maxDepth) {
    errors.push(refuse(`Requête trop profonde : profondeur ${measure.depth}, limite ${limits.maxDepth}`));
  }
  if (measure.fields > limits.maxFields) {
    errors.push(refuse(`Requête trop étendue : ${measure.fields} champs une fois les fragments développés, limite ${limits.maxFields}`));
  }
  if (measure.cost > limits.maxCost) {
    errors.push(
      refuse(
        `Requête trop coûteuse : coût estimé ${measure.cost}, limite ${limits.maxCost} ` +
          "(chaque liste compte pour sa taille maximale : réduisez les pages, les listes imbriquées ou les alias)",
      ),
    );
  }
  return errors;
}

/** The validation rules enforcing `limits`: one measure of the whole document, then counts of aliases and directives. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const measured: ValidationRule = (context): ASTVisitor => {
    let measure: DocumentMeasure | undefined;
    return {
      OperationDefinition(node) {
        measure ??= new DocumentMeasure(context.getSchema(), context.getDocument());
        for (const error of limitErrors(measure.operation(node), limits)) context.reportError(error);
        return false;
      },
    };
  };
  const countNodes =
    (kind: "alias" | "directive"): ValidationRule =>
    (context): ASTVisitor => {
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
            if (count > max)
              context.reportError(refuse(`Trop ${kind === "alias" ? "d'alias" : "de directives"} : ${count}, limite ${max}`));
          },
        },
      };
    };
  return [measured, countNodes("alias"), countNodes("directive")];
}
