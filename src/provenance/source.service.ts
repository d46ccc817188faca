import type { EntityManager } from "typeorm";
import type { SourceKind } from "./source.entity";

export interface SourceInput {
  code: string;
  kind: SourceKind;
  title: string;
  citation: string | null;
  vintage: string | null;
}

/** Records (or refreshes) a source by its code and returns its id. */
export async function upsertSource(manager: EntityManager, source: SourceInput): Promise<number> {
  const rows: Array<{ id: number }> = await manager.query(
    `INSERT INTO source (code, kind, title, citation, vintage) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, title = excluded.title,
       citation = excluded.citation, vintage = excluded.vintage
     RETURNING id`,
    [source.code, source.kind, source.title, source.citation, source.vintage],
  );
  return rows[0].id;
}
