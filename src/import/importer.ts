import { formerCodeNotices } from "./former-codes";
import { performance } from "node:perf_hooks";
import type { EntityManager } from "typeorm";
import { describeViewer, Role, type Viewer } from "../auth/viewer";
import { inWriteTransaction } from "../db/write";
import { RowReader, mapColumns, type ColumnMapping } from "./columns";
import { type ImportKind, type ImportKindName, type KindOptions, type Located, type TableCount } from "./kind";
import { actionsKind } from "./kinds/actions";
import { approvalsKind } from "./kinds/approvals";
import { associationsKind } from "./kinds/associations";
import { conventionsKind } from "./kinds/conventions";
import { facilitiesKind } from "./kinds/facilities";
import { indicatorsKind } from "./kinds/indicators";
import { objectivesKind } from "./kinds/objectives";
import { sdsfKind } from "./kinds/sdsf";
import { signatoriesKind } from "./kinds/signatories";
import { ProblemList } from "./problems";
import { silentProgress, type ProgressReporter } from "./progress";
import type { ImportReport } from "./report";
import { readSource, type SourceTable } from "./source-file";
import { yieldToEventLoop } from "./event-loop";

/** Every kind, by name. The type parameter is erased here: each kind reads and writes its own rows. */
export const importKinds: Record<ImportKindName, ImportKind<unknown>> = {
  conventions: conventionsKind as ImportKind<unknown>,
  objectives: objectivesKind as ImportKind<unknown>,
  signatories: signatoriesKind as ImportKind<unknown>,
  actions: actionsKind as ImportKind<unknown>,
  associations: associationsKind as ImportKind<unknown>,
  facilities: facilitiesKind as ImportKind<unknown>,
  approvals: approvalsKind as ImportKind<unknown>,
  indicators: indicatorsKind as ImportKind<unknown>,
  sdsf: sdsfKind as ImportKind<unknown>,
};

/** Rows per statement: large enough to amortise each round trip, small enough to keep each JSON parameter a few MB. */
export const DEFAULT_BATCH_SIZE = 5_000;

/** Serialises imports: three natural keys have no unique constraint, so two concurrent imports could both insert. */
const IMPORT_LOCK_KEY = 7_311_007;

export interface ImportRequest {
  kind: ImportKindName;
  /** Shown in the report and the audit log; its extension (.json/.csv) chooses the format. */
  fileName: string;
  content: Uint8Array;
  viewer: Viewer;
  dryRun?: boolean;
  indicator?: string | null;
  batchSize?: number;
  progress?: ProgressReporter;
}

/** The viewer of a command-line import: an administrator named after the file, as the audit log shows it. */
export function commandLineViewer(fileName: string): Viewer {
  return { kind: "user", subject: `cli-import:${fileName}`, role: Role.ADMIN, national: true, departments: [], associationId: null };
}

class Rejected extends Error {}
class DryRunDone extends Error {
  constructor(readonly counts: TableCount[]) {
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
export function readRows(kind: ImportKind<unknown>, content: Uint8Array, fileName: string, options: KindOptions): ReadRows {
  const source = readSource(content, fileName);
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
  const started = performance.now();
  const kind = importKinds[request.kind];
  const progress = request.progress ?? silentProgress;
  const options: KindOptions = { indicator: request.indicator ?? null };
  const { source, mapping, rows, problems } = readRows(kind, request.content, request.fileName, options);
  const present = (column: string) => mapping.headerOf.has(column);
  let notices = new ProblemList();
  const report = (status: ImportReport["status"], counts: TableCount[]): ImportReport => ({
    kind: request.kind,
    file: request.fileName,
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    rows: source.records.length,
    status,
    problems: status === "rejected" ? problems.first() : [],
    problemCount: status === "rejected" ? problems.size : 0,
    notices: notices.first(),
    noticeCount: notices.size,
    counts,
    ignoredColumns: kind.ignoreUnknownColumns ? mapping.unknown : [],
    durationMs: Math.round(performance.now() - started),
  });
  if (source.headers.length === 0) return report("rejected", []);

  try {
    // Reading was synchronous: other requests of the hub get their turn before the database work.
    await yieldToEventLoop();
    const counts = await inWriteTransaction(manager, request.viewer, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [IMPORT_LOCK_KEY]);
      progress.start("vérification", rows.length);
      notices = await formerCodeNotices(tx, kind.columns, mapping, source.records);
      // References are checked even when rows already have problems: the report names them all at once.
      await kind.checkDatabase(rows, { tx, viewer: request.viewer, problems, present });
      progress.advance(rows.length);
      progress.finish();
      if (problems.size > 0) throw new Rejected();
      await yieldToEventLoop();
      progress.start(request.dryRun ? "simulation" : "écriture", rows.length);
      const written = await kind.write(rows, {
        tx,
        actor: describeViewer(request.viewer),
        batchSize: request.batchSize ?? DEFAULT_BATCH_SIZE,
        present,
        progress: (count) => progress.advance(count),
      });
      progress.finish();
      if (request.dryRun) throw new DryRunDone(written);
      return written;
    });
    return report("applied", counts);
  } catch (error) {
    progress.finish();
    if (error instanceof Rejected) return report("rejected", []);
    if (error instanceof DryRunDone) return report("dry-run", error.counts);
    throw error;
  }
}
