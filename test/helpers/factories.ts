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

/**
 * The follow-up of an action, as a comité de pilotage records it: a person and (given one) an association as
 * pilots, budget lines for two years and the whole period with their funders, a public and a reserved note, and an
 * indicator with a baseline, a target and a result.
 */
export async function addActionFollowUp(
  manager: EntityManager,
  actionId: number,
  options: { associationId?: number; notedOn?: string; funderCommune?: string } = {},
): Promise<void> {
  const n = next();
  await manager.query(
    `INSERT INTO action_pilot (action_id, position, kind, name, role, organisation, contact)
     VALUES ($1, 1, 'PERSON', $2, 'Coordinatrice enfance-jeunesse', 'Communauté de communes', 'coordination@example.org')`,
    [actionId, `Pilote ${n}`],
  );
  if (options.associationId !== undefined) {
    await manager.query(`INSERT INTO action_pilot (action_id, position, kind, association_id) VALUES ($1, 2, 'ASSOCIATION', $2)`, [
      actionId,
      options.associationId,
    ]);
  }
  const lines: Array<{ id: number }> = await manager.query(
    `INSERT INTO action_budget_line (action_id, year, kind, unit, planned, actual)
     VALUES ($1, 2024, 'OPERATING', 'EUROS', 12000, 9500.5), ($1, 2025, 'OPERATING', 'EUROS', 15000, NULL),
            ($1, NULL, 'OPERATING', 'FTE', 1.5, 1)
     RETURNING id`,
    [actionId],
  );
  for (const line of lines.slice(0, 2)) {
    await manager.query(
      `INSERT INTO action_funding (action_id, budget_line_id, year, funder, planned, actual)
       SELECT $1, id, year, 'CAF_BONUS_TERRITOIRE', planned / 2, actual / 2 FROM action_budget_line WHERE id = $2`,
      [actionId, line.id],
    );
  }
  await manager.query(
    `INSERT INTO action_funding (action_id, funder, commune_code, planned) VALUES ($1, $2, $3, 3000)`,
    options.funderCommune ? [actionId, "COMMUNE", options.funderCommune] : [actionId, "HOLDER", null],
  );
  await manager.query(
    `INSERT INTO action_note (action_id, noted_on, author, text, restricted)
     VALUES ($1, $2::date, 'CAF', 'Point d''étape : démarrage conforme', false),
            ($1, $2::date - 40, 'CAF', 'Difficulté de recrutement (réservé)', true)`,
    [actionId, options.notedOn ?? "2025-03-15"],
  );
  await manager.query(
    `INSERT INTO indicator_definition (code, label, unit, direction, level)
     VALUES ('families_reached', 'Familles touchées', 'familles', 'HIGHER_IS_BETTER', 'ACTION') ON CONFLICT (code) DO NOTHING`,
  );
  await manager.query(
    `INSERT INTO indicator_value (indicator, year, action_id, baseline, target, value, note)
     VALUES ('families_reached', 2024, $1, 40, 60, 52, 'Bilan du comité de pilotage'), ('families_reached', 2025, $1, 40, 80, NULL, NULL)`,
    [actionId],
  );
}

/** A comité de pilotage with its attendance, and a yearly evaluation of the convention's objectives. */
export async function addGovernance(manager: EntityManager, conventionId: number): Promise<void> {
  const [{ id: meetingId }] = await manager.query(
    `INSERT INTO convention_meeting (convention_id, held_on, kind, decisions) VALUES ($1, '2025-02-10', 'STEERING_COMMITTEE', 'Plan d''actions 2025 validé') RETURNING id`,
    [conventionId],
  );
  await manager.query(
    `INSERT INTO meeting_attendance (meeting_id, organisation_kind, organisation, attendees) VALUES ($1, 'CAF', 'CAF', 2), ($1, 'INTERCOMMUNALITY', 'EPCI porteur', 3)`,
    [meetingId],
  );
  const [{ id: evaluationId }] = await manager.query(
    `INSERT INTO convention_evaluation (convention_id, kind, year, evaluated_on, summary) VALUES ($1, 'YEARLY', 2024, '2025-02-10', 'Bilan 2024') RETURNING id`,
    [conventionId],
  );
  await manager.query(
    `INSERT INTO objective_assessment (evaluation_id, objective_id, achievement)
     SELECT $1, id, (ARRAY['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'])[1 + position % 3]::objective_achievement
     FROM objective WHERE convention_id = $2`,
    [evaluationId, conventionId],
  );
  await manager.query(
    `INSERT INTO indicator_value (indicator, year, convention_id, baseline, target, value)
     SELECT 'allocataires', 2024, $1, NULL, NULL, NULL`,
    [conventionId],
  );
}
