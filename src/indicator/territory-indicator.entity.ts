import { Node } from "../graph/node";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Source } from "../provenance/source.entity";
import { Commune } from "../territory/commune.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { ValueChecks } from "../db/value-checks";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Indicateur territorial : une valeur par commune ou EPCI, par année et par code d'indicateur",
})
@Entity({ name: "territory_indicator" })
@ValueChecks("territory_indicator")
@Check("territory_indicator_code_format", `"indicator" ~ '^[a-z][a-z0-9_]{0,49}$'`)
@Check("territory_indicator_year", `"year" BETWEEN 1900 AND 2100`)
@Check("territory_indicator_territory", `num_nonnulls("commune_code", "intercommunality_siren") = 1`)
@Index("territory_indicator_commune_unique", ["indicator", "year", "communeCode"], {
  unique: true,
  where: `"commune_code" IS NOT NULL`,
})
// The latest value of an indicator per commune up to a year (coverage figures): an index-only scan in
// (commune, year) order, or one probe per commune; the value is a key column so no row is read.
@Index("territory_indicator_commune_latest", ["indicator", "communeCode", "year", "value"], {
  where: `"commune_code" IS NOT NULL`,
})
@Index("territory_indicator_intercommunality_unique", ["indicator", "year", "intercommunalitySiren"], {
  unique: true,
  where: `"intercommunality_siren" IS NOT NULL`,
})
export class TerritoryIndicator {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Code de l'indicateur (allocataires, children_under_3, eaje_places…)" })
  @Column({ type: "varchar", length: 50 })
  indicator: string;

  @Field(() => Int, { description: "Année de référence" })
  @Column({ type: "smallint" })
  year: number;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune" })
  @Index()
  @Column({ type: "char", length: 5, nullable: true })
  communeCode: string | null;

  @ManyToOne(() => Commune, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "commune_code" })
  commune?: Commune;

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI" })
  @Index()
  @Column({ type: "char", length: 9, nullable: true })
  intercommunalitySiren: string | null;

  @ManyToOne(() => Intercommunality, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "intercommunality_siren" })
  intercommunality?: Intercommunality;

  @Field({ description: "Valeur" })
  @Column({ type: "numeric", precision: 14, scale: 2 })
  value: number;

  @Field(() => String, { nullable: true, description: "Précision sur la valeur (date, périmètre)" })
  @Column({ type: "text", nullable: true })
  note: string | null;

  @Column({ type: "integer", nullable: true })
  sourceId: number | null;

  @ManyToOne(() => Source, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_id" })
  source?: Source;
}
