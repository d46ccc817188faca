import type { EntityManager } from "typeorm";
import { replaceSets, type SetOutcome, type SetReplacement } from "../db/table-set";
import {
  CONVENTION_COMMUNE_TABLE,
  CONVENTION_SIGNED_CODE_TABLE,
  type ConventionCommuneColumn,
  type SignedCodeColumn,
} from "./convention.table";

/**
 * A convention's communes as signed: `convention_commune` holds the current communes (its declaration stores a former
 * code as the commune it leads to), `convention_signed_code` the former codes as written. Both sets are replaced from
 * the same wanted rows, by every path that writes a convention's communes (mutations, import).
 */
export function signedCodesOf(covered: SetReplacement<ConventionCommuneColumn>): SetReplacement<SignedCodeColumn> {
  return {
    parent: "convention_id",
    members: ["code"],
    parents: covered.parents,
    wanted: `SELECT s.convention_id, s.commune_code AS code FROM (${covered.wanted}) s
      WHERE EXISTS (SELECT 1 FROM commune_former_code f WHERE f.code = s.commune_code::bpchar)`,
    audit: covered.audit ? { entity: covered.audit.entity, field: "signedFormerCodes" } : undefined,
  };
}

/** Replaces the covered communes and the former codes signed of the parents `rows` name (see replaceSets). */
export async function replaceCoverage(
  tx: EntityManager,
  covered: SetReplacement<ConventionCommuneColumn>,
  rows: readonly unknown[],
  options: Parameters<typeof replaceSets>[4] = {},
): Promise<SetOutcome> {
  const outcome = await replaceSets(tx, CONVENTION_COMMUNE_TABLE, covered, rows, options);
  const signed = await replaceSets(tx, CONVENTION_SIGNED_CODE_TABLE, signedCodesOf(covered), rows, options);
  return { ...outcome, changedParents: [...new Set([...outcome.changedParents, ...signed.changedParents])] };
}
