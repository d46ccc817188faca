import { Node } from "../graph/node";
import { Field, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Region } from "./region.entity";
import { Zone } from "./zone";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Département (ou collectivité d'outre-mer), où chaque CAF signe ses CTG",
})
@Entity({ name: "department" })
export class Department {
  @Field({ description: "Code INSEE (01…95, 2A, 2B, 971…976, COM 975…989)" })
  @PrimaryColumn({ type: "varchar", length: 3 })
  code: string;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;

  @Field({ description: "Code de la région" })
  @Column({ type: "varchar", length: 3 })
  regionCode: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "region_code" })
  region?: Region;

  @Field(() => Zone, { description: "Zone géographique" })
  @Column({ type: "enum", enum: Zone, enumName: "zone" })
  zone: Zone;

  @Field(() => String, { nullable: true, description: "Code INSEE de la commune chef-lieu" })
  @Column({ type: "varchar", length: 5, nullable: true })
  capitalCode: string | null;
}
