import type { EntityManager } from "typeorm";
import { type TableDeclaration, writtenValueSql } from "./table-writer";

/**
 * "These parents now have exactly these children": the set of a parent's rows in a child table (a
 * convention's covered communes) is replaced in one statement that deletes what is gone and inserts what
 * is new, leaving the rows kept untouched; with an audit entry on the parent for each set that changed.
 * Declared by the table (src/db/table-writer.ts) and the caller's two queries.
 */
export interface SetReplacement<C extends string> {
  /** The column naming the parent (`convention_id`). */
  readonly parent: C;
  /** The columns of a member besides the parent (`commune_code`): a row is its parent and these. */
  readonly members: readonly C[];
  /** SQL giving the parents whose sets are replaced, as a column `id`, over $1 (the rows as JSON) and the parameters after it. */
  readonly parents: string;
  /** SQL giving the wanted rows (the parent and member columns by name), over the same parameters. Duplicates are merged. */
  readonly wanted: string;
  /**
   * Audit: one `UPDATE` entry on the parent's entity for each parent whose set changed, its before and after
   * being `{ [field]: sorted members }` (one member column).
   */
  readonly audit?: { readonly entity: string; readonly field: string };
}

export interface SetOutcome {
  /** Rows wanted (each set's size, summed). */
  total: number;
  created: number;
  deleted: number;
  /** Parents whose set changed. */
  changedParents: number[];
}

/** The statement: $1 the rows as JSON, then `parameters`, then (audited) the actor's subject and role. */
export function setReplacementSql<C extends string>(
  declaration: TableDeclaration<C>,
  replacement: SetReplacement<C>,
  parameters = 0,
): string {
  const { table, columns } = declaration;
  const { parent, members } = replacement;
  const all = [parent, ...members];
  const typed = (alias: string) => all.map((c) => `${alias}.${c}::${columns[c].type} AS ${c}`).join(", ");
  // What is wanted is stored as written by the table's declaration (a former commune code as the current commune).
  const wantedTyped = all.map((c) => `${writtenValueSql(columns[c], `w.${c}::${columns[c].type}`)} AS ${c}`).join(", ");
  const same = (a: string, b: string) => all.map((c) => `${a}.${c} = ${b}.${c}`).join(" AND ");
  const names = all.join(", ");
  let audit = "";
  if (replacement.audit) {
    if (members.length !== 1) throw new Error(`${table}: an audited set has one member column`);
    const member = members[0];
    const actor = parameters + 2;
    const list = (from: string) =>
      `jsonb_build_object('${replacement.audit?.field}', coalesce((SELECT jsonb_agg(x.${member} ORDER BY x.${member}) FROM ${from} x WHERE x.${parent} = ch.${parent}), '[]'::jsonb))`;
    audit = `,
    audit AS (
      INSERT INTO audit_entry (actor_subject, actor_role, entity, entity_id, operation, before, after)
      SELECT $${actor}, $${actor + 1}, '${replacement.audit.entity}', ch.${parent}::text, 'UPDATE', ${list("current")}, ${list("wanted")}
      FROM changed ch)`;
  }
  return `WITH parents AS (SELECT p.id FROM (${replacement.parents}) p),
    wanted AS (SELECT DISTINCT ${wantedTyped} FROM (${replacement.wanted}) w),
    current AS (SELECT ${typed("x")} FROM ${table} x WHERE x.${parent} IN (SELECT id FROM parents)),
    removed AS (
      DELETE FROM ${table} x WHERE x.${parent} IN (SELECT id FROM parents)
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE ${same("w", "x")})
      RETURNING x.${parent}),
    added AS (
      INSERT INTO ${table} (${names}) SELECT ${names} FROM wanted w
      WHERE NOT EXISTS (SELECT 1 FROM current x WHERE ${same("w", "x")})
      RETURNING ${parent}),
    changed AS (SELECT ${parent} FROM removed UNION SELECT ${parent} FROM added)${audit}
  SELECT (SELECT count(*) FROM wanted)::int AS total, (SELECT count(*) FROM added)::int AS created,
    (SELECT count(*) FROM removed)::int AS deleted, (SELECT coalesce(json_agg(${parent}), '[]'::json) FROM changed) AS changed`;
}

/** Replaces the sets of the parents `rows` name, in batches (each batch one statement). */
export async function replaceSets<C extends string>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  replacement: SetReplacement<C>,
  rows: readonly unknown[],
  options: {
    readonly parameters?: readonly unknown[];
    readonly actor?: { readonly subject: string; readonly role: string };
    readonly batchSize?: number;
  } = {},
): Promise<SetOutcome> {
  const sql = setReplacementSql(declaration, replacement, options.parameters?.length ?? 0);
  const size = options.batchSize ?? Math.max(rows.length, 1);
  const actor = options.actor ? [options.actor.subject, options.actor.role] : [];
  const outcome: SetOutcome = { total: 0, created: 0, deleted: 0, changedParents: [] };
  // One statement at least: parents named by a parameter have their set emptied by an empty list.
  for (let start = 0; start === 0 || start < rows.length; start += size) {
    const [result]: Array<{ total: number; created: number; deleted: number; changed: number[] | string }> = await tx.query(sql, [
      JSON.stringify(rows.slice(start, start + size)),
      ...(options.parameters ?? []),
      ...actor,
    ]);
    outcome.total += result.total;
    outcome.created += result.created;
    outcome.deleted += result.deleted;
    const changed = typeof result.changed === "string" ? (JSON.parse(result.changed) as number[]) : result.changed;
    outcome.changedParents.push(...changed);
  }
  return outcome;
}
