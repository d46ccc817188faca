// ---------------------------------------------------------------------------------------------
// Statements. Each is one set-based statement over a JSON array ($1), so the load costs a handful of
// round trips whatever the number of cases. Child statements end in a SELECT of counts: TypeORM
// reshapes the result of a top-level UPDATE or DELETE, never that of a SELECT.
// ---------------------------------------------------------------------------------------------

/**
 * Removes the children (signatories, objectives) of the dataset's conventions ($2: their references) at
 * a position the dataset ($1: its rows, by reference and position) no longer has; runs after their upsert.
 */
export function removedChildrenSql(table: string): string {
  return `
  WITH removed AS (
    DELETE FROM ${table} x USING convention c
    WHERE x.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS r(reference text, position int)
        WHERE r.reference = c.reference AND r.position = x.position)
    RETURNING 1)
  SELECT count(*)::int AS n FROM removed`;
}

/**
 * Removes the actions of the dataset's conventions ($2: their references) that are not the oldest at a position
 * the dataset ($1: its rows, by reference and position) has; runs after their write (REFERENCE_ACTIONS).
 */
export const REMOVED_ACTIONS_SQL = `
  WITH kept AS (
    SELECT min(a.id) AS id FROM action a JOIN convention c ON c.id = a.convention_id
    JOIN json_to_recordset($1::json) AS r(reference text, position int) ON r.reference = c.reference AND r.position = a.position
    GROUP BY a.convention_id, a.position),
  removed AS (
    DELETE FROM action a USING convention c
    WHERE a.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND a.id NOT IN (SELECT id FROM kept)
    RETURNING 1)
  SELECT count(*)::int AS n FROM removed`;

/** Removes the approvals of the dataset's facilities ($2: their keys) that the dataset ($1) no longer has; runs after their upsert. */
export const REMOVED_APPROVALS_SQL = `
  WITH scope AS (
    SELECT f.id
    FROM json_to_recordset($2::json) AS k(facility_kind facility_kind, facility_name text, facility_commune_code text)
    JOIN facility f ON f.kind = k.facility_kind AND f.name = k.facility_name AND f.commune_code = k.facility_commune_code),
  removed AS (
    DELETE FROM facility_approval a
    WHERE a.facility_id IN (SELECT id FROM scope)
      AND NOT EXISTS (
        SELECT 1 FROM json_to_recordset($1::json) AS r(facility_kind facility_kind, facility_name text,
          facility_commune_code text, kind approval_kind, starts_on date)
        JOIN facility f ON f.kind = r.facility_kind AND f.name = r.facility_name AND f.commune_code = r.facility_commune_code
        WHERE f.id = a.facility_id AND r.kind = a.kind AND r.starts_on IS NOT DISTINCT FROM a.starts_on)
    RETURNING 1)
  SELECT count(*)::int AS n FROM removed`;
