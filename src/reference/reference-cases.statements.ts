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
 * action has no unique (convention_id, position), so there is no ON CONFLICT: the statement updates the
 * row at each known position (the oldest, if someone added a duplicate), inserts the missing ones and
 * deletes the others. Runs after the objectives, whose ids it looks up by position.
 */
export const ACTIONS_SQL = `
  WITH incoming AS (
    SELECT c.id AS convention_id, r.position, o.id AS objective_id, r.title, r.description, r.theme, r.status, r.source_id
    FROM json_to_recordset($1::json) AS r(reference text, position int, objective_position int, title text,
      description text, theme theme, status action_status, source_id int)
    JOIN convention c ON c.reference = r.reference
    LEFT JOIN objective o ON o.convention_id = c.id AND o.position = r.objective_position),
  kept AS (
    SELECT min(a.id) AS id FROM action a JOIN incoming i ON i.convention_id = a.convention_id AND i.position = a.position
    GROUP BY a.convention_id, a.position),
  updated AS (
    UPDATE action a SET objective_id = i.objective_id, title = i.title, description = i.description, theme = i.theme,
      status = i.status, source_id = i.source_id, updated_at = now(), version = a.version + 1
    FROM incoming i
    WHERE a.convention_id = i.convention_id AND a.position = i.position AND a.id IN (SELECT id FROM kept)
      AND (a.objective_id, a.title, a.description, a.theme, a.status, a.source_id)
        IS DISTINCT FROM (i.objective_id, i.title, i.description, i.theme, i.status, i.source_id)
    RETURNING a.id),
  inserted AS (
    INSERT INTO action (convention_id, objective_id, position, title, description, theme, status, source_id)
    SELECT i.convention_id, i.objective_id, i.position, i.title, i.description, i.theme, i.status, i.source_id
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM action a WHERE a.convention_id = i.convention_id AND a.position = i.position)
    RETURNING id),
  removed AS (
    DELETE FROM action a USING convention c
    WHERE a.convention_id = c.id AND c.reference IN (SELECT json_array_elements_text($2::json))
      AND a.id NOT IN (SELECT id FROM kept)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    (SELECT count(*) FROM updated)::int AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

/** A convention covers its holder: the commune itself, or the EPCI's member communes as the geography has them. */
export const COVERED_COMMUNES_SQL = `
  WITH scope AS (
    SELECT c.id, c.holder_kind, c.holder_commune_code, c.holder_intercommunality_siren
    FROM json_array_elements_text($1::json) AS r(reference) JOIN convention c ON c.reference = r.reference),
  incoming AS (
    SELECT s.id AS convention_id, m.code AS commune_code
    FROM scope s JOIN commune m ON m.intercommunality_siren = s.holder_intercommunality_siren
    WHERE s.holder_kind = 'INTERCOMMUNALITY'
    UNION ALL
    SELECT s.id, s.holder_commune_code FROM scope s WHERE s.holder_kind = 'COMMUNE'),
  inserted AS (
    INSERT INTO convention_commune (convention_id, commune_code)
    SELECT convention_id, commune_code FROM incoming
    ON CONFLICT DO NOTHING
    RETURNING 1),
  removed AS (
    DELETE FROM convention_commune cc USING scope s
    WHERE cc.convention_id = s.id
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.convention_id = cc.convention_id AND i.commune_code = cc.commune_code)
    RETURNING 1)
  SELECT (SELECT count(*) FROM incoming)::int AS total,
    (SELECT count(*) FROM inserted)::int AS created,
    0 AS updated,
    (SELECT count(*) FROM removed)::int AS deleted`;

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
