import type DataLoader from "dataloader";
import type { Connection } from "../common/pagination";

/**
 * Per-request registry of nested-list loaders: one loader per list and per distinct arguments,
 * so every parent asking for the same page shape shares one batched statement.
 */
export class NestedPages {
  private readonly loaders = new Map<string, DataLoader<string | number, Connection<unknown>>>();

  load<K extends string | number, T>(
    list: string,
    args: unknown,
    key: K,
    create: () => DataLoader<K, Connection<T>>,
  ): Promise<Connection<T>> {
    const id = `${list}:${JSON.stringify(args)}`;
    let loader = this.loaders.get(id) as DataLoader<K, Connection<T>> | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(id, loader as unknown as DataLoader<string | number, Connection<unknown>>);
    }
    return loader.load(key);
  }
}
