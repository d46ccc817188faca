import { yieldToEventLoop } from "./event-loop";
import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import type { ScopedWrite } from "../auth/write-scope";
import type { ColumnMapping, ColumnSpec, RowReader } from "./columns";
import type { ProblemList } from "./problems";

/** Who writes an import's rows, as the audit log names them. */
export interface Actor {
  subject: string;
  role: string;
}

export const IMPORT_KINDS = [
  "conventions",
  "actions",
  "objectives",
  "signatories",
  "associations",
  "facilities",
  "approvals",
  "indicators",
  "sdsf",
  "pilots",
  "budget_lines",
  "fundings",
  "notes",
  "meetings",
  "evaluations",
  "indicator_definitions",
] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export const isImportKind = (value: string): value is ImportKindName => (IMPORT_KINDS as readonly string[]).includes(value);

/** Options given with the file (command line). */
export interface KindOptions {
  /** Indicator code for an indicators file without an `indicator` column (`--indicator allocataires`). */
  indicator: string | null;
}

/** A row and the line of the file it comes from. */
export interface Located<R> {
  line: number;
  row: R;
}

/** What one table of an import did. `unchanged` rows were matched and left exactly as they were. */
export interface TableCount {
  table: string;
  /** French label for the report. */
  label: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows removed by the replace mode (stored children of the file's parents that the file does not have). */
  deleted?: number;
}

/** What a kind's writing step receives. */
export interface WriteContext {
  tx: EntityManager;
  actor: Actor;
  batchSize: number;
  /** The file has this (canonical) column: absent optional columns leave stored values unchanged. */
  present(column: string): boolean;
  /** Rows written so far by this step, for the progress bar. */
  progress(rows: number): void;
}

/** What a kind's database checks receive. */
export interface CheckContext {
  tx: EntityManager;
  viewer: Viewer;
  problems: ProblemList;
  /** Values read otherwise than written (a former commune code), for the report's « Lu autrement qu'écrit ». */
  notices: ProblemList;
  present(column: string): boolean;
}

/** Cells or rows of a file left out on purpose (a value masked by statistical secrecy), by reason, for the report. */
export interface SkippedCount {
  /** French reason ("valeurs masquées (secret statistique)"). */
  reason: string;
  count: number;
}

/** A parent of a child kind, by the file columns that name it (`{ convention_reference: "CTG-52-…" }`). */
export type ParentKey = Readonly<Record<string, string>>;

/**
 * The replace mode of a kind whose rows are children of a parent (a convention's objectives, a facility's
 * approvals): the file holds every child of the parents it names (and of the parents the caller adds, which may
 * have none left), so the stored children the file does not match are removed after the write. Declared once,
 * by the kind, matched as its write matches.
 */
export interface ChildrenDeclaration<R> {
  /** The file columns naming the parent. */
  parentColumns: readonly string[];
  /** The parent a row names, or null when a column is missing (the row has a problem then). */
  parentOf(row: R): ParentKey | null;
  /** The write scope of changing a parent's children, for the parents the caller adds. */
  parentScope(parent: ParentKey): ScopedWrite;
  /** Removes the stored children of `parents` that no row matches; answers the table's count (`deleted`). */
  removeOthers(rows: ReadonlyArray<Located<R>>, parents: readonly ParentKey[], context: WriteContext): Promise<TableCount>;
}

/**
 * One kind of file. Reading and the checks between rows are pure (tested without a database); the
 * database checks are set-based (one query per referenced table, never one per row); writing runs
 * only when the whole file is free of problems.
 */
export interface ImportKind<R> {
  name: ImportKindName;
  /** French name of the rows, for the report ("conventions", "actions"…). */
  label: string;
  columns: readonly ColumnSpec[];
  /** Natural key, for the documentation. */
  naturalKey: string;
  /** Open-data files carry many columns the hub does not use: they are listed, not refused. */
  ignoreUnknownColumns?: boolean;
  /** Problems of the header as a whole, beyond required columns (reported on line 1). */
  checkColumns?(mapping: ColumnMapping, options: KindOptions, problems: ProblemList): void;
  read(reader: RowReader, options: KindOptions): R;
  /** Problems between rows of the file (duplicated keys, inconsistent repeated values…). */
  checkRows(rows: ReadonlyArray<Located<R>>, problems: ProblemList): void;
  checkDatabase(rows: ReadonlyArray<Located<R>>, context: CheckContext): Promise<void>;
  write(rows: ReadonlyArray<Located<R>>, context: WriteContext): Promise<TableCount[]>;
  /** The replace mode, for a kind of children. */
  children?: ChildrenDeclaration<R>;
  /**
   * Another kind that reads this file instead, chosen by its headers (an open-data file of the CAF as published,
   * given to the indicators import): the report keeps this kind's name.
   */
  variantFor?(headers: readonly string[]): ImportKind<unknown> | null;
  /** What the file holds but the import leaves out on purpose, counted for the report (after the database checks). */
  skipped?(rows: ReadonlyArray<Located<R>>): SkippedCount[];
}

/** Reports every row whose key was already seen in the file, naming the first line. */
export function reportDuplicates<R>(
  rows: ReadonlyArray<Located<R>>,
  keyOf: (row: R) => string | null,
  problems: ProblemList,
  column: string,
  shownValueOf: (row: R) => string | null,
  what: string,
): void {
  const first = new Map<string, number>();
  for (const { line, row } of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else problems.add(line, column, shownValueOf(row), `${what} en double : déjà à la ligne ${seen}`);
  }
}

/** Counts of one table from the ids an upsert created and updated, out of `total` rows of the file. */
export function tableCount(table: string, label: string, total: number, created: number, updated: number): TableCount {
  return { table, label, created, updated, unchanged: total - created - updated };
}

/** The options every kind's table write takes: its actor, its batch size, and progress plus a yield after each batch. */
export function batchOptions(context: WriteContext) {
  return {
    actor: context.actor,
    batchSize: context.batchSize,
    afterBatch: async (done: number) => {
      context.progress(done);
      await yieldToEventLoop();
    },
  };
}

/** The parent of a convention's children (objectives, signatories, actions): the convention, by its reference. */
export const conventionParent: Pick<
  ChildrenDeclaration<{ conventionReference: string | null }>,
  "parentColumns" | "parentOf" | "parentScope"
> = {
  parentColumns: ["convention_reference"],
  parentOf: (row) => (row.conventionReference ? { convention_reference: row.conventionReference } : null),
  parentScope: (parent) => ({
    owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: parent.convention_reference } },
  }),
};
