import { formerCodeNotices } from "./former-codes";
import { performance } from "node:perf_hooks";
import type { EntityManager } from "typeorm";
import { describeViewer, Role, type Viewer } from "../auth/viewer";
import { inWriteTransaction } from "../db/write";
import { RowReader, mapColumns, type ColumnMapping } from "./columns";
import { type ImportKind, type ImportKindName, type KindOptions, type Located, type ParentKey, type TableCount } from "./kind";
import { actionsKind } from "./kinds/actions";
import { approvalsKind } from "./kinds/approvals";
import { associationsKind } from "./kinds/associations";
import { conventionsKind } from "./kinds/conventions";
import { budgetLinesKind } from "./kinds/budget-lines";
import { evaluationsKind } from "./kinds/evaluations";
import { facilitiesKind } from "./kinds/facilities";
import { fundingsKind } from "./kinds/fundings";
import { meetingsKind } from "./kinds/meetings";
import { notesKind } from "./kinds/notes";
import { pilotsKind } from "./kinds/pilots";
import { indicatorDefinitionsKind } from "./kinds/indicator-definitions";
import { indicatorsKind } from "./kinds/indicators";
import { cafKindFor } from "./caf/caf-kind";
import { objectivesKind } from "./kinds/objectives";
import { sdsfKind } from "./kinds/sdsf";
import { signatoriesKind } from "./kinds/signatories";
import { ProblemList } from "./problems";
import { silentProgress, type ProgressReporter } from "./progress";
import type { ImportReport } from "./report";
import { readSource, type SourceTable } from "./source-file";
import { yieldToEventLoop } from "./event-loop";
import { checkRowScopes } from "./vocabulary";

/** Every kind, by name. The type parameter is erased here: each kind reads and writes its own rows. */
export const importKinds: Record<ImportKindName, ImportKind<unknown>> = {
  conventions: conventionsKind as ImportKind<unknown>,
  objectives: objectivesKind as ImportKind<unknown>,
  signatories: signatoriesKind as ImportKind<unknown>,
  actions: actionsKind as ImportKind<unknown>,
  associations: associationsKind as ImportKind<unknown>,
  facilities: facilitiesKind as ImportKind<unknown>,
  approvals: approvalsKind as ImportKind<unknown>,
  // A file of data.caf.fr as published is read by the kind of its format (src/import/caf/).
  indicators: { ...(indicatorsKind as ImportKind<unknown>), variantFor: cafKindFor },
  sdsf: sdsfKind as ImportKind<unknown>,
  pilots: pilotsKind as ImportKind<unknown>,
  budget_lines: budgetLinesKind as ImportKind<unknown>,
  fundings: fundingsKind as ImportKind<unknown>,
  notes: notesKind as ImportKind<unknown>,
  meetings: meetingsKind as ImportKind<unknown>,
  evaluations: evaluationsKind as ImportKind<unknown>,
  indicator_definitions: indicatorDefinitionsKind as ImportKind<unknown>,
};

/** Rows per statement: large enough to amortise each round trip, small enough to keep each JSON parameter a few MB. */
export const DEFAULT_BATCH_SIZE = 5_000;

/** Serialises imports: three natural keys have no unique constraint, so two concurrent imports could both insert. */
const IMPORT_LOCK_KEY = 7_311_007;

/** One file of an import. */
export interface ImportFile {
  kind: ImportKindName;
  /** Shown in the report and the audit log; its extension (.json/.csv) chooses the format. */
  fileName: string;
  content: Uint8Array;
  indicator?: string | null;
  /**
   * Replace mode, for a kind of children (objectives, signatories, actions, approvals): the file holds every child of
   * the parents it names and of `parents` (which may have none left); the stored children it does not match are removed.
   */
  replace?: { parents?: readonly ParentKey[] } | null;
  /** Already read (a workbook's sheet): used instead of `content`. */
  table?: SourceTable;
}

export interface ImportRequest extends ImportFile {
  viewer: Viewer;
  dryRun?: boolean;
  batchSize?: number;
  progress?: ProgressReporter;
}

/** Several files written in order, all or nothing (a later file may name rows an earlier one writes). */
export interface ImportSetRequest {
  files: readonly ImportFile[];
  viewer: Viewer;
  /** Work run first in the same transaction (the reference cases record their sources, which the files name). */
  prepare?: (tx: EntityManager) => Promise<void>;
  dryRun?: boolean;
  batchSize?: number;
  progress?: ProgressReporter;
}

/** The viewer of a command-line import: an administrator named after the file, as the audit log shows it. */
export function commandLineViewer(fileName: string): Viewer {
  return { kind: "user", subject: `cli-import:${fileName}`, role: Role.ADMIN, national: true, departments: [], associationId: null };
}

class Rejected extends Error {}
class DryRunDone extends Error {
  constructor(readonly counts: TableCount[][]) {
    super("dry run: rolled back");
  }
}

interface ReadRows {
  source: SourceTable;
  mapping: ColumnMapping;
  rows: Array<Located<unknown>>;
  problems: ProblemList;
}

/** Reading and the checks between rows: pure, no database. */
export function readRows(
  kind: ImportKind<unknown>,
  content: Uint8Array,
  fileName: string,
  options: KindOptions,
  table?: SourceTable,
): ReadRows {
  const source = table ?? readSource(content, fileName);
  let mapping: ColumnMapping = { headerOf: new Map(), indexOf: new Map(), unknown: [] };
  const problems = new ProblemList((column) => mapping.headerOf.get(column) ?? column, source.headers);
  problems.addAll(source.problems);
  if (source.headers.length === 0) return { source, mapping, rows: [], problems };
  mapping = mapColumns(kind.columns, source.headers, problems, { ignoreUnknown: kind.ignoreUnknownColumns });
  kind.checkColumns?.(mapping, options, problems);
  const rows = source.records.map((record) => ({ line: record.line, row: kind.read(new RowReader(record, mapping, problems), options) }));
  kind.checkRows(rows, problems);
  return { source, mapping, rows, problems };
}

/**
 * Imports a file all or nothing: read and check every row, check every reference against the
 * database (set-based), and only if nothing is wrong write everything in one transaction. A dry run
 * writes too, then rolls back, so its counts are exactly what the import would do.
 */
export async function runImport(manager: EntityManager, request: ImportRequest): Promise<ImportReport> {
  const [report] = await runImports(manager, { ...request, files: [request] });
  return report;
}

/** The parents a replace-mode file changes: those its rows name, then those the caller adds; each once. */
function replacedParents(kind: ImportKind<unknown>, file: ImportFile, rows: ReadonlyArray<Located<unknown>>) {
  const children = kind.children;
  if (!children || !file.replace) return { named: [], added: [] };
  const keyOf = (parent: ParentKey) => children.parentColumns.map((c) => parent[c]).join("\u0000");
  const seen = new Map<string, ParentKey>();
  for (const { row } of rows) {
    const parent = children.parentOf(row);
    if (parent && !seen.has(keyOf(parent))) seen.set(keyOf(parent), parent);
  }
  const added = (file.replace.parents ?? []).filter((parent) => !seen.has(keyOf(parent)));
  return { named: [...seen.values()], added };
}

/**
 * Imports files all or nothing, in one transaction and in the given order: each file is checked against the
 * database as the files before it left it, and written only if it is free of problems; one file with a problem
 * and nothing of any file is written (every report says "rejected", the faulty file's report says why).
 */
export async function runImports(manager: EntityManager, request: ImportSetRequest): Promise<ImportReport[]> {
  const started = performance.now();
  const progress = request.progress ?? silentProgress;
  const actor = describeViewer(request.viewer);
  const files = request.files.map((file) => {
    const named = importKinds[file.kind];
    const table = file.table ?? readSource(file.content, file.fileName);
    // An open-data file given as published (the CAF's): the kind that reads its headers, under the kind's name.
    const kind = named.variantFor?.(table.headers) ?? named;
    const read = readRows(kind, file.content, file.fileName, { indicator: file.indicator ?? null }, table);
    if (file.replace && !kind.children) {
      read.problems.add(
        1,
        null,
        null,
        `le mode remplacement ne s'applique qu'aux fichiers d'enfants (objectifs, signataires, actions, agréments)`,
      );
    }
    return { file, kind, ...read, present: (column: string) => read.mapping.headerOf.has(column) };
  });
  // What each file says otherwise than it is stored (former commune codes), found while checking it.
  const notices = files.map(() => new ProblemList());
  const reports = (status: ImportReport["status"], counts: TableCount[][]): ImportReport[] =>
    files.map(({ file, kind, source, mapping, problems, rows }, i) => ({
      kind: file.kind,
      file: file.fileName,
      format: source.format,
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows: source.records.length,
      status,
      problems: status === "rejected" ? problems.first() : [],
      problemCount: status === "rejected" ? problems.size : 0,
      notices: notices[i].first(),
      noticeCount: notices[i].size,
      counts: counts[i] ?? [],
      ignoredColumns: kind.ignoreUnknownColumns ? mapping.unknown : [],
      ...(kind.skipped && status !== "rejected" ? { skipped: kind.skipped(rows) } : {}),
      durationMs: Math.round(performance.now() - started),
    }));
  // A file without columns is refused, but for an empty list in replace mode: its parents are left with no child.
  const unreadable = ({ file, source, problems }: (typeof files)[number]) =>
    source.headers.length === 0 && !(file.replace && source.records.length === 0 && problems.size === 0);
  if (files.some(unreadable)) return reports("rejected", []);

  try {
    // Reading was synchronous: other requests of the hub get their turn before the database work.
    await yieldToEventLoop();
    const counts = await inWriteTransaction(manager, request.viewer, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [IMPORT_LOCK_KEY]);
      await request.prepare?.(tx);
      const written: TableCount[][] = [];
      for (const [i, { file, kind, rows, problems, present, mapping, source }] of files.entries()) {
        progress.start("vérification", rows.length);
        notices[i] = await formerCodeNotices(tx, kind.columns, mapping, source.records);
        // References are checked even when rows already have problems: the report names them all at once.
        await kind.checkDatabase(rows, { tx, viewer: request.viewer, problems, notices: notices[i], present });
        const parents = replacedParents(kind, file, rows);
        if (kind.children && parents.added.length > 0) {
          const scope = kind.children.parentScope;
          await checkRowScopes(
            tx,
            request.viewer,
            problems,
            parents.added.map((row) => ({ line: 1, row })),
            scope,
          );
        }
        progress.advance(rows.length);
        progress.finish();
        if (problems.size > 0) throw new Rejected();
        await yieldToEventLoop();
        progress.start(request.dryRun ? "simulation" : "écriture", rows.length);
        const context = {
          tx,
          actor,
          batchSize: request.batchSize ?? DEFAULT_BATCH_SIZE,
          present,
          progress: (count: number) => progress.advance(count),
        };
        const fileCounts = await kind.write(rows, context);
        if (kind.children && file.replace) {
          const removed = await kind.children.removeOthers(rows, [...parents.named, ...parents.added], context);
          const table = fileCounts.find((c) => c.table === removed.table);
          if (table) table.deleted = removed.deleted;
          else fileCounts.push(removed);
        }
        progress.finish();
        written.push(fileCounts);
      }
      if (request.dryRun) throw new DryRunDone(written);
      return written;
    });
    return reports("applied", counts);
  } catch (error) {
    progress.finish();
    if (error instanceof Rejected) return reports("rejected", []);
    if (error instanceof DryRunDone) return reports("dry-run", error.counts);
    throw error;
  }
}
