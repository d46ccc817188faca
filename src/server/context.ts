import type { EntityManager } from "typeorm";
import { ANONYMOUS, type Viewer } from "../auth/viewer";
import { todayInFrance, type IsoDate } from "../common/date";
import { LoaderRegistry } from "../graph/loaders";
import type { HubContext } from "../graph/context";

export type { HubContext };

/**
 * A request's context. Its loader registry is built on first use: a compiled read never uses it. The
 * getter lives on the prototype, which Apollo's context clone (Object.assign onto an object of the
 * same prototype) keeps: the clone builds its own registry when first asked.
 */
class RequestContext implements HubContext {
  private built: LoaderRegistry | undefined = undefined;

  constructor(
    public manager: EntityManager,
    public viewer: Viewer,
    public requestId: string,
    public today: IsoDate,
  ) {}

  get loaders(): LoaderRegistry {
    return (this.built ??= new LoaderRegistry(this.manager));
  }

  set loaders(loaders: LoaderRegistry) {
    this.built = loaders;
  }
}

export function createContext(manager: EntityManager, viewer: Viewer = ANONYMOUS, requestId = ""): HubContext {
  return new RequestContext(manager, viewer, requestId, todayInFrance());
}

/** Points a request's reads at another database (a read replica): its manager and loaders go together. */
export function useManager(context: HubContext, manager: EntityManager): void {
  context.manager = manager;
  context.loaders = new LoaderRegistry(manager);
}
