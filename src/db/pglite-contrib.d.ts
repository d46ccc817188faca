// PGlite's contrib extensions are published under `exports` subpaths, which this project's `moduleResolution: node`
// does not read for types (Node itself resolves them at run time): their declarations, as the package gives them.
declare module "@electric-sql/pglite/contrib/pg_trgm" {
  import type { Extension } from "@electric-sql/pglite";
  export const pg_trgm: Extension;
}

declare module "@electric-sql/pglite/contrib/unaccent" {
  import type { Extension } from "@electric-sql/pglite";
  export const unaccent: Extension;
}
