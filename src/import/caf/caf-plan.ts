import type { Located } from "../kind";
import { type CafFormat, isSummable } from "./caf-formats";
import type { CafRow } from "./caf-read";

/** A line of a CAF file with its place today: one current commune or EPCI, several (split since), or none (gone). */
export interface PlacedRow extends Located<CafRow> {
  vintage: number;
  targets: Array<{ code: string; name: string }>;
  gone: boolean;
}

/** What the report says the import left out, and why (README, « CAF open data as published »); each with its count. */
export const SKIPPED = {
  masked: "valeurs masquées (secret statistique ou donnée absente : cellule vide, s, nd, <5…)",
  unlocated: "lignes sans code de territoire (allocataires non localisés)",
  placeholder: "lignes hors territoire (code XX : hors EPCI)",
  split: "valeurs d'une commune scindée depuis (ni partagées ni doublées)",
  rates: "taux de communes fusionnées depuis (un taux ne s'additionne pas)",
  incomplete: "sommes incomplètes (une commune fusionnée depuis a une valeur masquée)",
  gone: "valeurs d'un EPCI disparu depuis",
} as const;

/** A value to write, as the indicators import's territory write takes it. */
export type CafValue = {
  indicator: string;
  year: number;
  commune_code: string | null;
  intercommunality_siren: string | null;
  value: number;
  note: string | null;
  source_code: string;
};

export interface CafPlan {
  values: CafValue[];
  skipped: Map<string, number>;
}

interface Group {
  indicator: string;
  year: number;
  vintage: number;
  target: string;
  written: string[];
  values: number[];
  masked: number;
}

/** "19223, 19230, 19248" — at most ten codes, then how many more. */
const listed = (codes: readonly string[]) =>
  codes.length <= 10 ? codes.join(", ") : `${codes.slice(0, 10).join(", ")} et ${codes.length - 10} autres`;

/**
 * The values a file gives today's communes and EPCI: a line's figures go to the one place it leads to; where several
 * lines lead to one commune (merged since, or arrondissements), counts and amounts are summed — unless one of them is
 * masked (the sum would be a floor) — and rates are left out; a commune split since gives nothing (never shared out,
 * never counted twice). The note says under which codes and on which COG vintage the value was published.
 */
export function planValues(
  placed: readonly PlacedRow[],
  format: CafFormat,
  sourceCode: (format: CafFormat, year: number) => string,
): CafPlan {
  const skipped = new Map<string, number>();
  const skip = (reason: string, n = 1) => skipped.set(reason, (skipped.get(reason) ?? 0) + n);
  const groups = new Map<string, Group>();
  for (const { row, vintage, targets, gone } of placed) {
    const year = row.year as number;
    if (gone || targets.length !== 1) {
      skip(gone ? SKIPPED.gone : SKIPPED.split, row.cells.length);
      continue;
    }
    const target = targets[0].code;
    const add = (indicator: string, value: number | null) => {
      const key = `${indicator}\u0000${year}\u0000${target}`;
      let group = groups.get(key);
      if (!group) {
        group = { indicator, year, vintage, target, written: [], values: [], masked: 0 };
        groups.set(key, group);
      }
      group.written.push(row.code as string);
      if (value === null) group.masked += 1;
      else group.values.push(value);
    };
    for (const cell of row.cells) add(cell.indicator, cell.value);
    for (const indicator of row.masked) add(indicator, null);
  }
  const values: CafValue[] = [];
  for (const group of groups.values()) {
    if (group.values.length === 0) continue;
    const several = group.written.length > 1;
    if (several && !isSummable(group.indicator)) {
      skip(SKIPPED.rates, group.values.length);
      continue;
    }
    if (several && group.masked > 0) {
      skip(SKIPPED.incomplete, group.values.length);
      continue;
    }
    const written = [...new Set(group.written)].sort();
    const moved = several || written[0] !== group.target;
    values.push({
      indicator: group.indicator,
      year: group.year,
      commune_code: format.scale === "commune" ? group.target : null,
      intercommunality_siren: format.scale === "epci" ? group.target : null,
      value: group.values.reduce((sum, v) => sum + v, 0),
      note: !moved
        ? null
        : several
          ? `Somme de ${written.length} codes du COG ${group.vintage} (${listed(written)})`
          : `Publié sous ${written[0]} (COG ${group.vintage})`,
      source_code: sourceCode(format, group.year),
    });
  }
  return { values, skipped };
}
