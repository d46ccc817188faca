/**
 * Restricted fields (internal notes, budgets, contact details): readable only by some callers, so
 * they are read by resolvers that check the caller, never by compiled reads, whose one statement
 * cannot ask. `@Restricted()` marks the entity property; compiled reads refuse to start when a
 * mapping would read its column (src/graph/compile/columns.ts).
 */
const restricted = new Map<Function, Set<string>>();

export function Restricted(): PropertyDecorator {
  return (prototype, property) => {
    const entity = prototype.constructor;
    let properties = restricted.get(entity);
    if (!properties) restricted.set(entity, (properties = new Set()));
    properties.add(String(property));
  };
}

/** The restricted properties of an entity, its base classes' included. */
export function restrictedProperties(entity: Function): Set<string> {
  const found = new Set<string>();
  for (let cls: Function | null = entity; cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls) as Function | null) {
    for (const property of restricted.get(cls) ?? []) found.add(property);
  }
  return found;
}
