import {
  Kind,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { MAX_LENGTH_KEY } from "../common/argument-bounds";
import { BadUserInputError } from "../common/errors";

/**
 * Bounds on the values a query's arguments carry, literals and variables alike, checked once the
 * variables are coerced and before anything runs (compiled read or resolvers): a search of 300,000
 * characters or a list of 100,000 themes is refused with BAD_USER_INPUT instead of reaching SQL.
 * - a text (String or ID) holds at most 200 characters: a code, a reference, a search; an argument
 *   that needs more declares it once with `@Extensions(maxLength(n))` (a cursor carries a sort value);
 * - a text holds no control character (a NUL byte is refused by PostgreSQL, the others mean nothing in a filter);
 * - a list holds at most 100 items.
 * Mutations' inputs are bounded by their own validation (their columns' sizes), not here.
 */
export const MAX_TEXT_ARGUMENT_LENGTH = 200;
export const MAX_LIST_ARGUMENT_LENGTH = 100;

type InputDefinition = GraphQLArgument | GraphQLInputField;

const textBoundOf = (definition: InputDefinition): number =>
  (definition.extensions?.[MAX_LENGTH_KEY] as number | undefined) ?? MAX_TEXT_ARGUMENT_LENGTH;

const isText = (type: GraphQLNamedType): boolean => isScalarType(type) && (type.name === "String" || type.name === "ID");

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkText(text: string, bound: number, path: string): void {
  if (text.length > bound) {
    throw new BadUserInputError(`Argument "${path}" : texte trop long (${text.length} caractères, au plus ${bound})`, path);
  }
  if (CONTROL_CHARACTER.test(text)) throw new BadUserInputError(`Argument "${path}" : caractère de contrôle interdit dans un texte`, path);
}

function checkListLength(length: number, path: string): void {
  if (length > MAX_LIST_ARGUMENT_LENGTH) {
    throw new BadUserInputError(`Argument "${path}" : liste trop longue (${length} éléments, au plus ${MAX_LIST_ARGUMENT_LENGTH})`, path);
  }
}

/** A coerced value (a variable's) against its type. */
function checkValue(value: unknown, type: GraphQLInputType, bound: number, path: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    checkListLength(items.length, path);
    for (const item of items) checkValue(item, nullable.ofType, bound, path);
    return;
  }
  if (isInputObjectType(nullable) && typeof value === "object") {
    const fields = nullable.getFields();
    for (const [name, member] of Object.entries(value)) {
      const field = fields[name];
      if (field) checkValue(member, field.type, textBoundOf(field), `${path}.${name}`);
    }
    return;
  }
  if (isText(nullable) && typeof value === "string") checkText(value, bound, path);
}

/** A value written in the document (a variable in it is read from the coerced variables). */
function checkLiteral(node: ValueNode, type: GraphQLInputType, bound: number, path: string, variables: Record<string, unknown>): void {
  const nullable = getNullableType(type);
  switch (node.kind) {
    case Kind.VARIABLE:
      checkValue(variables[node.name.value], type, bound, path);
      return;
    case Kind.LIST:
      checkListLength(node.values.length, path);
      if (isListType(nullable)) for (const item of node.values) checkLiteral(item, nullable.ofType, bound, path, variables);
      return;
    case Kind.OBJECT: {
      if (!isInputObjectType(nullable)) return;
      const fields = nullable.getFields();
      for (const member of node.fields) {
        const field = fields[member.name.value];
        if (field) checkLiteral(member.value, field.type, textBoundOf(field), `${path}.${member.name.value}`, variables);
      }
      return;
    }
    case Kind.STRING:
      if (isText(getNamedType(nullable))) checkText(node.value, bound, path);
      return;
    default:
  }
}

type Fields = Record<string, GraphQLField<unknown, unknown>>;

/**
 * Walks the operation's fields once (each fragment once, whatever the number of its spreads) and checks
 * every argument's value. Throws BadUserInputError naming the first argument out of bounds.
 */
class ArgumentWalk {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) this.field(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (this.schema.getType(selection.typeCondition.name.value) ?? undefined) : parent;
        this.selectionSet(selection.selectionSet, type);
      } else if (!this.checked.has(selection.name.value)) {
        this.checked.add(selection.name.value);
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) this.selectionSet(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value) ?? undefined);
      }
    }
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): void {
    const fields = parent && (isObjectType(parent) || isInterfaceType(parent)) ? (parent.getFields() as Fields) : undefined;
    const definition = fields?.[node.name.value];
    if (!definition) return;
    for (const argument of node.arguments ?? []) {
      const declared = definition.args.find((a) => a.name === argument.name.value);
      if (declared) checkLiteral(argument.value, declared.type, textBoundOf(declared), argument.name.value, this.variables);
    }
    if (node.selectionSet) this.selectionSet(node.selectionSet, getNamedType(definition.type));
  }
}

/** Checks a query operation's arguments (mutations are left to their own validation); throws BadUserInputError. */
export function checkQueryArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  if (operation.operation !== "query") return;
  new ArgumentWalk(schema, document, variables).selectionSet(operation.selectionSet, schema.getQueryType() ?? undefined);
}
