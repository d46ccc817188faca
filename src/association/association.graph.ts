import { declare, type GraphPart } from "../graph/declare";
import { defineList } from "../graph/list";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { AssociationFilter, AssociationOrder, AssociationOrderField } from "./association.inputs";
import { associationFilter } from "./association.service";
import { PartnerAssociation } from "./partner-association.entity";

/** Partner associations as a paged list (root and nested), declared once. */
export const associationList = defineList({
  name: "associations",
  node: PartnerAssociation,
  label: "associations partenaires",
  alias: "p",
  key: "id",
  filter: { type: () => AssociationFilter, where: (filter) => associationFilter(filter) },
  sorts: {
    type: () => AssociationOrder,
    byDefault: AssociationOrderField.NAME,
    expressions: { NAME: "p.name", RNA: "coalesce(p.rna, '')", ID: "p.id" },
    labels: { NAME: "le nom", RNA: "le RNA", ID: "l'ordre d'enregistrement" },
  },
});

const { one, list, rootList, edges } = declare;

/** Partner associations and the edges from territories to them (contact details are restricted: association.resolver.ts). */
export const associationGraph: GraphPart = {
  entities: [PartnerAssociation],
  roots: [{ fields: { associations: rootList(associationList, "Associations partenaires, filtrées, triées et paginées") } }],
  edges: [
    edges(() => PartnerAssociation, {
      commune: one(() => Commune, { from: "communeCode", to: "code", nullable: true, description: "Commune du siège" }),
    }),
    edges(() => Department, {
      associations: list(associationList, {
        from: "code",
        parent: "seat.department_code",
        join: "JOIN commune seat ON seat.code = p.commune_code",
        description: "Associations dont le siège est dans le département",
      }),
    }),
    edges(() => Commune, {
      associations: list(associationList, {
        from: "code",
        parent: "p.commune_code",
        description: "Associations dont le siège est dans la commune",
      }),
    }),
  ],
};
