import type { EntityManager } from "typeorm";
import { Role, type Viewer } from "../auth/viewer";
import { HolderKind, SignatoryKind } from "../convention/convention-enums";
import { OperatorKind } from "../facility/facility-enums";
import { runImports } from "../import/importer";
import type { ImportKindName, TableCount } from "../import/kind";
import { formatProblem } from "../import/report";
import { upsertSource } from "../provenance/source.service";
import { REFERENCE_CASES } from "./reference-cases.data";
import { referenceFiles } from "./reference-cases.rows";
import type { ReferenceCase } from "./reference-cases.types";

/**
 * The reference cases are an import of bundled rows: the dataset becomes the files of the import kinds
 * (src/reference/reference-cases.rows.ts), which read, check and write them as any file, in one transaction, all or
 * nothing, in replace mode for the children of the dataset's conventions and facilities. Idempotent: a second load
 * creates nothing, changes nothing and audits nothing. No SQL of its own writes a table.
 */

/** The system actor of the load, as the audit log names it: an administrator, for every département. */
export const REFERENCE_ACTOR: Viewer = {
  kind: "user",
  subject: "reference-cases",
  role: Role.ADMIN,
  national: true,
  departments: [],
  associationId: null,
};

export interface ReferenceLoadReport {
  /** Sources recorded (each is upserted by its code). */
  sources: number;
  /** What each import kind did, in the order they ran: per table, created, updated, unchanged and deleted rows. */
  imports: Array<{ kind: ImportKindName; rows: number; counts: TableCount[] }>;
  durationMs: number;
}

const json = (value: unknown): string => JSON.stringify(value);

/** Every commune and EPCI the cases name, so a missing geography fails with a clear message, not a foreign key error. */
function territoriesNamed(cases: readonly ReferenceCase[]): { communes: Set<string>; intercommunalities: Set<string> } {
  const communes = new Set<string>();
  const intercommunalities = new Set<string>();
  for (const c of cases) {
    for (const convention of c.conventions) {
      const { holder } = convention;
      if (holder.kind === HolderKind.COMMUNE) communes.add(holder.communeCode);
      else intercommunalities.add(holder.intercommunalitySiren);
      for (const s of convention.signatories) {
        if (s.kind === SignatoryKind.COMMUNE) communes.add(s.communeCode);
        if (s.kind === SignatoryKind.INTERCOMMUNALITY) intercommunalities.add(s.intercommunalitySiren);
      }
    }
    for (const { territory } of c.indicators) {
      if ("communeCode" in territory) communes.add(territory.communeCode);
      else intercommunalities.add(territory.intercommunalitySiren);
    }
    for (const facility of c.facilities) {
      communes.add(facility.communeCode);
      if (facility.operator?.kind === OperatorKind.COMMUNE) communes.add(facility.operator.communeCode);
      if (facility.operator?.kind === OperatorKind.INTERCOMMUNALITY) {
        intercommunalities.add(facility.operator.intercommunalitySiren);
      }
    }
  }
  return { communes, intercommunalities };
}

async function missingCodes(manager: EntityManager, table: "commune" | "intercommunality", codes: Set<string>) {
  const column = table === "commune" ? "code" : "siren";
  const rows: Array<{ code: string }> = await manager.query(
    `SELECT r.code FROM json_array_elements_text($1::json) AS r(code)
     WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${column} = r.code) ORDER BY r.code`,
    [json([...codes])],
  );
  return rows.map((r) => r.code);
}

/** The reference cases sit on the national geography: refuse to load them without it. */
async function assertGeographyLoaded(manager: EntityManager, cases: readonly ReferenceCase[]): Promise<void> {
  const named = territoriesNamed(cases);
  const communes = await missingCodes(manager, "commune", named.communes);
  const intercommunalities = await missingCodes(manager, "intercommunality", named.intercommunalities);
  if (communes.length + intercommunalities.length > 0) {
    throw new Error(
      `Reference cases name territories missing from the database (communes: ${communes.join(", ") || "none"}; ` +
        `EPCI: ${intercommunalities.join(", ") || "none"}): import the geography first`,
    );
  }
}

async function recordSources(manager: EntityManager, cases: readonly ReferenceCase[]): Promise<void> {
  for (const { source } of cases) await upsertSource(manager, { ...source, vintage: null });
}

/** Refused rows are a mistake in the bundled dataset: the load fails, naming each problem as an import report does. */
class ReferenceRejected extends Error {}

/**
 * Loads the bundled reference cases (real, published CTG and facilities) as one import of several files, with the
 * system actor REFERENCE_ACTOR. Needs the geography.
 */
export async function loadReferenceCases(
  manager: EntityManager,
  cases: readonly ReferenceCase[] = REFERENCE_CASES,
): Promise<ReferenceLoadReport> {
  const started = Date.now();
  await assertGeographyLoaded(manager, cases);
  // A file with no row is left out, unless it empties the children of its parents.
  const files = referenceFiles(cases).filter((file) => file.records.length > 0 || (file.parents ?? []).length > 0);
  const reports = await runImports(manager, {
    viewer: REFERENCE_ACTOR,
    prepare: (tx) => recordSources(tx, cases),
    files: files.map((file) => ({
      kind: file.kind,
      fileName: `reference-cases/${file.kind}.json`,
      content: Buffer.from(json(file.records)),
      replace: file.parents ? { parents: file.parents } : null,
    })),
  });
  const refused = reports.filter((r) => r.problemCount > 0 || r.status !== "applied");
  if (refused.length > 0) {
    const problems = refused.flatMap((r) => r.problems.map((p) => `  ${r.kind} (${r.file}) : ${formatProblem(p, r.format)}`));
    throw new ReferenceRejected(`Cas de référence refusés par l'import, rien n'a été écrit :\n${problems.join("\n")}`);
  }
  return {
    sources: new Set(cases.map((c) => c.source.code)).size,
    imports: reports.map((r) => ({ kind: r.kind, rows: r.rows, counts: r.counts })),
    durationMs: Date.now() - started,
  };
}
