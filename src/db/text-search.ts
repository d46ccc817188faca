import type { SqlParams } from "./sql";

/**
 * The one rule of every list's `search` text. Names match ignoring case, accents, hyphens, apostrophes and
 * punctuation, and the order of the words: the text is cut into words at spaces, and a row matches when its
 * column contains each of them, both sides folded by `search_text` (migration TextSearch: unaccent, lower case,
 * every run of other characters one space) — `saint dizier` → Saint-Dizier, `epinal` → Épinal, `l'ile` or `l ile`
 * → L'Île-Rousse, `canet roussillon` → Canet-en-Roussillon. A GIN trigram index on `search_text(column)` serves
 * each word. Codes (INSEE, SIREN, RNA…) keep their exact conditions.
 */
export interface TextSearch {
  /** The condition on the row: a column contains the text, or one of the exact conditions holds. */
  where: string;
  /**
   * How well the row matches, lower first: pg_trgm's similarity of the folded texts (1 for the same words, less as
   * the name holds more besides), of the best column, as an integer (millionths) so that cursors compare exactly.
   */
  rank: string;
}

const SCALE = 1_000_000;

/**
 * What separates words: spaces. A hyphen or an apostrophe typed binds its words (`ctg-66`, `l'ile`: each folds to
 * one phrase, `ctg 66`, `l ile`, that must appear as such); spaces let words match in any order.
 */
const SEPARATORS = /\s+/u;

/** A word has a letter or a digit: punctuation alone (`%`, `-`) would fold to nothing and match every row. */
const WORD = /[\p{L}\p{N}]/u;

/**
 * The search of `text` in `columns` (SQL expressions of text), or by the `exact` conditions (built on the same
 * `params`). A text without any letter or digit finds nothing but what the exact conditions find.
 */
export function textSearch(params: SqlParams, text: string, columns: readonly string[], exact: readonly string[] = []): TextSearch {
  // Every placeholder appears in `where`: a statement must use each of its parameters (the rank may not be read).
  const words = [...new Set(text.split(SEPARATORS).filter((word) => WORD.test(word)))].map((word) => `${params.param(word)}::text`);
  const contains = (column: string) =>
    words.map((word) => `public.search_text(${column}) LIKE '%' || public.search_text(${word}) || '%'`).join(" AND ");
  const query = words.length > 0 ? `public.search_text(concat_ws(' ', ${words.join(", ")}))` : "''";
  // One similarity per column and row (each folds the name again: the cost of a search is there, not in the index).
  const scores = columns.map((column) => `public.similarity(${query}, public.search_text(${column}))`);
  const best = scores.length === 1 ? scores[0] : `greatest(${scores.join(", ")})`;
  const matches = words.length > 0 ? columns.map((column) => `(${contains(column)})`) : ["FALSE"];
  return {
    where: [...matches, ...exact].join(" OR "),
    rank: `(${SCALE} - round(${best} * ${SCALE}))::int`,
  };
}

/** How a `search` argument reads texts, for the schema's descriptions. */
export const SEARCH_HELP =
  "casse, accents, tirets, apostrophes et ponctuation ignorés ; sans tri demandé, les meilleures correspondances d'abord";
