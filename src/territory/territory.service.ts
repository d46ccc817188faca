import type { EntityManager } from "typeorm";
import type { IsoDate } from "../common/date";
import { checkDepartmentCode, checkRange, checkSiren } from "../common/validate";
import { activeOnSql } from "../coverage/in-force";
import { type Filter } from "../db/list-query";
import { SqlParams, allOf, likePrefix } from "../db/sql";
import { textSearch } from "../db/text-search";
import type { FormerCodeKind } from "./former-code.entity";
import { type CommuneFilter, type DepartmentFilter, type IntercommunalityFilter } from "./territory.inputs";

/** SQL: the commune aliased `m` is covered on the date placeholder by at least one ACTIVE convention. */
export function coveredOnSql(m: string, asOf: string): string {
  return `EXISTS (SELECT 1 FROM convention_commune cc JOIN convention v ON v.id = cc.convention_id
                  WHERE cc.commune_code = ${m}.code AND ${activeOnSql("v", asOf)})`;
}

export function departmentFilter(filter: DepartmentFilter | null | undefined): Filter {
  const params = new SqlParams();
  const search = filter?.search ? textSearch(params, filter.search, ["d.name"], [`d.code = ${params.param(filter.search)}`]) : null;
  return {
    params,
    where: allOf([filter?.region != null && `d.region_code = ${params.param(filter.region)}`, search?.where]),
    rank: search?.rank,
  };
}

/** The start of an INSEE code (`52`, `2A0`, `97213`): names have no digit, so such a text searches codes. */
const CODE_PREFIX = /^[0-9][0-9AB][0-9]{0,3}$/i;

/**
 * A commune's `search`: a code prefix, or a name (text-search.ts). One or the other, never both with OR: an
 * OR with the code's LIKE would keep PostgreSQL from the names' trigram index (a scan folding 35,000 names).
 */
function communeSearch(params: SqlParams, text: string): { where: string; rank?: string } {
  const code = text.trim().toUpperCase();
  if (!CODE_PREFIX.test(code)) return textSearch(params, text, ["m.name"]);
  const prefix = `m.code LIKE ${params.param(likePrefix(code))}`;
  // A whole code may be a former one (52018 Argentolles): it finds the commune it leads to, as `commune(code:)` does.
  return code.length === 5
    ? { where: `(${prefix} OR m.code IN (SELECT f.commune_code FROM commune_former_code f WHERE f.code = ${params.param(code)}))` }
    : { where: prefix };
}

export function communeFilter(filter: CommuneFilter | null | undefined, today: IsoDate): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  checkSiren(filter?.intercommunality, "filter.intercommunality");
  checkRange(filter?.populationMin, filter?.populationMax, "filter.populationMin");
  const covered =
    filter?.covered != null
      ? `${filter.covered ? "" : "NOT "}${coveredOnSql("m", `${params.param(filter.coveredOn ?? today)}::date`)}`
      : null;
  const search = filter?.search ? communeSearch(params, filter.search) : null;
  return {
    params,
    where: allOf([
      filter?.department != null && `m.department_code = ${params.param(filter.department)}`,
      filter?.intercommunality != null && `m.intercommunality_siren = ${params.param(filter.intercommunality)}`,
      filter?.populationMin != null && `coalesce(m.population, 0) >= ${params.param(filter.populationMin)}`,
      filter?.populationMax != null && `coalesce(m.population, 0) <= ${params.param(filter.populationMax)}`,
      search?.where,
      covered,
    ]),
    rank: search?.rank,
  };
}

export function intercommunalityFilter(filter: IntercommunalityFilter | null | undefined): Filter {
  const params = new SqlParams();
  checkDepartmentCode(filter?.department, "filter.department");
  const search = filter?.search ? textSearch(params, filter.search, ["i.name"], [`i.siren = ${params.param(filter.search)}`]) : null;
  return {
    params,
    where: allOf([
      filter?.department != null &&
        `EXISTS (SELECT 1 FROM commune m WHERE m.intercommunality_siren = i.siren AND m.department_code = ${params.param(filter.department)})`,
      filter?.kind != null && `i.kind = ${params.param(filter.kind)}`,
      search?.where,
    ]),
    rank: search?.rank,
  };
}

/** Where a code a user wrote leads: the current commune, and how (null: the code is the commune's own). */
export interface ResolvedCommuneCode {
  communeCode: string;
  communeName: string;
  via: FormerCodeKind | null;
  /** The name under the code as written (a former code's, when known). */
  writtenName: string | null;
}

/**
 * Resolves codes as written (a convention's communes, an import's rows) to current communes in one statement: a
 * current code to itself, a former code (merged, delegated, associated) to the commune it leads to; a code that
 * leads nowhere is absent from the map. Callers keep the code as written and report the match.
 */
export async function resolveCommuneCodes(manager: EntityManager, codes: readonly string[]): Promise<Map<string, ResolvedCommuneCode>> {
  const rows: Array<{ code: string; commune_code: string; commune_name: string; via: FormerCodeKind | null; written_name: string | null }> =
    await manager.query(
      `SELECT w.code, c.code AS commune_code, c.name AS commune_name, CASE WHEN m.code IS NULL THEN f.kind END AS via,
         CASE WHEN m.code IS NULL THEN f.name ELSE m.name END AS written_name
       FROM unnest($1::text[]) AS w(code)
       LEFT JOIN commune m ON m.code = w.code::bpchar
       LEFT JOIN commune_former_code f ON f.code = w.code::bpchar
       JOIN commune c ON c.code = coalesce(m.code, f.commune_code)`,
      [[...new Set(codes)]],
    );
  return new Map(
    rows.map((r) => [r.code, { communeCode: r.commune_code, communeName: r.commune_name, via: r.via, writtenName: r.written_name }]),
  );
}
