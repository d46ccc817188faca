import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";

/**
 * Keeps a remote cache from slowing or failing requests: each call is bounded by `timeoutMs`, and after
 * a failure the cache is skipped (every read a miss, writes dropped) for `pauseMs` before it is tried
 * again. A Redis outage then costs one slow request, not one per request.
 */
export class GuardedCache implements KeyValueCache<string> {
  private pausedUntil = 0;

  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly onFailure: (error: unknown) => void,
    private readonly timeoutMs = 250,
    private readonly pauseMs = 5_000,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.guard(() => this.inner.get(key), undefined);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.guard(() => this.inner.set(key, value, options), undefined);
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: the signature of Apollo's KeyValueCache.delete, which this wraps.
  delete(key: string): Promise<boolean | void> {
    return this.guard(() => this.inner.delete(key), false);
  }

  private async guard<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    if (Date.now() < this.pausedUntil) return fallback;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`cache did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      return await Promise.race([call(), timeout]);
    } catch (error) {
      this.pausedUntil = Date.now() + this.pauseMs;
      this.onFailure(error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}
