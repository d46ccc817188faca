import type { DataSource, EntityManager } from "typeorm";
import { writeTable, type TableRow } from "../src/db/table-writer";
import { ACTION_BUDGET_LINE_TABLE, ACTION_FUNDING_TABLE, ACTION_NOTE_TABLE, ACTION_PILOT_TABLE } from "../src/followup/followup.table";
import { INDICATOR_DEFINITION_TABLE, INDICATOR_VALUE_TABLE } from "../src/indicator/indicator.table";

/**
 * The follow-up rows the read bench's `actionStats` and `conventionFollowUp` read, when the data set has none (the
 * synthetic generator of src/synthetic does not write them yet): pilots, budget lines in euros and FTE, fundings,
 * notes and an action indicator's values for every action, with spreads an analyst would meet (about one action in
 * seven without a pilot, one in eight without a budget, actual spending below plan). Drawn from each action's id (the
 * same rows on every machine), written through the tables' declarations (src/followup/followup.table.ts) as every
 * writer does. The rows hang on the actions and go with them (ON DELETE CASCADE) when the synthetic set is removed.
 */

const BATCH_SIZE = 5_000;
/** The action indicator the bench's rows are values of. */
const INDICATOR = "bench_families_reached";

/** A deterministic draw in [0, 1) from an action id and a salt (mulberry32's mix). */
function draw(id: number, salt: number): number {
  let t = (id * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const between = (id: number, salt: number, low: number, high: number) => Math.round(low + draw(id, salt) * (high - low));
const cents = (value: number) => Math.round(value * 100) / 100;

interface ActionRow {
  id: number;
  association: number | null;
}

interface FollowUpRows {
  pilots: TableRow[];
  lines: TableRow[];
  fundings: TableRow[];
  notes: TableRow[];
  values: TableRow[];
}

const ROLES = ["Coordinatrice enfance-jeunesse", "Chargé de mission CTG", "Directrice du centre social", "Responsable petite enfance"];
const NOTES = ["Point d'étape : démarrage conforme", "Comité technique : calendrier revu", "Bilan intermédiaire transmis"];

function rowsOf(action: ActionRow, rows: FollowUpRows): void {
  const { id } = action;
  // Pilots: none for about one action in seven; a person or a service first, the partner association second when there is one.
  if (draw(id, 1) >= 0.14) {
    const service = draw(id, 2) < 0.25;
    rows.pilots.push({
      action_id: id,
      position: 1,
      kind: service ? "SERVICE" : "PERSON",
      name: service ? `Service enfance-jeunesse ${id % 97}` : `Pilote ${id}`,
      role: service ? null : ROLES[id % ROLES.length],
      organisation: service ? null : "Collectivité porteuse",
      association_id: null,
      contact: service ? null : `pilote-${id}@example.org`,
    });
    if (action.association !== null && draw(id, 3) < 0.5) {
      rows.pilots.push({
        action_id: id,
        position: 2,
        kind: "ASSOCIATION",
        name: null,
        role: null,
        organisation: null,
        association_id: action.association,
        contact: null,
      });
    }
  }
  // Money: none for about one action in eight; otherwise operating euros for 2024 (spent, mostly below plan) and 2025
  // (partly spent), FTE for the whole period, and an investment for one action in five; funders of each year's euros.
  if (draw(id, 4) >= 0.125) {
    for (const [year, spent] of [
      [2024, 0.55 + draw(id, 5) * 0.5],
      [2025, draw(id, 6) < 0.5 ? null : draw(id, 7) * 0.6],
    ] as const) {
      const planned = between(id, 8 + year, 20, 400) * 100;
      const actual = spent === null ? null : cents(planned * spent);
      rows.lines.push({ action_id: id, year, kind: "OPERATING", unit: "EUROS", planned, actual });
      const caf = cents(planned * 0.4);
      rows.fundings.push({
        action_id: id,
        budget_line_id: null,
        year,
        funder: "CAF_BONUS_TERRITOIRE",
        commune_code: null,
        funder_name: null,
        planned: caf,
        actual: actual === null ? null : cents(actual * 0.4),
      });
      rows.fundings.push({
        action_id: id,
        budget_line_id: null,
        year,
        funder: "HOLDER",
        commune_code: null,
        funder_name: null,
        planned: cents(planned - caf),
        actual: actual === null ? null : cents(actual - cents(actual * 0.4)),
      });
    }
    rows.lines.push({ action_id: id, year: null, kind: "OPERATING", unit: "FTE", planned: between(id, 9, 2, 20) / 10, actual: null });
    if (draw(id, 10) < 0.2) {
      rows.lines.push({
        action_id: id,
        year: null,
        kind: "INVESTMENT",
        unit: "EUROS",
        planned: between(id, 11, 50, 800) * 100,
        actual: draw(id, 12) < 0.5 ? null : between(id, 13, 10, 500) * 100,
      });
    }
  }
  // The journal: zero to three dated notes over 2024–2025, one in four reserved.
  const notes = between(id, 14, 0, 3);
  for (let n = 0; n < notes; n++) {
    const day = new Date(Date.UTC(2024, 0, 1) + between(id, 20 + n, 0, 700) * 86_400_000).toISOString().slice(0, 10);
    rows.notes.push({
      action_id: id,
      noted_on: day,
      author: n === 0 ? "CAF" : "Collectivité porteuse",
      text: NOTES[(id + n) % NOTES.length],
      restricted: draw(id, 30 + n) < 0.25,
    });
  }
  // An action indicator: baseline and target each year, the 2024 result.
  if (draw(id, 15) < 0.6) {
    const baseline = between(id, 16, 10, 200);
    for (const year of [2024, 2025]) {
      rows.values.push({
        indicator: INDICATOR,
        year,
        action_id: id,
        baseline,
        target: Math.round(baseline * (year === 2024 ? 1.2 : 1.4)),
        value: year === 2024 ? between(id, 17, baseline, Math.round(baseline * 1.3)) : null,
        note: null,
      });
    }
  }
}

async function write(manager: EntityManager, rows: FollowUpRows): Promise<void> {
  const insert = { kind: "insert" } as const;
  const options = { batchSize: BATCH_SIZE };
  await writeTable(
    manager,
    INDICATOR_DEFINITION_TABLE,
    { columns: ["code", "label", "level"], onConflict: { kind: "skip" }, returning: "none" },
    [{ code: INDICATOR, label: "Familles touchées (données du banc de mesure)", level: "ACTION" }],
  );
  const pilots = Object.keys(ACTION_PILOT_TABLE.columns) as Array<keyof typeof ACTION_PILOT_TABLE.columns>;
  await writeTable(manager, ACTION_PILOT_TABLE, { columns: pilots, onConflict: insert, returning: "none" }, rows.pilots, options);
  const lines = Object.keys(ACTION_BUDGET_LINE_TABLE.columns) as Array<keyof typeof ACTION_BUDGET_LINE_TABLE.columns>;
  await writeTable(manager, ACTION_BUDGET_LINE_TABLE, { columns: lines, onConflict: insert, returning: "none" }, rows.lines, options);
  const fundings = Object.keys(ACTION_FUNDING_TABLE.columns) as Array<keyof typeof ACTION_FUNDING_TABLE.columns>;
  await writeTable(manager, ACTION_FUNDING_TABLE, { columns: fundings, onConflict: insert, returning: "none" }, rows.fundings, options);
  const notes = Object.keys(ACTION_NOTE_TABLE.columns) as Array<keyof typeof ACTION_NOTE_TABLE.columns>;
  await writeTable(manager, ACTION_NOTE_TABLE, { columns: notes, onConflict: insert, returning: "none" }, rows.notes, options);
  await writeTable(
    manager,
    INDICATOR_VALUE_TABLE,
    {
      columns: ["indicator", "year", "action_id", "baseline", "target", "value", "note"],
      onConflict: insert,
      returning: "none",
    },
    rows.values,
    options,
  );
}

/** Writes the follow-up rows when no action has a pilot or a budget line yet; says what it did. */
export async function ensureFollowUp(dataSource: DataSource): Promise<string> {
  const present: unknown[] = await dataSource.query(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM action_pilot) OR EXISTS (SELECT 1 FROM action_budget_line)`,
  );
  if (present.length > 0) return "follow-up rows present";
  const started = Date.now();
  const actions: ActionRow[] = await dataSource.query(
    `SELECT a.id, (SELECT min(p.association_id) FROM partnership p WHERE p.action_id = a.id) AS association FROM action a ORDER BY a.id`,
  );
  const rows: FollowUpRows = { pilots: [], lines: [], fundings: [], notes: [], values: [] };
  for (const action of actions) rowsOf(action, rows);
  await dataSource.transaction((manager) => write(manager, rows));
  return (
    `follow-up rows written for ${actions.length} actions (${rows.pilots.length} pilots, ${rows.lines.length} budget lines, ` +
    `${rows.fundings.length} fundings, ${rows.notes.length} notes, ${rows.values.length} indicator values) in ` +
    `${Math.round((Date.now() - started) / 1000)} s`
  );
}
