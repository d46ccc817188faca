import { ArgsType, Extensions, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { maxLength } from "./argument-bounds";
import { BadUserInputError } from "./errors";

/** A cursor carries its row's sort value (a name…): longer than the other texts an argument holds. */
const MAX_CURSOR_LENGTH = 1_000;

/** The largest page a client may ask for: dashboards fetch a whole département in one or two pages. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Nombre d'éléments après le curseur \`after\` (1 à ${MAX_PAGE_SIZE})` })
  first?: number | null;

  @Extensions(maxLength(MAX_CURSOR_LENGTH))
  @Field(() => String, { nullable: true, description: "Curseur après lequel commencer" })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Nombre d'éléments avant le curseur \`before\` (1 à ${MAX_PAGE_SIZE})` })
  last?: number | null;

  @Extensions(maxLength(MAX_CURSOR_LENGTH))
  @Field(() => String, { nullable: true, description: "Curseur avant lequel s'arrêter" })
  before?: string | null;
}

@ObjectType({ simpleResolvers: true, description: "Informations de pagination (Relay)" })
export class PageInfo {
  @Field({ description: "Il existe des éléments après cette page" })
  hasNextPage: boolean;

  @Field({ description: "Il existe des éléments avant cette page" })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "Curseur du premier élément de la page" })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Curseur du dernier élément de la page" })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Array<Edge<T>>;
  pageInfo: PageInfo;
  /** A getter: the count runs only when a client selects `totalCount`. */
  readonly totalCount: Promise<number>;
}

/** Builds the Relay connection and edge types of a node type, e.g. CommuneConnection and CommuneEdge. */
export function connectionType<T extends object>(node: ClassType<T>, name: string, label: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `Élément d'une liste paginée : ${label}` })
  class EdgeType {
    @Field({ description: "Curseur opaque de l'élément" })
    cursor: string;

    @Field(() => node, { description: "L'élément" })
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `Liste paginée : ${label}` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "Éléments de la page" })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: "Pagination" })
    pageInfo: PageInfo;

    // Not a simple field: its value is a promise (a getter), and graphql-jit awaits only what a resolver returns.
    @Field(() => Int, {
      simple: false,
      description: "Nombre total d'éléments correspondant aux filtres (calculé seulement s'il est demandé)",
    })
    totalCount: number;
  }
  return ConnectionType;
}

/** A cursor as the client sent it, with the argument it came in (for error messages). */
export interface PageBound {
  value: CursorValue;
  argument: "after" | "before";
}

/** A validated page request: direction, size and the decoded cursors. */
export interface PageRequest {
  /** `forward` (first) reads in the requested order from the start; `backward` (last) reads it reversed from the end. */
  direction: "forward" | "backward";
  size: number;
  /** Rows strictly after this cursor, in the requested order. */
  after: PageBound | null;
  /** Rows strictly before this cursor, in the requested order. */
  before: PageBound | null;
}

/** [list and order the cursor was issued for, sort value, unique key]. */
export type CursorValue = [tag: string, sortValue: string | number | null, key: string | number];

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

const INVALID_CURSOR = "curseur invalide (utilisez un curseur renvoyé par l'API pour la même liste et le même tri)";

export function decodeCursor(cursor: string, argument: "after" | "before"): PageBound {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === "string" &&
      (typeof value[1] === "string" || typeof value[1] === "number") &&
      (typeof value[2] === "string" || typeof value[2] === "number")
    ) {
      return { value: value as CursorValue, argument };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError(`Argument "${argument}" : ${INVALID_CURSOR}`, argument);
}

/** Refuses a cursor issued for another list or another order (its values would not compare). */
export function checkCursorTag(bound: PageBound | null, tag: string): void {
  if (bound && bound.value[0] !== tag) {
    throw new BadUserInputError(`Argument "${bound.argument}" : ${INVALID_CURSOR}`, bound.argument);
  }
}

function pageSize(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`Argument "${argument}" : attendu un entier entre 1 et ${MAX_PAGE_SIZE}, reçu ${value}`, argument);
  }
  return value;
}

/** Checks first/after/last/before and says which argument is wrong. Both cursors bound the page (Relay). */
export function pageRequest(args: PageArgs): PageRequest {
  const first = pageSize(args.first, "first");
  const last = pageSize(args.last, "last");
  if (first !== undefined && last !== undefined) {
    throw new BadUserInputError(`Arguments "first" et "last" : l'un ou l'autre, pas les deux`, "last");
  }
  const after = args.after ? decodeCursor(args.after, "after") : null;
  const before = args.before ? decodeCursor(args.before, "before") : null;
  const backward = last !== undefined || (before !== null && first === undefined);
  return { direction: backward ? "backward" : "forward", size: (backward ? last : first) ?? DEFAULT_PAGE_SIZE, after, before };
}

/** A page query's rows (read with one extra row, in the read direction) as the page, in the requested order. */
export function pageOf<T>(rows: T[], request: PageRequest): { page: T[]; hasNextPage: boolean; hasPreviousPage: boolean } {
  const hasMore = rows.length > request.size;
  const page = hasMore ? rows.slice(0, request.size) : rows;
  if (request.direction === "backward") page.reverse();
  return {
    page,
    hasNextPage: request.direction === "forward" ? hasMore : request.before !== null,
    hasPreviousPage: request.direction === "backward" ? hasMore : request.after !== null,
  };
}

/**
 * Turns the rows of a page query (read with one extra row, in the read direction) into a connection.
 * `cursorOf` gives each row's sort value and key.
 */
export function toConnection<T>(
  rows: T[],
  request: PageRequest,
  cursorOf: (row: T) => CursorValue,
  totalCount: () => Promise<number>,
): Connection<T> {
  const { page, hasNextPage, hasPreviousPage } = pageOf(rows, request);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  let count: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return (count ??= totalCount());
    },
  };
}
