import type { EntityManager } from "typeorm";
import { writeTableRows } from "../db/table-writer";
import type { SourceKind } from "./source.entity";
import { SOURCE_TABLE } from "./source.table";

export interface SourceInput {
  code: string;
  kind: SourceKind;
  title: string;
  citation: string | null;
  vintage: string | null;
}

/** Records (or refreshes) a source by its code and returns its id (the stored row's, changed or not). */
export async function upsertSource(manager: EntityManager, source: SourceInput): Promise<number> {
  const [row] = await writeTableRows<keyof typeof SOURCE_TABLE.columns, { id: number }>(
    manager,
    SOURCE_TABLE,
    {
      columns: ["code", "kind", "title", "citation", "vintage"],
      onConflict: { kind: "update", keep: ["code"], always: true },
      returning: "rows",
    },
    [{ ...source }],
  );
  return row.id;
}
