import { PartnerAssociation } from "../association/partner-association.entity";
import { PARTNERSHIPS_ESTIMATE } from "../common/list-sizes";
import { declare, type GraphPart } from "../graph/declare";
import { Action } from "./action.entity";
import { actionList, conventionList } from "./convention.graph";
import { ConventionSignatory } from "./convention-signatory.entity";
import { Convention } from "./convention.entity";
import { Partnership } from "./partnership.entity";

const { one, many, list, edges } = declare;

const partnershipsBy = (to: "conventionId" | "actionId" | "associationId", bound: number, description: string) =>
  many(() => Partnership, { from: "id", link: { kind: "column", to }, order: (p) => `${p}.id`, bound, description });

/** The associations engaged in an action: also what tells whether a partner operates it (its budget's readers). */
export const actionPartners = partnershipsBy("actionId", 10, "Associations engagées dans l'action, avec leur rôle");

/** Partnerships: associations engaged in conventions and actions, both ways. */
export const partnershipGraph: GraphPart = {
  entities: [Partnership],
  roots: [],
  edges: [
    edges(() => Partnership, {
      association: one(() => PartnerAssociation, { from: "associationId", to: "id", description: "Association partenaire" }),
      convention: one(() => Convention, { from: "conventionId", to: "id", nullable: true, description: "Convention concernée" }),
      action: one(() => Action, { from: "actionId", to: "id", nullable: true, description: "Action concernée" }),
    }),
    edges(() => Convention, {
      partners: partnershipsBy("conventionId", PARTNERSHIPS_ESTIMATE, "Associations partenaires de la convention, avec leur rôle"),
    }),
    edges(() => Action, { partners: actionPartners }),
    edges(() => ConventionSignatory, {
      association: one(() => PartnerAssociation, {
        from: "associationId",
        to: "id",
        nullable: true,
        description: "Association signataire",
      }),
    }),
    edges(() => PartnerAssociation, {
      partnerships: partnershipsBy("associationId", PARTNERSHIPS_ESTIMATE, "Partenariats de l'association"),
      conventions: list(conventionList, {
        from: "id",
        parent: "ps.association_id",
        join: "JOIN partnership ps ON ps.convention_id = c.id",
        description: "CTG dont l'association est partenaire",
      }),
      actions: list(actionList, {
        from: "id",
        parent: "ps.association_id",
        join: "JOIN partnership ps ON ps.action_id = a.id",
        description: "Actions auxquelles l'association participe",
      }),
    }),
  ],
};
