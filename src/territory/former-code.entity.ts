import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { Node } from "../graph/node";

/** How a code that is no longer a current commune's leads to one. */
export enum FormerCodeKind {
  MERGED = "MERGED",
  DELEGATED = "DELEGATED",
  ASSOCIATED = "ASSOCIATED",
}

registerEnumType(FormerCodeKind, {
  name: "FormerCodeKind",
  description: "Statut d'un ancien code de commune",
  valuesConfig: {
    MERGED: { description: "Ancienne commune fusionnée (ou code abandonné), listée dans les anciens codes de la commune actuelle" },
    DELEGATED: { description: "Commune déléguée de la commune actuelle" },
    ASSOCIATED: { description: "Commune associée à la commune actuelle" },
  },
});

/**
 * A code a user may still write for a current commune (Argentolles 52018 → Colombey-les-Deux-Églises 52140), from the
 * current package: `anciensCodes` and the communes déléguées/associées with their `chefLieu`. A code maps to one
 * commune (a déléguée or associée wins over an old merger): lookups and filters resolve through this table.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: "Ancien code de commune (commune fusionnée, déléguée ou associée)" })
@Entity({ name: "commune_former_code" })
export class CommuneFormerCode {
  @Field({ description: "Ancien code INSEE (ex. 52018)" })
  @PrimaryColumn({ type: "char", length: 5 })
  code: string;

  @Field(() => String, { nullable: true, description: "Nom porté sous ce code (connu pour les communes déléguées et associées)" })
  @Column({ type: "text", nullable: true })
  name: string | null;

  @Field(() => FormerCodeKind, { description: "Statut" })
  @Column({ type: "varchar", length: 10 })
  kind: FormerCodeKind;

  @Field({ description: "Code INSEE de la commune actuelle" })
  @Index()
  @Column({ type: "char", length: 5 })
  communeCode: string;
}
