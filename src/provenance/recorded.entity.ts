import { Field, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, JoinColumn, ManyToOne, UpdateDateColumn, VersionColumn } from "typeorm";
import { Source } from "./source.entity";

/**
 * The shared tail of the records people write and datasets load (conventions, actions, partner
 * associations): where the row comes from, when it was created and last changed, and its version for
 * optimistic locking. Declared once here; TypeORM and type-graphql both read a class's inherited
 * decorators (type-graphql merges the fields of a registered super class; this class is reached by no field,
 * so the schema never shows it), and the compiled reads map inherited columns (src/graph/compile/columns.ts, `lineage`).
 */
@ObjectType({
  description: "Partie commune des enregistrements (source, dates, version) : jamais émise seule, ses champs le sont par chaque type",
})
export abstract class RecordedEntity {
  @Column({ type: "integer", nullable: true })
  sourceId: number | null;

  @ManyToOne(() => Source, { nullable: true, onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_id" })
  source?: Source;

  @Field({ description: "Création de l'enregistrement" })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field({ description: "Dernière modification" })
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @Field(() => Int, { description: "Version de l'enregistrement (verrouillage optimiste)" })
  @VersionColumn({ default: 1 })
  version: number;
}
