import DataLoader from "dataloader";

type Key = string | number;

/** A loader returning at most one row per key, in key order, `null` for a missing key. */
export function oneByKey<K extends Key, V>(
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const row of await fetch([...keys])) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader returning every row of each key, in key order, `[]` for a key without rows. */
export function manyByKey<K extends Key, V>(
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const byKey = new Map<K, V[]>();
    for (const row of await fetch([...keys])) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/** A row read by `rowsByKeys`, carrying the key it was found by. */
export interface RowKey { __key: string | number }

/** `oneByKey` for rows read by `rowsByKeys`: the key is the row's `__key`. */
export function oneByRowKey<K extends Key, V>(fetch: (keys: K[]) => Promise<Array<V & RowKey>>): DataLoader<K, V | null> {
  return oneByKey<K, V & RowKey>(fetch, (row) => row.__key as K) as DataLoader<K, V | null>;
}

/** `manyByKey` for rows read by `rowsByKeys`. */
export function manyByRowKey<K extends Key, V>(fetch: (keys: K[]) => Promise<Array<V & RowKey>>): DataLoader<K, V[]> {
  return manyByKey<K, V & RowKey>(fetch, (row) => row.__key as K) as DataLoader<K, V[]>;
}
