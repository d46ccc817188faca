import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLField, type GraphQLObjectType } from "graphql";
import { collectSubfields } from "graphql/execution/collectFields";
import { encodeCursor, pageOf, pageRequest, type PageArgs, type PageRequest } from "../../common/pagination";
import { boundConditions, cursorTag, orderClause } from "../../db/list-query";
import type { Compiler } from "./compiler";
import { MAX_KEYS_PER_OBJECT, cursorSql, sqlJson, referencedColumns } from "./json";
import { NotCompilable, type Args, type Assemble, type SqlField } from "./types";

/**
 * Where to-one relations of the rows aliased `outer` become LEFT JOINs instead of one subquery per
 * row: the FROM that reads those rows (a page of a connection, the rows of a list). PostgreSQL then
 * picks the join (a hash join on a small table rather than hundreds of lookups). In a page, the
 * joined row is carried as a column, its JSON built after the LIMIT: before it, every matching row
 * would pay for it (a national list sorted by population: 35,000 communes for 100 kept).
 */
export interface JoinScope {
  outer: string;
  inner: string;
  joins: string[];
  /** Columns the joining SELECT must add (the joined rows); null when the objects are built in that SELECT itself. */
  columns: string[] | null;
}

/** A connection compiled against its parent row: as one JSON value, or as its page's rows. */
export interface ConnectionSql {
  object: () => string;
  /** The page's rows in read order (the extra one included when pageInfo needs it): sort value, key and `select`'s columns. */
  rows: (select: () => string[]) => string;
  /** The total, as a scalar subquery. */
  count: () => string;
  request: PageRequest;
  /** The cursors' tag (see cursorTag). */
  tag: string;
  /** The alias `rows` gives the page. */
  alias: string;
}

/**
 * A Relay connection as `fetchPage` / `pageLoader` build it: the page in the read direction, with one
 * extra row when pageInfo needs to know whether there are more; edges, pageInfo and totalCount
 * aggregated from it. The aggregates read the page in its subquery's order (one sorted subquery,
 * no join, no grouping: PostgreSQL keeps that order), which spares sorting the page's JSON again.
 * Rows are numbered after the LIMIT: a window before it would sort every matching row.
 */
export function compileConnection(
  c: Compiler,
  definition: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  row: string,
  args: Args,
  sql: Extract<SqlField, { kind: "connection" }>,
): ConnectionSql {
  const connectionType = getNamedType(definition.type);
  if (!isObjectType(connectionType)) throw new NotCompilable("connection type");
  const fields = collectSubfields(c.schema, c.fragments, c.variables, connectionType, nodes);
  if (fields.size > MAX_KEYS_PER_OBJECT) throw new NotCompilable("too many fields");
  const page = pageRequest(args as PageArgs);
  const declared = sql.list(args, c.scope);
  const parentCondition = sql.parentKey && "parent" in declared ? `${declared.parent} = ${sql.parentKey(row)}` : null;
  if (sql.parentKey && parentCondition === null) throw new NotCompilable("nested list without parent");
  const spec = c.embed(declared);
  const { source, ordering } = spec;
  const where = spec.filter.where;
  const forward = page.direction === "forward";
  const descending = ordering.descending !== !forward;
  const conditions = [parentCondition, where, ...boundConditions(spec, page, c.params)].filter((c): c is string => c !== null);
  const order = orderClause(ordering, source.key, descending);
  const selected = new Set([...fields.values()].map((fieldNodes) => fieldNodes[0].name.value));
  // Numbered rows (and the extra one) only for pageInfo, or to reverse a backward page.
  const numbered = selected.has("pageInfo") || !forward;
  const t = c.alias();
  const inPage = numbered ? ` FILTER (WHERE ${t}."__rn" <= ${page.size})` : "";
  const cursor = cursorSql(t, cursorTag(spec));
  const firstCursor = (direction: "ASC" | "DESC") => `(array_agg(${cursor} ORDER BY ${t}."__rn" ${direction})${inPage})[1]`;
  const hasMore = `(count(*) > ${page.size})`;
  // A backward page was read reversed: its edges are put back in the requested order.
  const reverse = forward ? "" : ` ORDER BY ${t}."__rn" DESC`;

  // Its own count: a window over every matching row would keep them all (measured slower than a second scan).
  const count = (): string => {
    const countConditions = [parentCondition, where].filter((c): c is string => c !== null);
    return `(SELECT count(*) FROM ${source.from} WHERE ${countConditions.map((c) => `(${c})`).join(" AND ")})`;
  };

  const edgeObject = (edgeNodes: readonly FieldNode[]): string => {
    const edgeType = c.subtype(connectionType, "edges");
    const edgePairs: Array<[string, string]> = [];
    for (const [edgeKey, fieldNodes] of collectSubfields(c.schema, c.fragments, c.variables, edgeType, edgeNodes)) {
      const edgeField = fieldNodes[0].name.value;
      const edgeValue =
        edgeField === "__typename"
          ? sqlJson.string(edgeType.name)
          : edgeField === "cursor"
            ? sqlJson.value(cursor)
            : edgeField === "node"
              ? c.subobject(c.subtype(edgeType, "node"), fieldNodes, t)
              : null;
      if (edgeValue === null) throw new NotCompilable(`${edgeType.name}.${edgeField}`);
      edgePairs.push([edgeKey, edgeValue]);
    }
    return sqlJson.object(edgePairs);
  };

  const connectionField = (name: string, fieldNodes: readonly FieldNode[]): string => {
    switch (name) {
      case "__typename":
        return sqlJson.string(connectionType.name);
      case "totalCount":
        return sqlJson.value(count());
      case "pageInfo":
        return c.leaves(c.subtype(connectionType, name), fieldNodes, {
          hasNextPage: sqlJson.value(forward ? hasMore : String(page.before !== null)),
          hasPreviousPage: sqlJson.value(forward ? String(page.after !== null) : hasMore),
          startCursor: sqlJson.value(firstCursor(forward ? "ASC" : "DESC")),
          endCursor: sqlJson.value(firstCursor(forward ? "DESC" : "ASC")),
        });
      case "edges":
        return sqlJson.array(edgeObject(fieldNodes), reverse, inPage);
      default:
        throw new NotCompilable(`${connectionType.name}.${name}`);
    }
  };

  /** `select` built with the nodes' to-one relations joined in the page's query (see JoinScope), over that page. */
  const overPage = (select: () => string, numberRows: boolean): string => {
    const { value, scope } = c.withJoins({ outer: t, inner: source.alias, columns: [] }, select);
    // Only the columns the page's JSON reads travel through the sort: whole rows (texts included) cost
    // the national list's scan five times its filtering.
    const columns = referencedColumns(value, t)
      .map((column) => `${source.alias}.${column}, `)
      .join("");
    const joined = (scope.columns ?? []).map((column) => `, ${column}`).join("");
    const pageRows = `SELECT ${columns}${ordering.expression} AS "__sort", ${source.key} AS "__key"${joined}
      FROM ${source.from} ${scope.joins.join(" ")} WHERE ${conditions.map((c) => `(${c})`).join(" AND ")}
      ORDER BY ${order} LIMIT ${page.size + (numbered ? 1 : 0)}`;
    const rows = numberRows ? `SELECT p.*, row_number() OVER () AS "__rn" FROM (${pageRows}) p` : pageRows;
    return `SELECT ${value} FROM (${rows}) ${t}`;
  };

  return {
    object: () =>
      `(${overPage(() => {
        return sqlJson.object(
          [...fields].map(([key, fieldNodes]) => [key, connectionField(fieldNodes[0].name.value, fieldNodes)] as const),
        );
      }, numbered)})`,
    rows: (select) => overPage(() => [`${t}."__sort"`, `${t}."__key"`, ...select()].join(", "), false),
    count,
    request: page,
    tag: cursorTag(spec),
    alias: t,
  };
}

/**
 * A root connection read as its page's rows (sort value, key, one JSON column per node selection, the
 * total when asked) and paged by `pageOf`, as the resolvers' lists are; null when it selects
 * something else than edges, pageInfo, totalCount or __typename.
 */
export function compileRootConnection(
  c: Compiler,
  query: GraphQLObjectType,
  nodes: readonly FieldNode[],
): { sql: string; assemble: Assemble } | null {
  const name = nodes[0].name.value;
  const definition = query.getFields()[name];
  const sql = c.types.get(query.name)?.fields.get(name);
  const connectionType = definition ? getNamedType(definition.type) : undefined;
  if (!definition || sql?.kind !== "connection" || !isObjectType(connectionType)) return null;
  const fields = [...collectSubfields(c.schema, c.fragments, c.variables, connectionType, nodes)];
  const known = new Set(["edges", "pageInfo", "totalCount", "__typename"]);
  if (!fields.every(([, fieldNodes]) => known.has(fieldNodes[0].name.value))) return null;
  const edgeType = c.subtype(connectionType, "edges");
  const pageInfoType = c.subtype(connectionType, "pageInfo");
  const nodeType = c.subtype(edgeType, "node");
  const subfields = (type: GraphQLObjectType, fieldNodes: readonly FieldNode[]) =>
    [...collectSubfields(c.schema, c.fragments, c.variables, type, fieldNodes)].map(([key, n]) => ({
      key,
      name: n[0].name.value,
      nodes: n,
    }));

  const page = compileConnection(c, definition, nodes, "", getArgumentValues(definition, nodes[0], c.variables), sql);
  // Each `node` selection (under any edges alias) is one JSON column of the row: n0, n1…
  const nodeSelections: Array<readonly FieldNode[]> = [];
  const shapes = fields.map(([key, fieldNodes]) => {
    const field = fieldNodes[0].name.value;
    const parts =
      field === "edges"
        ? subfields(edgeType, fieldNodes).map((part) => {
            if (part.name === "node") nodeSelections.push(part.nodes);
            return { ...part, column: `n${nodeSelections.length - 1}` };
          })
        : field === "pageInfo"
          ? subfields(pageInfoType, fieldNodes).map((part) => ({ ...part, column: "" }))
          : [];
    return { key, field, parts };
  });
  for (const shape of shapes.filter((s) => s.field === "edges")) {
    for (const part of shape.parts)
      if (!["cursor", "node", "__typename"].includes(part.name)) throw new NotCompilable(`${edgeType.name}.${part.name}`);
  }
  const rows = page.rows(() => nodeSelections.map((selection, i) => `${c.subobject(nodeType, selection, page.alias)} AS "n${i}"`));
  const withTotal = shapes.some((shape) => shape.field === "totalCount");
  // The total as a one-row relation the page is laterally joined to: an empty page still gives its row.
  const statement = withTotal
    ? `SELECT page.*, total."__total" FROM (SELECT ${page.count()} AS "__total") total LEFT JOIN LATERAL (${rows}) page ON true`
    : rows;

  return {
    sql: statement,
    assemble: (result, read) => {
      const total = withTotal ? Number(result[0]?.__total ?? 0) : 0;
      const {
        page: pageRows,
        hasNextPage,
        hasPreviousPage,
      } = pageOf(withTotal ? result.filter((row) => row.__key !== null) : result, page.request);
      // Cursors as toConnection writes them, computed only when asked for.
      const cursors = new Map<Record<string, unknown>, string>();
      const cursorOf = (row: Record<string, unknown>): string => {
        let cursor = cursors.get(row);
        if (cursor === undefined)
          cursors.set(row, (cursor = encodeCursor([page.tag, row.__sort as string | number, row.__key as string | number])));
        return cursor;
      };
      const info: Record<string, () => unknown> = {
        hasNextPage: () => hasNextPage,
        hasPreviousPage: () => hasPreviousPage,
        startCursor: () => (pageRows.length > 0 ? cursorOf(pageRows[0]) : null),
        endCursor: () => (pageRows.length > 0 ? cursorOf(pageRows[pageRows.length - 1]) : null),
        __typename: () => pageInfoType.name,
      };
      // Prototype-less, as graphql-js builds results: an alias may be any name, even "__proto__".
      const object: Record<string, unknown> = Object.create(null);
      for (const shape of shapes) {
        if (shape.field === "__typename") object[shape.key] = connectionType.name;
        else if (shape.field === "totalCount") object[shape.key] = total;
        else if (shape.field === "pageInfo")
          object[shape.key] = Object.fromEntries(shape.parts.map((part) => [part.key, info[part.name]()]));
        else {
          object[shape.key] = pageRows.map((row) => {
            const edge: Record<string, unknown> = Object.create(null);
            for (const part of shape.parts) {
              edge[part.key] =
                part.name === "cursor" ? cursorOf(row) : part.name === "node" ? read(row[part.column] as string) : edgeType.name;
            }
            return edge;
          });
        }
      }
      return object;
    },
  };
}
