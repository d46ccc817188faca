import type { ConventionColumn, ObjectiveColumn, SignatoryColumn } from "../convention/convention.table";
import type { TableWrite } from "../db/table-writer";
import type { ApprovalColumn, FacilityColumn } from "../facility/facility.table";
import { INTERCOMMUNALITY_INDICATOR_KEY, type INDICATOR_VALUE_TABLE } from "../indicator/indicator.table";

/**
 * What the reference cases write through each table's one writer (src/db/table-writer.ts): upserts on the
 * natural keys, a row whose values are unchanged left alone (no new version), so a second load writes nothing.
 */

/** The reference conventions, upserted by reference; what the cases do not describe (notes, predecessor…) is left alone. */
export const REFERENCE_CONVENTIONS: TableWrite<ConventionColumn> & { returning: "ids" } = {
  columns: [
    "reference",
    "title",
    "stage",
    "signed_on",
    "starts_on",
    "starts_on_precision",
    "ends_on",
    "ends_on_precision",
    "department_code",
    "holder_kind",
    "holder_commune_code",
    "holder_intercommunality_siren",
    "themes",
    "bonus_territoire",
    "is_renewal",
    "diagnostic_conducted_on",
    "diagnostic_conducted_on_precision",
    "diagnostic_conducted_by",
    "diagnostic_funded_by_caf",
    "diagnostic_summary",
    "description",
    "source_id",
  ],
  onConflict: { kind: "update", keep: ["reference"] },
  returning: "ids",
};

const OF_CONVENTION = "JOIN convention c ON c.reference = j.reference";

/** A reference convention's signatories, by position (the convention found by its reference). */
export const REFERENCE_SIGNATORIES: TableWrite<SignatoryColumn> & { returning: "ids" } = {
  columns: ["convention_id", "position", "kind", "role", "name", "commune_code", "intercommunality_siren", "association_id", "signed_on"],
  computed: { convention_id: "c.id", association_id: "NULL" },
  inputs: { reference: "text" },
  joins: OF_CONVENTION,
  onConflict: { kind: "update", keep: ["convention_id", "position"] },
  returning: "ids",
};

/** A reference convention's objectives, by position. */
export const REFERENCE_OBJECTIVES: TableWrite<ObjectiveColumn> & { returning: "ids" } = {
  columns: ["convention_id", "position", "title", "description"],
  computed: { convention_id: "c.id" },
  inputs: { reference: "text" },
  joins: OF_CONVENTION,
  onConflict: { kind: "update", keep: ["convention_id", "position"] },
  returning: "ids",
};

type IndicatorColumn = keyof typeof INDICATOR_VALUE_TABLE.columns;

/** Indicators are facts about a territory, not children of a case: upserted on the table's unique keys, never deleted. */
export function referenceIndicators(territory: "commune" | "intercommunality"): TableWrite<IndicatorColumn> & { returning: "ids" } {
  return {
    columns: ["indicator", "year", "commune_code", "intercommunality_siren", "value", "note", "source_id"],
    onConflict: {
      kind: "update",
      key: territory === "commune" ? undefined : INTERCOMMUNALITY_INDICATOR_KEY,
      keep: ["indicator", "year", "commune_code", "intercommunality_siren"],
    },
    returning: "ids",
  };
}

const FACILITY_KEY = { facility_kind: "facility_kind", facility_name: "text", facility_commune_code: "text" } as const;
const OF_FACILITY = "f.kind = j.facility_kind AND f.name = j.facility_name AND f.commune_code = j.facility_commune_code";

/** facility has no unique key: matched on (kind, name, commune), updated when different, inserted when absent. */
export const REFERENCE_FACILITIES: TableWrite<FacilityColumn> & { returning: "ids" } = {
  columns: [
    "kind",
    "name",
    "commune_code",
    "operator_kind",
    "operator_name",
    "operator_commune_code",
    "operator_intercommunality_siren",
    "capacity",
    "description",
    "source_id",
  ],
  computed: { kind: "j.facility_kind", name: "j.facility_name", commune_code: "j.facility_commune_code" },
  inputs: FACILITY_KEY,
  joins: `LEFT JOIN facility f ON ${OF_FACILITY}`,
  onConflict: { kind: "match", target: "f.id", keep: ["kind", "name", "commune_code"] },
  returning: "ids",
};

/** Approvals of the dataset's facilities, matched on (facility, kind, start date). */
export const REFERENCE_APPROVALS: TableWrite<ApprovalColumn> & { returning: "ids" } = {
  columns: ["facility_id", "kind", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision", "granted_by", "description"],
  computed: { facility_id: "f.id" },
  inputs: FACILITY_KEY,
  joins: `JOIN facility f ON ${OF_FACILITY}
    LEFT JOIN facility_approval a ON a.facility_id = f.id AND a.kind = j.kind AND a.starts_on IS NOT DISTINCT FROM j.starts_on`,
  onConflict: { kind: "match", target: "a.id", keep: ["facility_id", "kind", "starts_on"] },
  returning: "ids",
};
