import { createUnionType } from "type-graphql";
import { PartnerAssociation } from "../association/partner-association.entity";
import { declare, type GraphPart } from "../graph/declare";
import { defineList } from "../graph/list";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { FacilityApproval } from "./facility-approval.entity";
import { Facility } from "./facility.entity";
import { FacilityFilter, FacilityOrder, FacilityOrderField } from "./facility.inputs";
import { facilityFilter } from "./facility.service";

/** A facility's operator. Its members are told apart by the rows' type tags (src/graph/type-tag.ts). */
export const FacilityOperator = createUnionType({
  name: "FacilityOperator",
  description: "Gestionnaire d'un équipement : commune, intercommunalité ou association",
  types: () => [Commune, Intercommunality, PartnerAssociation] as const,
});

/** Facilities as a paged list (root and nested), declared once. */
export const facilityList = defineList({
  name: "facilities",
  node: Facility,
  label: "équipements",
  alias: "f",
  key: "id",
  filter: { type: () => FacilityFilter, where: (filter) => facilityFilter(filter) },
  sorts: {
    type: () => FacilityOrder,
    byDefault: FacilityOrderField.NAME,
    expressions: { NAME: "f.name", KIND: "f.kind::text", CAPACITY: "coalesce(f.capacity, 0)", ID: "f.id" },
    labels: { NAME: "le nom", KIND: "la nature", CAPACITY: "la capacité", ID: "l'ordre d'enregistrement" },
  },
});

const { one, many, list, union, rootList, edges } = declare;

/** Facilities, their approvals, and the edges from territories to them. */
export const facilityGraph: GraphPart = {
  entities: [Facility, FacilityApproval],
  roots: [{ fields: { facilities: rootList(facilityList, "Équipements, filtrés, triés et paginés") } }],
  edges: [
    edges(() => Facility, {
      commune: one(() => Commune, { from: "communeCode", to: "code", description: "Commune d'implantation" }),
      // Precedence as registered: an association, else an EPCI, else a commune.
      operator: union(
        () => FacilityOperator,
        [
          { target: () => PartnerAssociation, from: "operatorAssociationId", to: "id" },
          { target: () => Intercommunality, from: "operatorIntercommunalitySiren", to: "siren" },
          { target: () => Commune, from: "operatorCommuneCode", to: "code" },
        ],
        { nullable: true, description: "Gestionnaire (null s'il n'est pas une commune, un EPCI ou une association enregistrée)" },
      ),
      approvals: many(() => FacilityApproval, {
        from: "id",
        link: { kind: "column", to: "facilityId" },
        order: (a) => `${a}.starts_on NULLS FIRST, ${a}.id`,
        bound: 20,
        description: "Agréments",
      }),
    }),
    edges(() => Department, {
      facilities: list(facilityList, {
        from: "code",
        parent: "site.department_code",
        join: "JOIN commune site ON site.code = f.commune_code",
        description: "Équipements du département",
      }),
    }),
    edges(() => Commune, {
      facilities: list(facilityList, { from: "code", parent: "f.commune_code", description: "Équipements implantés dans la commune" }),
    }),
  ],
};
