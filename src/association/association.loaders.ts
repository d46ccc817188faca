import type { EntityManager } from "typeorm";
import { rowsByKeys } from "../db/list-query";
import { manyByRowKey, oneByRowKey } from "../graph/loader-utils";
import { PartnerAssociation } from "./partner-association.entity";
import { Partnership } from "./partnership.entity";


export function createAssociationLoaders(manager: EntityManager) {
  return {
    associationById: oneByRowKey<number, PartnerAssociation>((ids) => rowsByKeys(manager, PartnerAssociation, "p", "p.id", ids)),
    partnershipsByConventionId: manyByRowKey<number, Partnership>(
      (ids) => rowsByKeys(manager, Partnership, "ps", "ps.convention_id", ids, { order: "ps.id" })),
    partnershipsByActionId: manyByRowKey<number, Partnership>(
      (ids) => rowsByKeys(manager, Partnership, "ps", "ps.action_id", ids, { order: "ps.id" })),
    partnershipsByAssociationId: manyByRowKey<number, Partnership>(
      (ids) => rowsByKeys(manager, Partnership, "ps", "ps.association_id", ids, { order: "ps.id" })),
  };
}
