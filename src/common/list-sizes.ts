import { Theme } from "./theme";

/**
 * How many items the hub's plain lists may hold: the bounds their fields declare with
 * `@Extensions(listBound(…))` (src/graph/list-bounds.ts), which the query cost multiplies by.
 * The geography's are maxima, checked against the loaded geography by test/integration/list-bounds.test.ts
 * (a new COG that breaks one fails there); the others are estimates of what the data holds, and the
 * response-size bound (src/graph/response-size.ts) stops an answer that outgrows them.
 */

/** Communes of the largest département (Pas-de-Calais: 887 current communes in @etalab/decoupage-administratif 6.0.0). */
export const MAX_COMMUNES_PER_DEPARTMENT = 900;

/** EPCI with at least one member commune in one département (Gironde: 28). */
export const MAX_INTERCOMMUNALITIES_PER_DEPARTMENT = 40;

/**
 * Territories of one département at the EPCI level (a comparison, the theme matrix, an SDSF alignment): its EPCI
 * and its communes outside any (four island communes in France).
 */
export const MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES = MAX_INTERCOMMUNALITIES_PER_DEPARTMENT + 10;

/** Départements, overseas collectivities included (109). */
export const MAX_DEPARTMENTS = 110;

/** Départements one EPCI spans (6 at most). */
export const MAX_DEPARTMENTS_PER_INTERCOMMUNALITY = 10;

/** Postal codes of one commune (21 at most). */
export const MAX_POSTAL_CODES_PER_COMMUNE = 30;

/** Former codes (merged, delegated, associated) leading to one current commune (21 at most). */
export const MAX_FORMER_CODES_PER_COMMUNE = 30;

/** Themes: a list per theme has one item each. */
export const THEME_COUNT = Object.keys(Theme).length;

/** Estimate: CTG covering one territory, all statuses (CTG began in 2015 and last four to five years). */
export const CONVENTIONS_PER_TERRITORY_ESTIMATE = 5;

/** Estimate: CTG of one département, all statuses (about one per EPCI, renewed every few years). */
export const CONVENTIONS_PER_DEPARTMENT_ESTIMATE = 300;

/** Estimate: CTG of the whole country, all statuses. */
export const CONVENTIONS_NATIONAL_ESTIMATE = 5_000;

/** Estimate: axes of one SDSF (a handful to a dozen). */
export const AXES_PER_SCHEME_ESTIMATE = 30;

/** Estimate: partnerships of one association or one convention. */
export const PARTNERSHIPS_ESTIMATE = 100;

/** Estimate: indicator values of one territory (a few indicators over a few years). */
export const INDICATORS_PER_TERRITORY_ESTIMATE = 50;

/** A list of conventions of one département, or of the whole country when `department` is not a literal. */
export const conventionsOfDepartmentOrAll = (args: Readonly<Record<string, unknown>>): number =>
  args.department !== undefined ? CONVENTIONS_PER_DEPARTMENT_ESTIMATE : CONVENTIONS_NATIONAL_ESTIMATE;

/** Estimate: former commune codes a convention was signed on (a CTG of an EPCI formed of communes nouvelles). */
export const SIGNED_FORMER_CODES_ESTIMATE = 30;
