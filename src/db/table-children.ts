import type { EntityManager } from "typeorm";
import type { TableDeclaration } from "./table-writer";

/**
 * "These parents now have exactly these children": after a write has upserted the children it was given (a
 * convention's objectives by position), the stored children of the same parents that none of the rows matches
 * are deleted, in one statement, each with a `DELETE` audit entry. Declared once per child table by the path
 * that writes it (an import kind), beside its upsert, and matched the way that upsert matches.
 */
export interface ChildrenReplacement<C extends string> {
  /** The column naming the parent (`convention_id`). */
  readonly parent: C;
  /** The fields of a row (and of a parent key) the statement reads, with their SQL types. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Joins after the input row `j` that find its parent (`JOIN convention c ON c.reference = j.convention_reference`). */
  readonly joins: string;
  /** The parent's id over `j` and the joins (`c.id`). */
  readonly parentId: string;
  /** The id of the stored child a row matches, over `j` and the joins (a scalar subquery), as the upsert matches it. */
  readonly kept: string;
  /** Audit entity of the removed rows. */
  readonly audit: string;
}

/** The statement: $1 the rows, $2 the parent keys (both JSON arrays of `inputs`), $3 and $4 the actor's subject and role. */
export function childrenReplacementSql<C extends string>(declaration: TableDeclaration<C>, replacement: ChildrenReplacement<C>): string {
  const { table } = declaration;
  const fields = Object.entries(replacement.inputs)
    .map(([name, type]) => `${name} ${type}`)
    .join(", ");
  return `WITH parents AS (
      SELECT DISTINCT ${replacement.parentId} AS id FROM json_to_recordset($2::json) AS j(${fields}) ${replacement.joins}),
    kept AS (SELECT ${replacement.kept} AS id FROM json_to_recordset($1::json) AS j(${fields}) ${replacement.joins}),
    removed AS (
      DELETE FROM ${table} x WHERE x.${replacement.parent} IN (SELECT id FROM parents)
        AND NOT EXISTS (SELECT 1 FROM kept k WHERE k.id = x.id)
      RETURNING x.*),
    audit AS (
      INSERT INTO audit_entry (actor_subject, actor_role, entity, entity_id, operation, before, after)
      SELECT $3, $4, '${replacement.audit}', x.id::text, 'DELETE', to_jsonb(x), NULL FROM removed x)
  SELECT count(*)::int AS n FROM removed`;
}

/**
 * Deletes the stored children of `parents` (keys by the parent's input fields) that none of `rows` matches; answers
 * how many. One statement over every row: a parent's children are never split between two batches.
 */
export async function removeOtherChildren<C extends string>(
  tx: EntityManager,
  declaration: TableDeclaration<C>,
  replacement: ChildrenReplacement<C>,
  rows: readonly unknown[],
  parents: readonly unknown[],
  actor: { readonly subject: string; readonly role: string },
): Promise<number> {
  if (parents.length === 0) return 0;
  const [result]: Array<{ n: number }> = await tx.query(childrenReplacementSql(declaration, replacement), [
    JSON.stringify(rows),
    JSON.stringify(parents),
    actor.subject,
    actor.role,
  ]);
  return result.n;
}
