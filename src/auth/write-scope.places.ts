import { currentCommuneCodeSql } from "../common/codes";
import type { EntityManager } from "typeorm";

/**
 * A reference to something that lies somewhere: what a write is attached to (its owner) or names
 * (a covered commune, an SDSF axis…). `national` is a record with no territory (an association
 * without a seat): administrators only.
 */
export type TerritoryRef =
  | { kind: "department"; code: string }
  | { kind: "commune"; code: string }
  | { kind: "intercommunality"; siren: string }
  | { kind: "convention"; id: number }
  | { kind: "conventionReference"; reference: string }
  | { kind: "action"; id: number }
  | { kind: "sdsfScheme"; id: number }
  | { kind: "sdsfAxis"; id: number }
  | { kind: "facility"; id: number }
  | { kind: "association"; id: number }
  | { kind: "national" };

export type RefKind = TerritoryRef["kind"];

/** Where a referenced thing lies, read from the database. */
export interface Place {
  /** Its départements: one, several for an EPCI across a border, none for an association without a seat. */
  departments: string[];
  /** A commune's EPCI (membership). */
  memberOf: string | null;
  /** A convention's (or its action's) holder EPCI: its communes belong to the convention's territory. */
  holder: string | null;
  /** Partner associations that may write it themselves: an action's operators, an association itself. */
  partners: number[];
}

/** The value a person reads for a reference (a code, an identifier, a reference). */
export function refValue(ref: TerritoryRef): string {
  switch (ref.kind) {
    case "department":
    case "commune":
      return ref.code;
    case "intercommunality":
      return ref.siren;
    case "conventionReference":
      return ref.reference;
    case "national":
      return "";
    default:
      return String(ref.id);
  }
}

export const refKey = (ref: TerritoryRef): string => `${ref.kind}:${refValue(ref)}`;

interface PlaceRow {
  key: string;
  departments: string[] | null;
  member_of?: string | null;
  holder?: string | null;
  partners?: number[] | null;
}

/** One statement per kind of reference, whatever the number of rows: `$1` is the array of keys. */
const PLACE_SQL: Record<Exclude<RefKind, "national">, { cast: "text[]" | "int[]"; sql: string }> = {
  department: { cast: "text[]", sql: `SELECT code::text AS key, ARRAY[code::text] AS departments FROM department WHERE code = ANY($1)` },
  commune: {
    cast: "text[]",
    // A former code (merged, delegated, associated commune) lies where the commune it leads to lies.
    sql: `SELECT w.code AS key, ARRAY[c.department_code::text] AS departments, c.intercommunality_siren::text AS member_of
          FROM unnest($1::text[]) AS w(code) JOIN commune c ON c.code = ${currentCommuneCodeSql("w.code")}`,
  },
  intercommunality: {
    cast: "text[]",
    sql: `SELECT i.siren::text AS key,
            coalesce(array_agg(DISTINCT c.department_code::text) FILTER (WHERE c.department_code IS NOT NULL), '{}') AS departments
          FROM intercommunality i LEFT JOIN commune c ON c.intercommunality_siren = i.siren
          WHERE i.siren = ANY($1) GROUP BY i.siren`,
  },
  convention: {
    cast: "int[]",
    sql: `SELECT id::text AS key, ARRAY[department_code::text] AS departments, holder_intercommunality_siren::text AS holder
          FROM convention WHERE id = ANY($1)`,
  },
  conventionReference: {
    cast: "text[]",
    sql: `SELECT reference::text AS key, ARRAY[department_code::text] AS departments, holder_intercommunality_siren::text AS holder
          FROM convention WHERE reference = ANY($1)`,
  },
  action: {
    cast: "int[]",
    sql: `SELECT a.id::text AS key, ARRAY[c.department_code::text] AS departments, c.holder_intercommunality_siren::text AS holder,
            ARRAY(SELECT p.association_id FROM partnership p WHERE p.action_id = a.id AND p.role = 'OPERATOR') AS partners
          FROM action a JOIN convention c ON c.id = a.convention_id WHERE a.id = ANY($1)`,
  },
  sdsfScheme: {
    cast: "int[]",
    sql: `SELECT id::text AS key, ARRAY[department_code::text] AS departments FROM sdsf_scheme WHERE id = ANY($1)`,
  },
  sdsfAxis: {
    cast: "int[]",
    sql: `SELECT x.id::text AS key, ARRAY[s.department_code::text] AS departments
          FROM sdsf_axis x JOIN sdsf_scheme s ON s.id = x.scheme_id WHERE x.id = ANY($1)`,
  },
  facility: {
    cast: "int[]",
    sql: `SELECT f.id::text AS key, ARRAY[c.department_code::text] AS departments
          FROM facility f JOIN commune c ON c.code = f.commune_code WHERE f.id = ANY($1)`,
  },
  association: {
    cast: "int[]",
    sql: `SELECT a.id::text AS key, CASE WHEN c.code IS NULL THEN '{}' ELSE ARRAY[c.department_code::text] END AS departments,
            ARRAY[a.id] AS partners
          FROM partner_association a LEFT JOIN commune c ON c.code = a.commune_code WHERE a.id = ANY($1)`,
  },
};

/** Places found, by `refKey`; a reference missing from the map does not exist. */
export type Places = ReadonlyMap<string, Place>;

/**
 * Reads where every reference lies: one statement per kind present. `overrides` are places a file
 * is about to give (a convention created or moved by the same import), which win over the database.
 */
export async function resolvePlaces(tx: EntityManager, refs: readonly TerritoryRef[], overrides: Places = new Map()): Promise<Places> {
  const places = new Map<string, Place>();
  places.set("national:", { departments: [], memberOf: null, holder: null, partners: [] });
  const wanted = new Map<RefKind, Set<string>>();
  for (const ref of refs) {
    if (ref.kind === "national" || overrides.has(refKey(ref))) continue;
    const values = wanted.get(ref.kind) ?? new Set<string>();
    values.add(refValue(ref));
    wanted.set(ref.kind, values);
  }
  for (const [kind, values] of wanted) {
    const { cast, sql } = PLACE_SQL[kind as Exclude<RefKind, "national">];
    const keys = cast === "int[]" ? [...values].map(Number) : [...values];
    // `$1` takes the column's type (char(5), integer…) so the lookup uses its index.
    const rows: PlaceRow[] = await tx.query(sql, [keys]);
    for (const row of rows) {
      places.set(`${kind}:${row.key}`, {
        departments: row.departments ?? [],
        memberOf: row.member_of ?? null,
        holder: row.holder ?? null,
        partners: row.partners ?? [],
      });
    }
  }
  for (const [key, place] of overrides) places.set(key, place);
  return places;
}
