import type { IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import type { Theme } from "../../common/theme";
import { type ActionPriority, ActionStatus, type TargetPublic } from "../../convention/convention-enums";
import type { RowReader } from "../columns";
import { parseDate, parseInteger, parseNumber, parseText, type Parsed, type RawValue } from "../fields";
import {
  batchOptions,
  type CheckContext,
  type ChildrenDeclaration,
  conventionParent,
  type ImportKind,
  type Located,
  reportDuplicates,
  tableCount,
  type WriteContext,
} from "../kind";
import type { ProblemList } from "../problems";
import { ACTION_TABLE, type ActionColumn, PARTNERSHIP_TABLE, type PartnershipColumn } from "../../convention/convention.table";
import { type TableWrite, writeTable, writeTableIds } from "../../db/table-writer";
import { type ChildrenReplacement, removeOtherChildren } from "../../db/table-children";
import { checkSourceCodes, readSourceCode, SOURCE_CODE_COLUMN, SOURCE_ID, SOURCE_INPUT, SOURCE_JOIN } from "../source-code";
import { actionPriorityReader, actionStatusReader, checkRowScopes, distinct, parseTargetPublics, themeReader } from "../vocabulary";

export interface ActionRow {
  conventionReference: string | null;
  title: string | null;
  theme: Theme | null;
  status: ActionStatus;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  /** Axis number in the latest SDSF scheme of the convention's département. */
  sdsfAxis: number | null;
  partnerRna: string | null;
  budget: number | null;
  description: string | null;
  /** Rank in the convention's plan: when the file has the column, the action is identified by it rather than by its title. */
  position: number | null;
  /** Rank of the objective (already stored) the action serves. */
  objectivePosition: number | null;
  priority: ActionPriority | null;
  targetPublics: TargetPublic[];
  /** Rank of the action this one is a sub-action of (stored, or in the same file). */
  parentPosition: number | null;
  electedReferentName: string | null;
  electedReferentMandate: string | null;
  sourceCode: string | null;
}

/** The bounds of a `position` column (a PostgreSQL integer), from 1. */
const POSITION = { min: 1, max: 2_147_483_647 };

export function parseRna(raw: RawValue): Parsed<string> {
  return parseText(typeof raw === "string" ? raw.toUpperCase() : raw, FIELD_RULES.rna);
}

function readAction(reader: RowReader): ActionRow {
  const startsOn = reader.field("starts_on", parseDate);
  const endsOn = reader.field("ends_on", parseDate);
  if (startsOn && endsOn && endsOn < startsOn) reader.report("ends_on", `la fin (${endsOn}) précède le début (${startsOn})`);
  return {
    conventionReference: reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true }),
    title: reader.field("title", (raw) => parseText(raw, FIELD_RULES.title), { required: true }),
    theme: reader.field("theme", (raw) => themeReader.parse(raw), { required: true }),
    status: reader.field("status", (raw) => actionStatusReader.parse(raw)) ?? ActionStatus.PLANNED,
    startsOn,
    endsOn,
    sdsfAxis: reader.field("sdsf_axis", (raw) => parseNumber(raw, FIELD_RULES.axisNumber)),
    partnerRna: reader.field("partner_rna", parseRna),
    budget: reader.field("budget", (raw) => parseNumber(raw, FIELD_RULES.budget)),
    description: reader.field("description", (raw) => parseText(raw, FIELD_RULES.longText)),
    // Required on every row of a file that has the column: a file identifies its actions one way.
    position: reader.field("position", (raw) => parseInteger(raw, POSITION), { required: reader.has("position") }),
    objectivePosition: reader.field("objective_position", (raw) => parseInteger(raw, POSITION)),
    priority: reader.field("priority", (raw) => actionPriorityReader.parse(raw)),
    targetPublics: reader.field("target_publics", parseTargetPublics) ?? [],
    parentPosition: reader.field("parent_position", (raw) => parseInteger(raw, POSITION)),
    electedReferentName: reader.field("elected_referent_name", (raw) => parseText(raw, FIELD_RULES.name)),
    electedReferentMandate: reader.field("elected_referent_mandate", (raw) => parseText(raw, FIELD_RULES.name)),
    sourceCode: readSourceCode(reader),
  };
}

const actionKey = (row: ActionRow) => (row.conventionReference && row.title ? `${row.conventionReference}\u0000${row.title}` : null);
const positionKey = (row: ActionRow) =>
  row.conventionReference && row.position !== null ? `${row.conventionReference}\u0000${row.position}` : null;

/**
 * How deep each row lies under the sub-action links the file gives (0: no parent in the file), so parents are written
 * before their sub-actions; a link that loops is reported.
 */
export function parentDepths(rows: ReadonlyArray<Located<ActionRow>>, problems?: ProblemList): Map<Located<ActionRow>, number> {
  const byKey = new Map(rows.filter((r) => positionKey(r.row) !== null).map((r) => [positionKey(r.row) as string, r]));
  const depths = new Map<Located<ActionRow>, number>();
  const depthOf = (located: Located<ActionRow>, seen: Set<Located<ActionRow>>): number => {
    const known = depths.get(located);
    if (known !== undefined) return known;
    const { row } = located;
    const parent = row.parentPosition === null ? undefined : byKey.get(`${row.conventionReference}\u0000${row.parentPosition}`);
    let depth = 0;
    if (parent && (seen.has(parent) || parent === located)) {
      problems?.add(located.line, "parent_position", String(row.parentPosition), "les sous-actions forment une boucle");
    } else if (parent) {
      depth = depthOf(parent, new Set([...seen, located])) + 1;
    }
    depths.set(located, depth);
    return depth;
  };
  for (const located of rows) depthOf(located, new Set());
  return depths;
}

function checkActionRows(rows: ReadonlyArray<Located<ActionRow>>, problems: ProblemList): void {
  for (const { line, row } of rows) {
    if (row.parentPosition !== null && row.position === null) {
      problems.add(line, "position", null, "une sous-action (parent_position) se range par son rang : donnez la colonne position");
    }
  }
  parentDepths(rows, problems);
  const byPosition = rows.filter((r) => r.row.position !== null);
  if (byPosition.length > 0) {
    const shown = (r: ActionRow) => (r.position === null ? null : String(r.position));
    reportDuplicates(byPosition, positionKey, problems, "position", shown, "action (même convention, même rang)");
  } else {
    reportDuplicates(rows, actionKey, problems, "title", (r) => r.title, "action (même convention, même intitulé)");
  }
}

async function checkActionReferences(rows: ReadonlyArray<Located<ActionRow>>, context: CheckContext): Promise<void> {
  const { tx, viewer, problems } = context;
  await checkSourceCodes(rows, (row) => row.sourceCode, context);
  // An action lies where its convention lies. Its SDSF axis is looked up by number in the SDSF of that
  // same département only (below and in INPUT_SQL), so it cannot name another département's axis.
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.conventionReference
      ? { owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: row.conventionReference } } }
      : null,
  );
  const references = distinct(rows.map((r) => r.row.conventionReference));
  // One query for every convention of the file: its département, the latest SDSF scheme there and its axes.
  const conventions: Array<{ reference: string; department_code: string; scheme_title: string | null; axes: number[] | null }> =
    references.length === 0
      ? []
      : await tx.query(
          `SELECT c.reference, c.department_code, s.title AS scheme_title,
              array_agg(ax.number ORDER BY ax.number) FILTER (WHERE ax.number IS NOT NULL) AS axes
       FROM convention c
       LEFT JOIN LATERAL (
         SELECT s.id, s.title FROM sdsf_scheme s WHERE s.department_code = c.department_code
         ORDER BY s.starts_on DESC NULLS LAST, s.id DESC LIMIT 1) s ON true
       LEFT JOIN sdsf_axis ax ON ax.scheme_id = s.id
       WHERE c.reference = ANY($1)
       GROUP BY c.reference, c.department_code, s.title`,
          [references],
        );
  const byReference = new Map(conventions.map((c) => [c.reference, c]));
  const ambiguous: Array<{ reference: string; title: string }> =
    references.length === 0
      ? []
      : await tx.query(
          `SELECT c.reference, a.title FROM action a JOIN convention c ON c.id = a.convention_id
     WHERE c.reference = ANY($1) GROUP BY c.reference, a.title HAVING count(*) > 1`,
          [references],
        );
  const ambiguousKeys = new Set(ambiguous.map((a) => `${a.reference}\u0000${a.title}`));
  const objectiveReferences = distinct(rows.filter((r) => r.row.objectivePosition !== null).map((r) => r.row.conventionReference));
  const objectives: Array<{ reference: string; position: number }> =
    objectiveReferences.length === 0
      ? []
      : await tx.query(
          `SELECT c.reference, o.position FROM objective o JOIN convention c ON c.id = o.convention_id WHERE c.reference = ANY($1)`,
          [objectiveReferences],
        );
  const knownObjectives = new Set(objectives.map((o) => `${o.reference}\u0000${o.position}`));
  const parentReferences = distinct(rows.filter((r) => r.row.parentPosition !== null).map((r) => r.row.conventionReference));
  const storedPositions: Array<{ reference: string; position: number }> =
    parentReferences.length === 0
      ? []
      : await tx.query(
          `SELECT c.reference, a.position FROM action a JOIN convention c ON c.id = a.convention_id WHERE c.reference = ANY($1)`,
          [parentReferences],
        );
  const knownActions = new Set([
    ...storedPositions.map((a) => `${a.reference}\u0000${a.position}`),
    ...rows.map((r) => positionKey(r.row)).filter((key) => key !== null),
  ]);
  for (const { line, row } of rows) {
    if (row.parentPosition !== null && !knownActions.has(`${row.conventionReference}\u0000${row.parentPosition}`)) {
      problems.add(line, "parent_position", String(row.parentPosition), "aucune action de cette CTG n'a ce rang");
    }
  }
  const partners = distinct(rows.map((r) => r.row.partnerRna));
  const knownPartners = new Set(
    partners.length === 0
      ? []
      : ((await tx.query(`SELECT rna FROM partner_association WHERE rna = ANY($1)`, [partners])) as Array<{ rna: string }>).map(
          (r) => r.rna,
        ),
  );

  for (const { line, row } of rows) {
    const convention = row.conventionReference ? byReference.get(row.conventionReference) : undefined;
    const key = actionKey(row);
    if (row.objectivePosition !== null && convention && !knownObjectives.has(`${row.conventionReference}\u0000${row.objectivePosition}`)) {
      problems.add(
        line,
        "objective_position",
        String(row.objectivePosition),
        "objectif inconnu pour cette CTG (importez d'abord les objectifs)",
      );
    }
    // Identified by its position, an action may share its title with another.
    if (key && row.position === null && ambiguousKeys.has(key)) {
      problems.add(
        line,
        "title",
        row.title,
        "plusieurs actions de cette convention portent déjà cet intitulé : impossible de savoir laquelle mettre à jour",
      );
    }
    if (convention && row.sdsfAxis !== null) {
      if (convention.scheme_title === null) {
        problems.add(line, "sdsf_axis", String(row.sdsfAxis), `aucun SDSF enregistré pour le département ${convention.department_code}`);
      } else if (!(convention.axes ?? []).includes(row.sdsfAxis)) {
        problems.add(
          line,
          "sdsf_axis",
          String(row.sdsfAxis),
          `axe inconnu dans le SDSF « ${convention.scheme_title} » (axes : ${(convention.axes ?? []).join(", ") || "aucun"})`,
        );
      }
    }
    if (row.partnerRna && !knownPartners.has(row.partnerRna)) {
      problems.add(line, "partner_rna", row.partnerRna, "association inconnue (importez d'abord les associations)");
    }
  }
}

/** Columns the file may leave out: they are set on insert and left alone on update (`keep`). */
const SOURCE_OF: { readonly [K in ActionColumn]?: string } = {
  description: "description",
  status: "status",
  starts_on: "starts_on",
  ends_on: "ends_on",
  sdsf_axis_id: "sdsf_axis",
  budget: "budget",
  objective_id: "objective_position",
  source_id: "source_code",
  priority: "priority",
  target_publics: "target_publics",
  parent_action_id: "parent_position",
  elected_referent_name: "elected_referent_name",
  elected_referent_mandate: "elected_referent_mandate",
};

/** The stored action a row matches: the oldest at its position (file with a position column), or the one with its title. */
const ACTION_AT_POSITION = "SELECT t.id FROM action t WHERE t.convention_id = c.id AND t.position = j.position ORDER BY t.id LIMIT 1";
const ACTION_TITLED = "SELECT t.id FROM action t WHERE t.convention_id = c.id AND t.title = j.title";

/**
 * Actions of the file, matched to stored ones by (convention, title), or by (convention, position) when the file
 * has a position column (the oldest action at that position, should someone have added a second one). Without
 * that column new actions are numbered after the convention's last position, in file order. The SDSF axis is
 * looked up by number in the latest SDSF scheme of the convention's département, the objective by its position.
 */
export function actionsWrite(present: (column: string) => boolean, byPosition = false): TableWrite<ActionColumn> & { returning: "ids" } {
  const absent = (Object.entries(SOURCE_OF) as Array<[ActionColumn, string]>).filter(([, source]) => !present(source)).map(([c]) => c);
  return {
    columns: [
      "convention_id",
      "title",
      "position",
      "description",
      "theme",
      "status",
      "starts_on",
      "ends_on",
      "sdsf_axis_id",
      "budget",
      "objective_id",
      "source_id",
      "priority",
      "target_publics",
      "parent_action_id",
      "elected_referent_name",
      "elected_referent_mandate",
    ],
    inputs: {
      line: "int",
      convention_reference: "text",
      sdsf_axis: "int",
      objective_position: "int",
      parent_position: "int",
      ...SOURCE_INPUT,
    },
    joins: `JOIN convention c ON c.reference = j.convention_reference
      LEFT JOIN LATERAL (
        SELECT s.id FROM sdsf_scheme s WHERE s.department_code = c.department_code
        ORDER BY s.starts_on DESC NULLS LAST, s.id DESC LIMIT 1) s ON j.sdsf_axis IS NOT NULL
      LEFT JOIN sdsf_axis ax ON ax.scheme_id = s.id AND ax.number = j.sdsf_axis
      LEFT JOIN objective o ON o.convention_id = c.id AND o.position = j.objective_position
      LEFT JOIN LATERAL (
        -- Gated: a row without a parent reads no action (a plan of 100,000 actions would be read once per row).
        SELECT p.id FROM action p WHERE j.parent_position IS NOT NULL AND p.convention_id = c.id AND p.position = j.parent_position
        ORDER BY p.id LIMIT 1) pp ON true
      ${SOURCE_JOIN}`,
    computed: {
      convention_id: "c.id",
      sdsf_axis_id: "ax.id",
      objective_id: "o.id",
      parent_action_id: "pp.id",
      ...SOURCE_ID,
      ...(byPosition ? {} : { position: "NULL" }),
    },
    ...(byPosition ? {} : { numbered: { column: "position" as const, within: "convention_id" as const, order: "j.line" } }),
    onConflict: byPosition
      ? {
          kind: "match",
          target: ACTION_AT_POSITION,
          keep: ["convention_id", "position", ...absent],
        }
      : {
          kind: "match",
          target: ACTION_TITLED,
          keep: ["convention_id", "title", "position", ...absent],
        },
    audit: "action",
    returning: "ids",
  };
}

/** The partner named by RNA operates the action: the partnership is added if missing (never removed). */
const PARTNERS_WRITE: TableWrite<PartnershipColumn> & { returning: "none" } = {
  columns: ["association_id", "action_id", "role"],
  inputs: { convention_reference: "text", title: "text", partner_rna: "text" },
  joins: `JOIN convention c ON c.reference = j.convention_reference
    JOIN action a ON a.convention_id = c.id AND a.title = j.title
    JOIN partner_association pa ON pa.rna = j.partner_rna`,
  computed: { association_id: "pa.id", action_id: "a.id", role: "'OPERATOR'" },
  onConflict: { kind: "skip" },
  audit: "partnership",
  returning: "none",
};

/** A row as the action table's write takes it. */
const actionInput = ({ line, row }: Located<ActionRow>) => ({
  line,
  convention_reference: row.conventionReference,
  title: row.title,
  description: row.description,
  theme: row.theme,
  status: row.status,
  starts_on: row.startsOn,
  ends_on: row.endsOn,
  sdsf_axis: row.sdsfAxis,
  budget: row.budget,
  position: row.position,
  objective_position: row.objectivePosition,
  source_code: row.sourceCode,
  priority: row.priority,
  target_publics: row.targetPublics,
  parent_position: row.parentPosition,
  elected_referent_name: row.electedReferentName,
  elected_referent_mandate: row.electedReferentMandate,
});

async function writeActions(rows: ReadonlyArray<Located<ActionRow>>, context: WriteContext) {
  const { tx } = context;
  const write = actionsWrite(context.present, context.present("position"));
  // Parents before their sub-actions: a sub-action's statement finds the parent an earlier one wrote.
  const depths = parentDepths(rows);
  let deepest = 0;
  for (const depth of depths.values()) deepest = Math.max(deepest, depth);
  const outcome = { created: [] as number[], updated: [] as number[] };
  for (let depth = 0; depth <= deepest; depth++) {
    const wave = rows.filter((r) => depths.get(r) === depth);
    const written = await writeTableIds(tx, ACTION_TABLE, write, wave.map(actionInput), batchOptions(context));
    outcome.created.push(...written.created);
    outcome.updated.push(...written.updated);
  }
  const counts = [tableCount("action", "actions", rows.length, outcome.created.length, outcome.updated.length)];

  const partners = rows
    .filter((r) => r.row.partnerRna !== null)
    .map(({ row }) => ({ convention_reference: row.conventionReference, title: row.title, partner_rna: row.partnerRna }));
  if (partners.length > 0) {
    const created = await writeTable(tx, PARTNERSHIP_TABLE, PARTNERS_WRITE, partners, {
      actor: context.actor,
      batchSize: context.batchSize,
    });
    counts.push(tableCount("partnership", "partenariats (opérateur)", partners.length, created, 0));
  }
  return counts;
}

/** Replace mode: the actions of the file's conventions that no row matches (as the write matches them) are removed. */
const otherActions = (byPosition: boolean): ChildrenReplacement<ActionColumn> => ({
  parent: "convention_id",
  inputs: { convention_reference: "text", position: "int", title: "text" },
  joins: "JOIN convention c ON c.reference = j.convention_reference",
  parentId: "c.id",
  kept: `(${byPosition ? ACTION_AT_POSITION : ACTION_TITLED})`,
  audit: "action",
});

const actionChildren: ChildrenDeclaration<ActionRow> = {
  ...conventionParent,
  async removeOthers(rows, parents, context) {
    const keys = rows.map(({ row }) => ({ convention_reference: row.conventionReference, position: row.position, title: row.title }));
    const replacement = otherActions(context.present("position"));
    const deleted = await removeOtherChildren(context.tx, ACTION_TABLE, replacement, keys, parents, context.actor);
    return { ...tableCount("action", "actions", 0, 0, 0), deleted };
  },
};

export const actionsKind: ImportKind<ActionRow> = {
  name: "actions",
  label: "actions",
  naturalKey: "convention_reference + title",
  columns: [
    {
      name: "convention_reference",
      required: true,
      aliases: ["convention", "reference_convention", "reference"],
      description: "Référence de la CTG (déjà en base)",
    },
    {
      name: "title",
      required: true,
      aliases: ["titre", "intitulé"],
      description: "Intitulé (3 à 300 caractères) ; avec la référence, identifie l'action",
    },
    { name: "theme", required: true, aliases: ["thématique"], description: "Thématique (code EARLY_CHILDHOOD, YOUTH… ou libellé)" },
    { name: "status", aliases: ["état", "statut"], description: "planned, under_study, in_progress, done ou abandoned (vide : planned)" },
    { name: "starts_on", aliases: ["date_debut", "début"], description: "Début" },
    { name: "ends_on", aliases: ["date_fin", "fin"], description: "Fin (postérieure au début)" },
    { name: "sdsf_axis", aliases: ["axe_sdsf"], description: "Numéro d'axe du SDSF le plus récent du département de la CTG, ou vide" },
    { name: "partner_rna", aliases: ["rna_partenaire"], description: "RNA de l'association qui porte l'action (déjà en base), ou vide" },
    { name: "budget", description: "Budget en euros (virgule décimale acceptée)" },
    { name: "description", description: "Description" },
    {
      name: "position",
      aliases: ["rang"],
      description: "Rang dans le plan d'actions (1, 2, …) : avec la colonne, l'action est identifiée par son rang et non par son intitulé",
    },
    { name: "objective_position", aliases: ["rang_objectif"], description: "Rang de l'objectif (déjà en base) que sert l'action" },
    { name: "priority", aliases: ["priorité"], description: "Priorité : élevée, moyenne ou basse (high, medium, low)" },
    {
      name: "target_publics",
      aliases: ["publics", "publics_cibles"],
      description: "Publics visés, séparés par | (familles, parents, jeunes (11–17 ans)… ou leurs codes)",
    },
    {
      name: "parent_position",
      aliases: ["sous_action_de", "rang_action_parente"],
      description: "Rang de l'action dont celle-ci est une sous-action (en base ou dans le fichier ; colonne position requise)",
    },
    { name: "elected_referent_name", aliases: ["élu_référent"], description: "Élu référent de l'action" },
    { name: "elected_referent_mandate", aliases: ["mandat_élu"], description: "Mandat de l'élu référent" },
    SOURCE_CODE_COLUMN,
  ],
  read: (reader) => readAction(reader),
  checkRows: checkActionRows,
  checkDatabase: checkActionReferences,
  write: writeActions,
  children: actionChildren,
};
