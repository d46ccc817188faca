import { Extensions, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { cacheHint } from "../graph/cache-policy";
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export enum AuditOperation {
  CREATE = "CREATE",
  UPDATE = "UPDATE",
  DELETE = "DELETE",
}

registerEnumType(AuditOperation, {
  name: "AuditOperation",
  description: "Nature d'une modification",
  valuesConfig: { CREATE: { description: "Création" }, UPDATE: { description: "Modification" }, DELETE: { description: "Suppression" } },
});

/** One change, written in the transaction of the change itself; the table refuses updates and deletes. */
// Never cached: who changed what is read to check a change just made, and stays out of a shared Redis.
@Extensions(cacheHint({ maxAge: 0 }))
@ObjectType({ simpleResolvers: true, description: "Entrée du journal d'audit : qui, quand, quoi, avant et après" })
@Entity({ name: "audit_entry" })
@Index("audit_entry_entity", ["entity", "entityId", "id"])
@Check("audit_entry_operation", `"operation" IN ('CREATE', 'UPDATE', 'DELETE')`)
export class AuditEntry {
  @Field(() => ID, { description: "Identifiant (ordre d'écriture)" })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "Horodatage" })
  @CreateDateColumn({ type: "timestamptz" })
  occurredAt: Date;

  @Field({ description: "Sujet du jeton de l'auteur" })
  @Column({ type: "text" })
  actorSubject: string;

  @Field({ description: "Rôle de l'auteur" })
  @Column({ type: "text" })
  actorRole: string;

  @Field({ description: "Entité modifiée (convention, action, partner_association…)" })
  @Column({ type: "varchar", length: 50 })
  entity: string;

  @Field({ description: "Identifiant de l'enregistrement modifié" })
  @Column({ type: "varchar", length: 60 })
  entityId: string;

  @Field({ description: "Nature de la modification" })
  @Column({ type: "varchar", length: 10 })
  operation: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Valeurs avant" })
  @Column({ type: "jsonb", nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Valeurs après" })
  @Column({ type: "jsonb", nullable: true })
  after: Record<string, unknown> | null;
}
