import type { DataSource, EntityManager } from "typeorm";
import { makeIntercommunalConvention } from "./factories";

/**
 * Every stored reference that lies outside its record's territory, written as plain SQL (an oracle
 * independent of src/auth/write-scope.ts): a convention's holder outside its département, a covered
 * commune or signatory outside its département and its holder EPCI, an SDSF axis or predecessor of
 * another département, a facility operator outside the facility's département.
 */
export const TERRITORY_INCONSISTENCIES_SQL = `
  SELECT 'holder' AS problem, c.reference::text AS record, coalesce(c.holder_commune_code, c.holder_intercommunality_siren)::text AS reference
  FROM convention c
  WHERE (c.holder_kind = 'COMMUNE' AND NOT EXISTS (
          SELECT 1 FROM commune m WHERE m.code = c.holder_commune_code AND m.department_code = c.department_code))
     OR (c.holder_kind = 'INTERCOMMUNALITY' AND NOT EXISTS (
          SELECT 1 FROM commune m WHERE m.intercommunality_siren = c.holder_intercommunality_siren AND m.department_code = c.department_code))
  UNION ALL
  SELECT 'covered commune', c.reference, cc.commune_code::text
  FROM convention_commune cc JOIN convention c ON c.id = cc.convention_id JOIN commune m ON m.code = cc.commune_code
  WHERE m.department_code <> c.department_code AND m.intercommunality_siren IS DISTINCT FROM c.holder_intercommunality_siren
  UNION ALL
  SELECT 'signatory', c.reference, coalesce(s.commune_code, s.intercommunality_siren)::text
  FROM convention_signatory s JOIN convention c ON c.id = s.convention_id
  WHERE (s.commune_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commune m WHERE m.code = s.commune_code
          AND (m.department_code = c.department_code OR m.intercommunality_siren = c.holder_intercommunality_siren)))
     OR (s.intercommunality_siren IS NOT NULL AND s.intercommunality_siren IS DISTINCT FROM c.holder_intercommunality_siren
         AND NOT EXISTS (SELECT 1 FROM commune m WHERE m.intercommunality_siren = s.intercommunality_siren AND m.department_code = c.department_code))
  UNION ALL
  SELECT 'action axis', a.id::text, a.sdsf_axis_id::text FROM action a JOIN convention c ON c.id = a.convention_id
    JOIN sdsf_axis x ON x.id = a.sdsf_axis_id JOIN sdsf_scheme s ON s.id = x.scheme_id WHERE s.department_code <> c.department_code
  UNION ALL
  SELECT 'convention axis', c.reference, x.id::text FROM convention_sdsf_axis cx JOIN convention c ON c.id = cx.convention_id
    JOIN sdsf_axis x ON x.id = cx.sdsf_axis_id JOIN sdsf_scheme s ON s.id = x.scheme_id WHERE s.department_code <> c.department_code
  UNION ALL
  SELECT 'predecessor', c.reference, p.reference::text FROM convention c JOIN convention p ON p.id = c.predecessor_id
  WHERE p.department_code <> c.department_code
  UNION ALL
  SELECT 'facility operator', f.id::text, coalesce(f.operator_commune_code, f.operator_intercommunality_siren)::text
  FROM facility f JOIN commune fc ON fc.code = f.commune_code
  WHERE (f.operator_commune_code IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM commune m WHERE m.code = f.operator_commune_code AND m.department_code = fc.department_code))
     OR (f.operator_intercommunality_siren IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM commune m WHERE m.intercommunality_siren = f.operator_intercommunality_siren AND m.department_code = fc.department_code))
  UNION ALL
  SELECT 'action objective', a.id::text, a.objective_id::text FROM action a JOIN objective o ON o.id = a.objective_id
  WHERE o.convention_id <> a.convention_id`;

/** Tables a write may touch: their digest must not move when a write is refused. */
const WRITTEN_TABLES = [
  "convention",
  "convention_commune",
  "convention_signatory",
  "convention_sdsf_axis",
  "objective",
  "action",
  "partnership",
  "partner_association",
  "facility",
  "facility_approval",
  "indicator_value",
  "sdsf_scheme",
  "sdsf_axis",
  "audit_entry",
  "data_version",
];

/** One md5 per table of everything stored there. */
export async function digestOfWrites(dataSource: DataSource): Promise<Record<string, string>> {
  const [row] = await dataSource.query(
    `SELECT ${WRITTEN_TABLES.map(
      (table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x) AS ${table}`,
    ).join(", ")}`,
  );
  return row;
}

/** Records of Haute-Marne (52) and of the Pyrénées-Orientales (66), written as system data. */
export interface TwoDepartments {
  conv52: { id: number; reference: string };
  conv66: { id: number; reference: string };
  action52: number;
  action66: number;
  objective66: number;
  signatory66: number;
  partnership66: number;
  association66: number;
  association66Rna: string;
  scheme52: number;
  axis52: number;
  scheme66: number;
  axis66: number;
  facility66: number;
}

const one = async (manager: EntityManager, sql: string, params: unknown[] = []): Promise<number> => {
  const [{ id }] = await manager.query(sql, params);
  return id;
};

/** Canet-en-Roussillon (66037) lies in 66 and in the CU Perpignan Méditerranée (200027183, 66 only). */
export async function makeTwoDepartments(manager: EntityManager): Promise<TwoDepartments> {
  const conv52 = await makeIntercommunalConvention(manager, "200044253", { actions: 1 });
  const conv66 = await makeIntercommunalConvention(manager, "200027183", { actions: 1, partnersPerAction: 1 });
  const action52 = await one(manager, `SELECT id FROM action WHERE convention_id = $1`, [conv52.id]);
  const action66 = await one(manager, `SELECT id FROM action WHERE convention_id = $1`, [conv66.id]);
  const [{ id: partnership66, association_id: association66 }] = await manager.query(
    `SELECT id, association_id FROM partnership WHERE action_id = $1`,
    [action66],
  );
  await manager.query(`UPDATE partner_association SET commune_code = '66037' WHERE id = $1`, [association66]);
  const [{ rna: association66Rna }] = await manager.query(`SELECT rna FROM partner_association WHERE id = $1`, [association66]);
  const objective66 = await one(
    manager,
    `INSERT INTO objective (convention_id, position, title) VALUES ($1, 1, 'Objectif de 66') RETURNING id`,
    [conv66.id],
  );
  const signatory66 = await one(
    manager,
    `INSERT INTO convention_signatory (convention_id, position, kind, role, name, commune_code) VALUES ($1, 1, 'COMMUNE', 'CO_SIGNATORY', 'Commune de Canet', '66037') RETURNING id`,
    [conv66.id],
  );
  const scheme = (department: string) =>
    one(manager, `INSERT INTO sdsf_scheme (department_code, title) VALUES ($1, $2) RETURNING id`, [
      department,
      `SDSF de test ${department}`,
    ]);
  const axis = (schemeId: number) =>
    one(manager, `INSERT INTO sdsf_axis (scheme_id, number, title) VALUES ($1, 1, 'Axe 1') RETURNING id`, [schemeId]);
  const scheme52 = await scheme("52");
  const scheme66 = await scheme("66");
  const facility66 = await one(
    manager,
    `INSERT INTO facility (kind, name, commune_code) VALUES ('EAJE', 'Crèche de Canet', '66037') RETURNING id`,
  );
  return {
    conv52,
    conv66,
    action52,
    action66,
    objective66,
    signatory66,
    partnership66,
    association66,
    association66Rna,
    scheme52,
    axis52: await axis(scheme52),
    scheme66,
    axis66: await axis(scheme66),
    facility66,
  };
}
