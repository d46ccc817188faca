import type { EntityManager } from "typeorm";
import { createAssociationLoaders } from "../association/association.loaders";
import { ANONYMOUS, type Viewer } from "../auth/viewer";
import { todayInFrance, type IsoDate } from "../common/date";
import { createConventionLoaders } from "../convention/convention.loaders";
import { createFacilityLoaders } from "../facility/facility.loaders";
import { createSdsfLoaders } from "../sdsf/sdsf.loaders";
import { createTerritoryLoaders } from "../territory/territory.loaders";
import { NestedPages } from "../graph/nested-pages";

export function createLoaders(manager: EntityManager) {
  return {
    ...createTerritoryLoaders(manager),
    ...createConventionLoaders(manager),
    ...createAssociationLoaders(manager),
    ...createFacilityLoaders(manager),
    ...createSdsfLoaders(manager),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver receives: built fresh for each request, so loaders never share a cache across callers. */
export interface HubContext {
  /** Where reads go: the primary, or a read replica for a query operation when replicas are configured. */
  manager: EntityManager;
  loaders: Loaders;
  /** Loaders of nested paginated lists, one per list and arguments. */
  pages: NestedPages;
  /** The day "today" means for this request (Europe/Paris). */
  today: IsoDate;
  /** Who is asking, from the request's token. */
  viewer: Viewer;
  /** Correlates the request's log line and response (`x-request-id`). */
  requestId: string;
}

/**
 * A request's context. Its loaders (thirty-odd DataLoaders) are built on first use: a compiled read
 * (src/graphql/sql-read.ts) never uses them, and building them was a sixth of a small request's CPU.
 * The getter lives on the prototype, which Apollo's context clone (Object.assign onto an object of
 * the same prototype) keeps: the clone builds its own loaders when first asked.
 */
class RequestContext implements HubContext {
  private built: Loaders | undefined = undefined;
  readonly pages = new NestedPages();

  constructor(
    public manager: EntityManager,
    public viewer: Viewer,
    public requestId: string,
    public today: IsoDate,
  ) {}

  get loaders(): Loaders {
    return (this.built ??= createLoaders(this.manager));
  }

  set loaders(loaders: Loaders) {
    this.built = loaders;
  }
}

export function createContext(manager: EntityManager, viewer: Viewer = ANONYMOUS, requestId = ""): HubContext {
  return new RequestContext(manager, viewer, requestId, todayInFrance());
}

/** Points a request's reads at another database (a read replica): its manager and loaders go together. */
export function useManager(context: HubContext, manager: EntityManager): void {
  context.manager = manager;
  context.loaders = createLoaders(manager);
}
