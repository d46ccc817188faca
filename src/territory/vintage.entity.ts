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
