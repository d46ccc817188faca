import type { MigrationInterface, QueryRunner } from "typeorm";

/** The indexed names, each a GIN trigram index on `search_text(column)` (src/db/text-search.ts). */
const SEARCH_INDEXES: ReadonlyArray<readonly [name: string, table: string, column: string]> = [
  ["commune_name_search", "commune", "name"],
  ["intercommunality_name_search", "intercommunality", "name"],
  ["convention_title_search", "convention", "title"],
  ["convention_reference_search", "convention", "reference"],
  ["partner_association_name_search", "partner_association", "name"],
  ["action_title_search", "action", "title"],
];

/**
 * Search that finds what people type: `search_text` folds a text to lower-case ASCII words — accents removed
 * (unaccent), every run of other characters (hyphen, apostrophe, punctuation, spaces) one space — so that
 * `saint dizier` finds Saint-Dizier and `l'ile` or `l ile` finds L'Île-Rousse; pg_trgm ranks and indexes it.
 * `unaccent()` is only STABLE (its dictionary could change): the function names the dictionary and is declared
 * IMMUTABLE, the usual way to index it. Both extensions ship with PostgreSQL's contrib and with PGlite.
 */
export class TextSearch1795640000000 implements MigrationInterface {
  name = "TextSearch1795640000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await queryRunner.query(
      `CREATE FUNCTION public.search_text(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '[^a-z0-9]+', ' ', 'g')) $$`,
    );
    for (const [name, table, column] of SEARCH_INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" USING gin (public.search_text("${column}") public.gin_trgm_ops)`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of SEARCH_INDEXES) await queryRunner.query(`DROP INDEX "public"."${name}"`);
    await queryRunner.query(`DROP FUNCTION public.search_text(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
