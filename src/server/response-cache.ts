import type { ApolloServerPlugin } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { Viewer } from "../auth/viewer";
import type { ResponseCacheConfig } from "../config";
import type { HubContext } from "../graph/context";
import { documentMaxAge } from "../graph/cache-policy";
import { GuardedCache } from "./guarded-cache";
import { readDataVersion } from "../db/data-version";

export interface CacheLogger {
  warn(message: string): void;
}

/** A shared cache for Apollo (responses and persisted queries) that never fails a request. */
export interface HubCache {
  cache: KeyValueCache<string>;
  /** Where it lives, for the start-up log line. */
  description: string;
  close(): Promise<void>;
}

/**
 * Redis when `REDIS_URL` is set (shared by every hub process), else an in-process LRU bounded in size.
 * A Redis outage turns into cache misses: calls are bounded in time and skipped for a while after a
 * failure (GuardedCache), commands fail at once while it is away (no offline queue), and the client
 * reconnects by itself.
 */
export function createHubCache(config: ResponseCacheConfig, logger: CacheLogger): HubCache {
  if (config.redisUrl === null) {
    const memory = new InMemoryLRUCache<string>({ maxSize: config.memoryMb * 1024 * 1024 });
    return { cache: memory, description: `in memory (${config.memoryMb} MB)`, close: async () => undefined };
  }
  // Loaded only with REDIS_URL: the Redis client is 400 modules a hub with its in-memory cache never uses.
  const { createKeyv } = require("@keyv/redis") as typeof import("@keyv/redis");
  const keyv = createKeyv(
    { url: config.redisUrl, disableOfflineQueue: true, socket: { connectTimeout: 2_000 } },
    { namespace: config.namespace, throwOnConnectError: false },
  );
  let lastWarning = 0;
  const warn = (error: unknown) => {
    // One line per minute at most: a Redis outage would otherwise log on every request.
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn(`response cache: Redis unavailable, serving without cache (${error instanceof Error ? error.message : String(error)})`);
  };
  keyv.on("error", warn);
  return {
    cache: new GuardedCache(new KeyvAdapter<string>(keyv), warn),
    description: `Redis ${new URL(config.redisUrl).host}`,
    close: () => keyv.disconnect(),
  };
}

/** Who shares cached answers: callers who may see exactly the same rows and fields. */
export function cacheScope(viewer: Viewer): string {
  if (viewer.kind === "anonymous") return "anonymous";
  return [viewer.role, viewer.national ? "*" : [...viewer.departments].sort().join(","), viewer.associationId ?? ""].join("|");
}

/** Sets the request's cache policy from its document, computed once per parsed document. */
function documentPolicyPlugin(defaultMaxAge: number): ApolloServerPlugin<HubContext> {
  const maxAges = new WeakMap<DocumentNode, number>();
  const maxAgeOf = (schema: GraphQLSchema, document: DocumentNode) => {
    let maxAge = maxAges.get(document);
    if (maxAge === undefined) {
      maxAge = documentMaxAge(schema, document, defaultMaxAge);
      maxAges.set(document, maxAge);
    }
    return maxAge;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, overallCachePolicy }) {
          overallCachePolicy.restrict({ maxAge: maxAgeOf(schema, document), scope: "PUBLIC" });
        },
      };
    },
  };
}

/**
 * The response cache: query answers keyed on the document, operation, variables, the caller's scope,
 * the day "today" means and the data version — a committed write changes the version, so the next
 * read misses and sees it, in this process and every other one sharing the cache.
 */
export function responseCachePlugins(config: ResponseCacheConfig, cache: KeyValueCache<string>): ApolloServerPlugin<HubContext>[] {
  // Requests whose data version could not be read (database down, deadline spent) bypass the cache:
  // their execution then fails with the error that says why, not as a plugin failure.
  const unversioned = new WeakSet<HubContext>();
  const versioned = ({ contextValue }: { contextValue: HubContext }) => !unversioned.has(contextValue);
  return [
    documentPolicyPlugin(config.defaultMaxAgeS),
    responseCachePlugin<HubContext>({
      cache,
      extraCacheKeyData: async ({ contextValue }) => {
        try {
          return {
            version: await readDataVersion(contextValue.manager),
            scope: cacheScope(contextValue.viewer),
            today: contextValue.today,
          };
        } catch {
          unversioned.add(contextValue);
          return null;
        }
      },
      shouldReadFromCache: async (request) => versioned(request),
      shouldWriteToCache: async (request) => versioned(request),
    }),
  ];
}
