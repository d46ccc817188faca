import { Node } from "../graph/node";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** Where a row comes from: every loaded or generated dataset is labelled with one. */
export enum SourceKind {
  GEOGRAPHY = "GEOGRAPHY",
  REFERENCE = "REFERENCE",
  SYNTHETIC = "SYNTHETIC",
  IMPORT = "IMPORT",
}

registerEnumType(SourceKind, {
  name: "SourceKind",
  description: "Nature d'une source de données",
  valuesConfig: {
    GEOGRAPHY: { description: "Découpage administratif officiel (COG)" },
    REFERENCE: { description: "Cas réels publiés (presse locale, CAF)" },
    SYNTHETIC: { description: "Données synthétiques générées par programme (démo, charge)" },
    IMPORT: { description: "Fichier importé par un utilisateur" },
  },
});

@ObjectType({ implements: Node, simpleResolvers: true, description: "Source d'une donnée : jeu de données, millésime et citation" })
@Entity({ name: "source" })
export class Source {
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Identifiant stable de la source (ex. geography, reference:joinville)" })
  @Column({ type: "varchar", length: 100, unique: true })
  code: string;

  @Field(() => SourceKind, { description: "Nature de la source" })
  @Column({ type: "enum", enum: SourceKind, enumName: "source_kind" })
  kind: SourceKind;

  @Field({ description: "Intitulé" })
  @Column({ type: "text" })
  title: string;

  @Field(() => String, { nullable: true, description: "Citation : éditeur, publication, date" })
  @Column({ type: "text", nullable: true })
  citation: string | null;

  @Field(() => String, { nullable: true, description: "Millésime ou version du jeu de données" })
  @Column({ type: "varchar", length: 100, nullable: true })
  vintage: string | null;

  @Field({ description: "Date de chargement" })
  @CreateDateColumn({ type: "timestamptz" })
  loadedAt: Date;
}
