import DataLoader from "dataloader";
import type { EntityManager } from "typeorm";
import { type Connection, type PageRequest } from "../common/pagination";
import { entitySource, nestDotted, pageLoader, type NestedListSpec } from "../db/list-query";
import type { ManyRelation, NodeClass } from "./declare";
import { columnOf, tableOf } from "./metadata";
import { tagType } from "./type-tag";

type Key = string | number;
type Row = Record<string, unknown>;

/**
 * The request's DataLoaders, created on first use and keyed by what they read (`one:commune.code`),
 * so every relation reading the same rows by the same key shares one batch: `Action.convention`,
 * `Objective.convention` and `Partnership.convention` are one `convention.id` loader. It knows no
 * domain: loaders are derived from the declarations (src/graph/declare.ts) and the entity metadata.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<Key, unknown>>();

  constructor(readonly manager: EntityManager) {}

  private get<K extends Key, V>(id: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(id) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(id, loader as unknown as DataLoader<Key, unknown>);
    }
    return loader;
  }

  /**
   * A batch a hand-written field resolver names itself (figures per parent, not a declared relation): one
   * statement per request and `id`, the batch answering in key order.
   */
  batch<V>(id: string, load: (keys: readonly Key[]) => Promise<V[]>): DataLoader<Key, V> {
    return this.get(`batch:${id}`, () => new DataLoader<Key, V>(load));
  }

  /** The row of `entity` whose `property` equals the key (null when none). */
  one<V extends object = Row>(entity: NodeClass, property: string): DataLoader<Key, V | null> {
    const table = tableOf(this.manager, entity);
    const column = columnOf(this.manager, entity, property);
    return this.get(
      `one:${table}.${column}`,
      () =>
        new DataLoader<Key, V | null>(async (keys) => {
          const source = entitySource(this.manager, entity, "t", `t.${column}`);
          const rows: Array<Row & { __key: Key }> = await this.manager.query(
            `SELECT ${source.select}, t.${column} AS "__key" FROM ${source.from} WHERE t.${column} = ANY($1)`,
            [keys],
          );
          const byKey = new Map<Key, V>();
          const toRow = rowOf(this.manager, entity);
          for (const row of rows) byKey.set(row.__key, toRow(row) as V);
          return keys.map((key) => byKey.get(key) ?? null);
        }),
    );
  }

  /** The rows of a plain to-many relation for a parent key, in the relation's order. */
  many<V extends object = Row>(relation: ManyRelation): DataLoader<Key, V[]> {
    const entity = relation.target();
    const table = tableOf(this.manager, entity);
    const link = relation.link;
    const id =
      link.kind === "column"
        ? `many:${table}.${link.to}:${relation.order("t")}`
        : link.kind === "table"
          ? `many:${link.table}.${link.parent}>${table}:${relation.order("t")}`
          : `many:${table}:${link.where("$key", "t")}:${relation.order("t")}`;
    return this.get(
      id,
      () =>
        new DataLoader<Key, V[]>(async (keys) => {
          const rows: Array<Row & { __key: Key }> = await this.manager.query(manySql(this.manager, relation, entity), [keys]);
          const byKey = new Map<Key, V[]>();
          const toRow = rowOf(this.manager, entity);
          for (const row of rows) {
            const list = byKey.get(row.__key);
            const tagged = toRow(row) as V;
            if (list) list.push(tagged);
            else byKey.set(row.__key, [tagged]);
          }
          return keys.map((key) => byKey.get(key) ?? []);
        }),
    );
  }

  /** Pages of a nested list for many parents in one statement (one loader per list and arguments). */
  page<V extends object = Row>(
    id: string,
    spec: () => NestedListSpec,
    request: PageRequest,
    entity: NodeClass,
  ): DataLoader<Key, Connection<V>> {
    const toRow = rowOf(this.manager, entity);
    return this.get(`page:${id}`, () => pageLoader<Key, V>(this.manager, spec(), request, (row) => toRow(row) as V));
  }
}

/**
 * How a row read by SQL becomes the row resolvers see: tagged with its type, and, for an entity with
 * embedded columns (`diagnostic.summary`), nested as TypeORM's embedded objects are.
 */
export function rowOf(manager: EntityManager, entity: NodeClass): (row: Row) => Row {
  const embedded = manager.connection.getMetadata(entity).embeddeds.length > 0;
  return embedded ? (row) => tagType(nestDotted<Row>(row), entity) : (row) => tagType(row, entity);
}

/** The batch statement of a to-many relation: every key's rows, keyed by `__key`, in the relation's order. */
function manySql(manager: EntityManager, relation: ManyRelation, entity: NodeClass): string {
  const link = relation.link;
  if (link.kind === "column") {
    const column = columnOf(manager, entity, link.to);
    const source = entitySource(manager, entity, "t", "t.id");
    return `SELECT ${source.select}, t.${column} AS "__key" FROM ${source.from} WHERE t.${column} = ANY($1)
            ORDER BY ${relation.order("t")}`;
  }
  if (link.kind === "table") {
    const key = columnOf(manager, entity, link.targetKey);
    const source = entitySource(manager, entity, "t", `t.${key}`, `JOIN ${link.table} l ON l.${link.child} = t.${key}`);
    return `SELECT ${source.select}, l.${link.parent} AS "__key" FROM ${source.from} WHERE l.${link.parent} = ANY($1)
            ORDER BY ${relation.order("t")}`;
  }
  // Any condition on the parent's key: each key's rows by a lateral subquery, numbered in the relation's order.
  const source = entitySource(manager, entity, "t", "t.id");
  return `SELECT r.*, k.key AS "__key" FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
          CROSS JOIN LATERAL (SELECT ${source.select}, row_number() OVER (ORDER BY ${relation.order("t")}) AS "__rn"
                              FROM ${source.from} WHERE ${link.where("k.key", "t")}) r
          ORDER BY k.n, r."__rn"`;
}
