import type { EntityManager } from "typeorm";
import { rowsByKeys } from "../db/list-query";
import { manyByRowKey } from "../graph/loader-utils";
import { FacilityApproval } from "./facility-approval.entity";

export function createFacilityLoaders(manager: EntityManager) {
  return {
    approvalsByFacilityId: manyByRowKey<number, FacilityApproval>(
      (ids) => rowsByKeys(manager, FacilityApproval, "fa", "fa.facility_id", ids, { order: "fa.starts_on NULLS FIRST, fa.id" })),
  };
}
