import { displayValue, isBlank, normalizeKey, type Parsed, type RawValue } from "./fields";
import type { ProblemList } from "./problems";
import type { SourceRecord } from "./source-file";

/** A column a kind of file understands: its canonical name, the other headers accepted for it, and what it holds. */
export interface ColumnSpec {
  name: string;
  /** Other headers accepted (compared after normalizeKey: case, accents and punctuation do not matter). */
  aliases?: readonly string[];
  /** The header must be present and every row must fill it. */
  required?: boolean;
  /** French description, for the documentation and `--help`. */
  description: string;
  /** Holds commune codes (one or a list): a former code is stored as the commune it leads to, and the report says so. */
  communeCodes?: boolean;
}

/** Which header of the file feeds which canonical column. */
export interface ColumnMapping {
  /** Canonical column → header as written in the file. */
  headerOf: Map<string, string>;
  /** Canonical column → position of its header (and of its value in each record). */
  indexOf: Map<string, number>;
  /** Headers no column claims. */
  unknown: string[];
}

/**
 * Matches the file's headers to the kind's columns. Problems are reported on line 1: a required column
 * missing, two headers for the same column, and (unless `ignoreUnknown`) a header nobody reads — in
 * our own templates an unknown header is usually a misspelt optional column whose data would be lost.
 */
export function mapColumns(
  specs: readonly ColumnSpec[],
  headers: readonly string[],
  problems: ProblemList,
  options: { ignoreUnknown?: boolean } = {},
): ColumnMapping {
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) {
    byKey.set(normalizeKey(spec.name), spec);
    for (const alias of spec.aliases ?? []) byKey.set(normalizeKey(alias), spec);
  }
  const headerOf = new Map<string, string>();
  const indexOf = new Map<string, number>();
  const unknown: string[] = [];
  headers.forEach((header, index) => {
    const spec = byKey.get(normalizeKey(header));
    if (!spec) {
      unknown.push(header);
      if (!options.ignoreUnknown) {
        problems.add(1, null, header, `colonne inconnue « ${header} » (colonnes acceptées : ${specs.map((s) => s.name).join(", ")})`);
      }
      return;
    }
    const taken = headerOf.get(spec.name);
    if (taken !== undefined) {
      problems.add(1, null, header, `les colonnes « ${taken} » et « ${header} » désignent toutes deux ${spec.name}`);
      return;
    }
    headerOf.set(spec.name, header);
    indexOf.set(spec.name, index);
  });
  for (const spec of specs) {
    if (spec.required && !headerOf.has(spec.name)) {
      problems.add(1, null, null, `colonne obligatoire absente : ${spec.name}`);
    }
  }
  return { headerOf, indexOf, unknown };
}

/**
 * Reads the cells of one record through parsers, recording a problem for each bad cell. A bad or
 * missing cell reads as null and marks the row invalid; the other cells are still read, so one
 * report names every problem of the row.
 */
export class RowReader {
  private invalid = false;

  constructor(
    private readonly record: SourceRecord,
    private readonly mapping: ColumnMapping,
    private readonly problems: ProblemList,
  ) {}

  get line(): number {
    return this.record.line;
  }

  get isValid(): boolean {
    return !this.invalid;
  }

  /** The file has this column (an absent optional column leaves stored values as they are). */
  has(column: string): boolean {
    return this.mapping.headerOf.has(column);
  }

  /** The header the file uses for this column, if it has it. */
  headerOf(column: string): string | undefined {
    return this.mapping.headerOf.get(column);
  }

  /** Marks the row unusable without a new problem (one already reported for the whole file says why). */
  reject(): void {
    this.invalid = true;
  }

  raw(column: string): RawValue | undefined {
    const index = this.mapping.indexOf.get(column);
    return index === undefined ? undefined : this.record.values[index];
  }

  /** A problem on this row found by the kind itself (e.g. two cells that disagree). */
  report(column: string | null, reason: string, value?: string | null): void {
    this.invalid = true;
    this.problems.add(this.line, column, value === undefined && column !== null ? displayValue(this.raw(column)) : (value ?? null), reason);
  }

  field<T>(column: string, parse: (raw: RawValue) => Parsed<T>, options: { required?: boolean } = {}): T | null {
    const raw = this.raw(column);
    if (isBlank(raw)) {
      // A required column missing from the header is reported once, on line 1, not on every row.
      if (options.required) {
        if (this.has(column)) this.report(column, "valeur obligatoire manquante", null);
        else this.invalid = true;
      }
      return null;
    }
    const parsed = parse(raw as RawValue);
    if (parsed.ok) return parsed.value;
    this.report(column, parsed.reason, displayValue(raw));
    return null;
  }
}
