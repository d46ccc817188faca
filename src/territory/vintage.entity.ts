import { Check, Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * A commune as one COG vintage (year) or a run of consecutive vintages knew it: one row per code and run of years over
 * which its name, département, EPCI and population did not change (`first_year`..`last_year`).
 */
@Entity({ name: "commune_vintage" })
@Index("commune_vintage_department", ["departmentCode", "firstYear"])
// Which vintages are loaded (the first and last years), read before every figure on a past date: two index probes.
@Index("commune_vintage_first_year", ["firstYear"])
@Index("commune_vintage_last_year", ["lastYear"])
@Check("commune_vintage_years", `"first_year" <= "last_year"`)
export class CommuneVintage {
  @PrimaryColumn({ type: "char", length: 5 })
  code: string;

  @PrimaryColumn({ type: "smallint" })
  firstYear: number;

  @Column({ type: "smallint" })
  lastYear: number;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "varchar", length: 3 })
  departmentCode: string;

  @Index()
  @Column({ type: "char", length: 9, nullable: true })
  intercommunalitySiren: string | null;

  @Column({ type: "integer", nullable: true })
  population: number | null;
}

/** An EPCI as a run of consecutive COG vintages knew it (name, legal form and populations unchanged). */
@Entity({ name: "intercommunality_vintage" })
@Check("intercommunality_vintage_years", `"first_year" <= "last_year"`)
export class IntercommunalityVintage {
  @PrimaryColumn({ type: "char", length: 9 })
  siren: string;

  @PrimaryColumn({ type: "smallint" })
  firstYear: number;

  @Column({ type: "smallint" })
  lastYear: number;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "varchar", length: 5 })
  kind: string;

  @Column({ type: "integer", nullable: true })
  population: number | null;

  @Column({ type: "integer", nullable: true })
  municipalPopulation: number | null;
}

/**
 * From one vintage to the next (`year` is the first vintage of the successor): a commune that stopped being current
 * went into its successor (MERGED, from the successor's `anciensCodes`), or a commune gave back one of its communes
 * déléguées (SPLIT: one row to itself, one to the restored commune, so a split commune has several successors).
 */
@Entity({ name: "commune_passage" })
@Index("commune_passage_successor", ["successorCode"])
@Check("commune_passage_kind", `"kind" IN ('MERGED', 'SPLIT')`)
export class CommunePassage {
  @PrimaryColumn({ type: "char", length: 5 })
  formerCode: string;

  @PrimaryColumn({ type: "smallint" })
  year: number;

  @PrimaryColumn({ type: "char", length: 5 })
  successorCode: string;

  @Column({ type: "varchar", length: 6 })
  kind: string;

  @Column({ type: "text" })
  formerName: string;
}

/**
 * What each current commune was in every COG vintage loaded, precomputed from the two tables above for the figures over
 * several vintages (coverage history): per current commune and département, the number of that vintage's communes that
 * became it (through the passages after the vintage) and their population, one array element per year from
 * `first_year` (the first vintage loaded; 0 for a year without any). A commune of a vintage that split since into
 * several current communes (`successors`, `parts` > 1) is a row of its own, under its code: it is covered when any of
 * them is. Rewritten by the vintage import (vintages.import.ts) and, for a database that held vintages before it
 * existed, by its migration.
 */
@Entity({ name: "commune_lineage" })
@Index("commune_lineage_department", ["departmentCode"])
@Check("commune_lineage_parts", `"parts" = cardinality("successors")`)
export class CommuneLineage {
  /** The current commune (`parts` = 1), or the commune of a vintage that split since. */
  @PrimaryColumn({ type: "char", length: 5 })
  code: string;

  @PrimaryColumn({ type: "varchar", length: 3 })
  departmentCode: string;

  /** The current communes the row's communes became. */
  @PrimaryColumn({ type: "char", length: 5, array: true })
  successors: string[];

  /** How many `successors` (a column of its own: the planner has statistics on it, not on cardinality(successors)). */
  @Column({ type: "smallint" })
  parts: number;

  @Column({ type: "smallint" })
  firstYear: number;

  /** Per year from `first_year`: the number of communes of that vintage the row stands for. */
  @Column({ type: "smallint", array: true })
  communes: number[];

  /** Per year from `first_year`: their population of that vintage (0 when unknown). */
  @Column({ type: "integer", array: true })
  populations: number[];
}
