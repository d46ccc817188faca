import type { EntityManager } from "typeorm";
import { todayInFrance, type IsoDate } from "../common/date";
import { createConventionLoaders } from "../convention/convention.loaders";
import { createTerritoryLoaders } from "../territory/territory.loaders";

export function createLoaders(manager: EntityManager) {
  return { ...createTerritoryLoaders(manager), ...createConventionLoaders(manager) };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver receives: built fresh for each request, so loaders never share a cache across callers. */
export interface HubContext {
  manager: EntityManager;
  loaders: Loaders;
  /** The day "today" means for this request (Europe/Paris). */
  today: IsoDate;
}

export function createContext(manager: EntityManager): HubContext {
  return { manager, loaders: createLoaders(manager), today: todayInFrance() };
}
