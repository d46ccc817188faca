import { Node } from "../graph/node";
import { Field, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

@ObjectType({ implements: Node, simpleResolvers: true, description: "Région (code INSEE)" })
@Entity({ name: "region" })
export class Region {
  @Field({ description: "Code INSEE de la région (ex. 44 pour le Grand Est)" })
  @PrimaryColumn({ type: "varchar", length: 3 })
  code: string;

  @Field({ description: "Nom" })
  @Column({ type: "text" })
  name: string;
}
