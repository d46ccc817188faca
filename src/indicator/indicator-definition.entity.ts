import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, PrimaryGeneratedColumn, Unique, VersionColumn } from "typeorm";
import { ValueChecks } from "../db/value-checks";
import { Node } from "../graph/node";
import { IndicatorDirection, IndicatorLevel } from "./indicator-enums";

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "Définition d'un indicateur : code, libellé, unité, sens d'amélioration, niveau auquel il se mesure",
})
@Entity({ name: "indicator_definition" })
@ValueChecks("indicator_definition")
@Unique("indicator_definition_code_unique", ["code"])
@Check("indicator_definition_code_format", `"code" ~ '^[a-z][a-z0-9_]{0,49}$'`)
export class IndicatorDefinition {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Code (ex. allocataires, population, eaje_places)" })
  @Column({ type: "varchar", length: 50 })
  code: string;

  @Field({ description: "Libellé" })
  @Column({ type: "text" })
  label: string;

  @Field(() => String, { nullable: true, description: "Unité (ex. personnes, places, %, €)" })
  @Column({ type: "text", nullable: true })
  unit: string | null;

  @Field(() => IndicatorDirection, { nullable: true, description: "Sens d'amélioration (null : un chiffre de contexte)" })
  @Column({ type: "enum", enum: IndicatorDirection, enumName: "indicator_direction", nullable: true })
  direction: IndicatorDirection | null;

  @Field(() => IndicatorLevel, { description: "Niveau auquel il se mesure" })
  @Column({ type: "enum", enum: IndicatorLevel, enumName: "indicator_level" })
  level: IndicatorLevel;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
