import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import type { IsoDate } from "../common/date";
import type { LoaderRegistry } from "./loaders";

/**
 * What every resolver receives, built fresh for each request (src/server/context.ts), so loaders never
 * share a cache across callers. It knows no domain: loaders come from the registry.
 */
export interface HubContext {
  /** Where reads go: the primary, or a read replica for a query operation when replicas are configured. */
  manager: EntityManager;
  /** The request's DataLoaders, derived from the declarations (src/graph/loaders.ts). */
  loaders: LoaderRegistry;
  /** The day "today" means for this request (Europe/Paris). */
  today: IsoDate;
  /** Who is asking, from the request's token. */
  viewer: Viewer;
  /** Correlates the request's log line and response (`x-request-id`). */
  requestId: string;
}
