import type { EntityManager } from "typeorm";

let sequence = 0;
const next = () => ++sequence;

/**
 * A signed CTG held by an EPCI, covering its member communes, with actions and partner associations.
 * Written with plain SQL so tests build data the way any client of the database could.
 */
export async function makeIntercommunalConvention(
  manager: EntityManager,
  siren: string,
  options: { actions?: number; partnersPerAction?: number; startsOn?: string; endsOn?: string } = {},
): Promise<{ id: number; reference: string }> {
  const reference = `CTG-TEST-${siren}-${next()}`;
  const [{ id, department_code }] = await manager.query(
    `INSERT INTO convention (reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
                             department_code, holder_kind, holder_intercommunality_siren, themes)
     SELECT $1, 'CTG de test ' || i.name, 'SIGNED', $2::date, $2::date, 'DAY', $3::date, 'DAY',
            (SELECT department_code FROM commune WHERE intercommunality_siren = i.siren GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1),
            'INTERCOMMUNALITY', i.siren, '{EARLY_CHILDHOOD,YOUTH}'
     FROM intercommunality i WHERE i.siren = $4
     RETURNING id, department_code`,
    [reference, options.startsOn ?? "2024-01-01", options.endsOn ?? "2028-12-31", siren],
  );
  await manager.query(
    `INSERT INTO convention_commune (convention_id, commune_code) SELECT $1, code FROM commune WHERE intercommunality_siren = $2`,
    [id, siren],
  );
  for (let position = 1; position <= (options.actions ?? 0); position++) {
    const [{ id: actionId }] = await manager.query(
      `INSERT INTO action (convention_id, position, title, theme, status) VALUES ($1, $2, $3, 'YOUTH', 'IN_PROGRESS') RETURNING id`,
      [id, position, `Action ${position} de ${reference}`],
    );
    for (let p = 0; p < (options.partnersPerAction ?? 0); p++) {
      const associationId = await makeAssociation(manager, department_code);
      await manager.query(`INSERT INTO partnership (association_id, action_id, role) VALUES ($1, $2, 'OPERATOR')`, [
        associationId,
        actionId,
      ]);
    }
  }
  return { id, reference };
}

/** A partner association with a valid RNA number in the given département. */
export async function makeAssociation(manager: EntityManager, departmentCode: string): Promise<number> {
  const n = next();
  const rna = `W${departmentCode.padStart(2, "0").slice(0, 2)}${String(n).padStart(7, "0")}`;
  const [{ id }] = await manager.query(`INSERT INTO partner_association (name, rna, themes) VALUES ($1, $2, '{YOUTH}') RETURNING id`, [
    `Association de test ${n}`,
    rna,
  ]);
  return id;
}
