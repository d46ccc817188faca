import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import type { IsoDate } from "../common/date";

/**
 * What a service knows of the request it serves, always its first argument (Vendure's RequestContext habit):
 * where to read and write, who asks, and the day "today" means. The GraphQL context is one (src/graph/context.ts);
 * the command line and the HTTP routes build theirs.
 */
export interface RequestScope {
  /** Where reads go: the primary, or a read replica for a query operation when replicas are configured. */
  manager: EntityManager;
  /** Who is asking, from the request's token (the command line's own viewer for the CLI). */
  viewer: Viewer;
  /** The day "today" means for this request (Europe/Paris). */
  today: IsoDate;
}

/** What a read that does not depend on the caller needs of the request. */
export type ReadScope = Pick<RequestScope, "manager" | "today">;
