import type { RequestScope } from "../db/request-scope";
import type { LoaderRegistry } from "./loaders";

/**
 * What every resolver receives, built fresh for each request (src/server/context.ts), so loaders never
 * share a cache across callers. It knows no domain: loaders come from the registry.
 */
export interface HubContext extends RequestScope {
  /** The request's DataLoaders, derived from the declarations (src/graph/loaders.ts). */
  loaders: LoaderRegistry;
  /** Correlates the request's log line and response (`x-request-id`). */
  requestId: string;
}
