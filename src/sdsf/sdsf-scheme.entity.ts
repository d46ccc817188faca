import { Node } from "../graph/node";
import { Extensions, Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import type { IsoDate } from "../common/date";
import { DateScalar } from "../common/date";
import { Source } from "../provenance/source.entity";
import { Department } from "../territory/department.entity";
import { ValueChecks } from "../db/value-checks";
import { listBound } from "../graph/list-bounds";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Schéma départemental des services aux familles (SDSF)" })
@Entity({ name: "sdsf_scheme" })
@ValueChecks("sdsf_scheme")
@Check("sdsf_scheme_period", `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"`)
export class SdsfScheme {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Code du département" })
  @Index()
  @Column({ type: "varchar", length: 3 })
  departmentCode: string;

  @ManyToOne(() => Department, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "department_code" })
  department?: Department;

  @Field({ description: "Intitulé du schéma" })
  @Column({ type: "text" })
  title: string;

  @Field(() => DateScalar, { nullable: true, description: "Début de la période" })
  @Column({ type: "date", nullable: true })
  startsOn: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: "Fin de la période" })
  @Column({ type: "date", nullable: true })
  endsOn: IsoDate | null;

  @Extensions(listBound(20))
  @Field(() => [String], { description: "Instances signataires (préfecture, conseil départemental, CAF, MSA…)" })
  @Column({ type: "text", array: true, default: () => "'{}'" })
  signatoryBodies: string[];

  @Column({ type: "integer", nullable: true })
  sourceId: number | null;

  @ManyToOne(() => Source, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_id" })
  source?: Source;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
