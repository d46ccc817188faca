/**
 * Restricted fields (internal notes, budgets, contact details): readable only by some callers. `@Restricted()` marks
 * the entity property; the GraphQL field of the same name is a resolver that checks the caller, then returns the
 * column as it is (or, for a reserved note, null). Compiled reads, whose one statement cannot ask, read the column
 * only for a caller who reads every restricted field (`readsAllRestricted`: the resolvers would let them all through);
 * for any other caller the operation goes to the resolvers. Compiled SQL is cached per kind of caller
 * (src/graph/sql-reader.ts), and compiled reads refuse to start when another mapping would read a restricted column
 * (src/graph/compile/columns.ts).
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
