import DataLoader from "dataloader";
import type { EntityManager, EntityMetadata } from "typeorm";
import { createHash } from "node:crypto";
import { checkCursorTag, toConnection, type Connection, type CursorValue, type PageRequest } from "../common/pagination";
import { LruCache } from "../common/lru-cache";
import type { Ordering } from "../common/ordering";
import { SqlParams } from "./sql";

export type { Ordering };

/**
 * Lists read straight into plain rows (no entity hydration: it dominates the cost of long lists),
 * with keyset pagination on (sort expression, unique key) so a page never skips or repeats a row.
 */
export interface ListSource {
  /** FROM clause, with the alias the expressions use: `commune c`. */
  from: string;
  /** The alias of the listed entity's table in `from` (`c`): its row is `c.*`. */
  alias: string;
  /** Select list giving the GraphQL type's property names. */
  select: string;
  /** Unique key of a row, last sort key: `c.code`. */
  key: string;
}

export interface Filter {
  /** Condition on the source's alias, its placeholders numbered from $1 in `params`. */
  where: string;
  params: SqlParams;
  /**
   * With a search text: how well each row matches (src/db/text-search.ts), the order when the client asks for
   * none. It may use the placeholders of `params` (a statement reading it carries the filter's parameters).
   */
  rank?: string;
}

/** What a list reads, before paging: rows, filter and order. */
export interface ListSpec {
  source: ListSource;
  filter: Filter;
  ordering: Ordering;
}

/** A list nested under a parent row: `parent` is the expression holding the parent's key (`m.department_code`). */
export interface NestedListSpec extends ListSpec {
  parent: string;
}

interface PagedRow {
  __sort: string | number | null;
  __key: string | number;
}

/** The select list of an entity's columns under `alias`, named after the entity's properties. */
export function selectColumns(metadata: EntityMetadata, alias: string, omit: string[] = []): string {
  return metadata.columns
    .filter((column) => !omit.includes(column.propertyPath))
    .map((column) => {
      // Enum arrays are cast to text[]: both drivers then return a JavaScript array.
      const value =
        column.type === "enum" && column.isArray ? `${alias}.${column.databaseName}::text[]` : `${alias}.${column.databaseName}`;
      return `${value} AS "${column.propertyPath}"`;
    })
    .join(", ");
}

/** Rows selected with dotted names (`diagnostic.summary`) become nested objects, as embedded columns are. */
export function nestDotted<T>(row: Record<string, unknown>): T {
  for (const name of Object.keys(row)) {
    const dot = name.indexOf(".");
    if (dot < 0) continue;
    const head = name.slice(0, dot);
    const nested = (row[head] ??= {}) as Record<string, unknown>;
    nested[name.slice(dot + 1)] = row[name];
    delete row[name];
  }
  return row as T;
}

export function orderClause(ordering: Ordering, key: string, descending: boolean): string {
  const direction = descending ? "DESC" : "ASC";
  return `${ordering.expression} ${direction}, ${key} ${direction}`;
}

/**
 * Identifies the list, sort and filter a cursor belongs to, so a cursor is never applied to another
 * order or another filter (its position would mean nothing there: a silently empty or wrong page).
 */
const cursorTags = new LruCache<string, string>(2_000);

export function cursorTag({ source, ordering, filter }: ListSpec): string {
  // Hashed once per list, order and filter values, not on every page request. Placeholder numbers are left out: a
  // search rank's depends on the other filters, and compiled reads renumber them.
  const shape = [source.from, ordering.expression, ordering.descending, filter.where, JSON.stringify(filter.params.values)]
    .join("|")
    .replace(/\$\d+/g, "$");
  let tag = cursorTags.get(shape);
  if (tag === undefined) {
    tag = createHash("sha1").update(shape).digest("base64url").slice(0, 8);
    cursorTags.set(shape, tag);
  }
  return tag;
}

/**
 * Keyset bounds of the page in the requested order: rows after `after` and before `before`.
 * Comparing typed columns with the cursor's JSON values keeps the parameters' types explicit.
 */
export function boundConditions(spec: ListSpec, request: PageRequest, params: SqlParams): string[] {
  const { source, ordering } = spec;
  const tag = cursorTag(spec);
  const conditions: string[] = [];
  for (const [bound, later] of [
    [request.after, true],
    [request.before, false],
  ] as const) {
    if (!bound) continue;
    checkCursorTag(bound, tag);
    const [, sortValue, key] = bound.value;
    const greater = later !== ordering.descending;
    conditions.push(`(${ordering.expression}, ${source.key}) ${greater ? ">" : "<"} (${params.param(sortValue)}, ${params.param(key)})`);
  }
  return conditions;
}

const cursorOf =
  (tag: string) =>
  (row: PagedRow): CursorValue => [tag, row.__sort, row.__key];

/** One page of a root list, and its total count on demand (same filter, same parameters). */
export async function fetchPage<T>(
  manager: EntityManager,
  spec: ListSpec,
  request: PageRequest,
  mapRow: (row: Record<string, unknown>) => T = (row) => row as T,
): Promise<Connection<T>> {
  const { source, filter, ordering } = spec;
  const params = new SqlParams();
  params.values.push(...filter.params.values);
  const descending = ordering.descending !== (request.direction === "backward");
  const conditions = [filter.where, ...boundConditions(spec, request, params)];
  const rows: Array<Record<string, unknown> & PagedRow> = await manager.query(
    `SELECT ${source.select}, ${ordering.expression} AS "__sort", ${source.key} AS "__key"
     FROM ${source.from} WHERE ${conditions.map((c) => `(${c})`).join(" AND ")}
     ORDER BY ${orderClause(ordering, source.key, descending)} LIMIT ${request.size + 1}`,
    params.values,
  );
  return toConnection(
    rows.map((row) => Object.assign(mapRow(row) as object, { __sort: row.__sort, __key: row.__key }) as T & PagedRow),
    request,
    cursorOf(cursorTag(spec)),
    async () => {
      const [{ n }] = await manager.query(`SELECT count(*) AS n FROM ${source.from} WHERE ${filter.where}`, filter.params.values);
      return Number(n);
    },
  );
}

/**
 * Pages of a nested list for many parents in one statement (a window per parent), plus a batched
 * count per parent, so `department { communes(first: 50) }` over 100 départements costs two queries.
 */
export function pageLoader<K extends string | number, T>(
  manager: EntityManager,
  spec: NestedListSpec,
  request: PageRequest,
  mapRow: (row: Record<string, unknown>) => T = (row) => row as T,
): DataLoader<K, Connection<T>> {
  const { source, filter, ordering, parent } = spec;
  const countLoader = new DataLoader<K, number>(async (keys) => {
    const params = new SqlParams();
    params.values.push(...filter.params.values);
    const rows: Array<{ parent: K; n: number }> = await manager.query(
      `SELECT ${parent} AS parent, count(*) AS n FROM ${source.from}
       WHERE ${parent} = ANY(${params.param([...keys])}) AND (${filter.where}) GROUP BY 1`,
      params.values,
    );
    const counts = new Map(rows.map((r) => [r.parent, Number(r.n)]));
    return keys.map((key) => counts.get(key) ?? 0);
  });

  return new DataLoader<K, Connection<T>>(async (keys) => {
    const params = new SqlParams();
    params.values.push(...filter.params.values);
    const descending = ordering.descending !== (request.direction === "backward");
    const conditions = [`${parent} = ANY(${params.param([...keys])})`, filter.where, ...boundConditions(spec, request, params)];
    const order = orderClause(ordering, source.key, descending);
    const rows: Array<Record<string, unknown> & PagedRow & { __parent: K }> = await manager.query(
      `SELECT * FROM (
         SELECT ${source.select}, ${ordering.expression} AS "__sort", ${source.key} AS "__key", ${parent} AS "__parent",
                row_number() OVER (PARTITION BY ${parent} ORDER BY ${order}) AS "__rn"
         FROM ${source.from} WHERE ${conditions.map((c) => `(${c})`).join(" AND ")}
       ) page WHERE "__rn" <= ${request.size + 1} ORDER BY "__parent", "__rn"`,
      params.values,
    );
    const byParent = new Map<K, Array<T & PagedRow>>();
    for (const row of rows) {
      const list = byParent.get(row.__parent) ?? [];
      list.push(Object.assign(mapRow(row) as object, { __sort: row.__sort, __key: row.__key }) as T & PagedRow);
      byParent.set(row.__parent, list);
    }
    const toCursor = cursorOf(cursorTag(spec));
    return keys.map((key) => toConnection(byParent.get(key) ?? [], request, toCursor, () => countLoader.load(key)));
  });
}

const entitySources = new WeakMap<EntityMetadata, Map<string, ListSource>>();

/** The list source of an entity's table under `alias` (memoised: the select list is built once). */
export function entitySource(manager: EntityManager, entity: Function, alias: string, key: string, join = ""): ListSource {
  const metadata = manager.connection.getMetadata(entity);
  let byShape = entitySources.get(metadata);
  if (!byShape) entitySources.set(metadata, (byShape = new Map()));
  const shape = `${alias}|${key}|${join}`;
  let source = byShape.get(shape);
  if (!source) {
    source = { from: `${metadata.tableName} ${alias}${join ? ` ${join}` : ""}`, alias, select: selectColumns(metadata, alias), key };
    byShape.set(shape, source);
  }
  return source;
}

/**
 * Rows of an entity whose `column` is one of `keys`, as plain objects (the batch query of a loader).
 * `join` and a different `keyExpression` let a loader reach rows through a link table.
 */
export function rowsByKeys<T>(
  manager: EntityManager,
  entity: Function,
  alias: string,
  keyExpression: string,
  keys: ReadonlyArray<string | number>,
  options: { join?: string; order?: string; mapRow?: (row: Record<string, unknown>) => T } = {},
): Promise<Array<T & { __key: string | number }>> {
  const source = entitySource(manager, entity, alias, keyExpression, options.join);
  const order = options.order ? ` ORDER BY ${options.order}` : "";
  return manager
    .query(`SELECT ${source.select}, ${keyExpression} AS "__key" FROM ${source.from} WHERE ${keyExpression} = ANY($1)${order}`, [keys])
    .then((rows: Array<Record<string, unknown>>) =>
      rows.map(
        (row) =>
          Object.assign((options.mapRow ? options.mapRow(row) : row) as object, { __key: row.__key }) as T & { __key: string | number },
      ),
    );
}
