import type { TableWrite } from "../db/table-writer";
import type {
  ActionColumn,
  ConventionColumn,
  ConventionCommuneColumn,
  ConventionSdsfAxisColumn,
  ObjectiveColumn,
  PartnershipColumn,
  SignatoryColumn,
} from "./convention.table";

/**
 * The rows the convention mutations write (src/convention/convention.write.ts, plan.write.ts), each through
 * its table's one writer (declarations in convention.table.ts, statements built by src/db/table-writer.ts).
 */

const NEXT_POSITION = (table: string) =>
  `(SELECT coalesce(max(x.position), 0) + 1 FROM ${table} x WHERE x.convention_id = j.convention_id)`;

/** A new convention: dates given are to the day. */
export const CREATED_CONVENTION: TableWrite<ConventionColumn> & { returning: "rows" } = {
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
    "description",
    "internal_notes",
  ],
  computed: {
    starts_on_precision: "CASE WHEN j.starts_on IS NULL THEN NULL ELSE 'DAY' END",
    ends_on_precision: "CASE WHEN j.ends_on IS NULL THEN NULL ELSE 'DAY' END",
  },
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** A renewal: the predecessor's territory, holder, themes and bonus; its title unless another is given. */
export const RENEWAL: TableWrite<ConventionColumn> & { returning: "rows" } = {
  columns: [
    "reference",
    "title",
    "stage",
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
    "predecessor_id",
  ],
  computed: {
    title: "coalesce(j.given_title, p.title)",
    starts_on_precision: "'DAY'",
    ends_on_precision: "'DAY'",
    department_code: "p.department_code",
    holder_kind: "p.holder_kind",
    holder_commune_code: "p.holder_commune_code",
    holder_intercommunality_siren: "p.holder_intercommunality_siren",
    themes: "p.themes",
    bonus_territoire: "p.bonus_territoire",
  },
  inputs: { given_title: "text" },
  joins: "JOIN convention p ON p.id = j.predecessor_id",
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** A convention's covered communes, replaced as a whole (the caller deletes the old set first). */
export const COVERED_COMMUNES: TableWrite<ConventionCommuneColumn> & { returning: "none" } = {
  columns: ["convention_id", "commune_code"],
  onConflict: { kind: "skip" },
  returning: "none",
};

/** A renewal covers its predecessor's communes… */
export const RENEWED_COMMUNES: TableWrite<ConventionCommuneColumn> & { returning: "none" } = {
  columns: ["convention_id", "commune_code"],
  computed: { commune_code: "s.commune_code" },
  inputs: { predecessor_id: "int" },
  joins: "JOIN convention_commune s ON s.convention_id = j.predecessor_id",
  onConflict: { kind: "insert" },
  returning: "none",
};

/** …and has its signatories (dates of signature aside: it is not signed yet). */
export const RENEWED_SIGNATORIES: TableWrite<SignatoryColumn> & { returning: "none" } = {
  columns: ["convention_id", "position", "kind", "role", "name", "commune_code", "intercommunality_siren", "association_id"],
  computed: {
    position: "s.position",
    kind: "s.kind",
    role: "s.role",
    name: "s.name",
    commune_code: "s.commune_code",
    intercommunality_siren: "s.intercommunality_siren",
    association_id: "s.association_id",
  },
  inputs: { predecessor_id: "int" },
  joins: "JOIN convention_signatory s ON s.convention_id = j.predecessor_id",
  onConflict: { kind: "insert" },
  returning: "none",
};

/** A signatory added after the others. */
export const ADDED_SIGNATORY: TableWrite<SignatoryColumn> & { returning: "rows" } = {
  columns: ["convention_id", "position", "kind", "role", "name", "commune_code", "intercommunality_siren", "signed_on"],
  computed: { position: NEXT_POSITION("convention_signatory") },
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** An action added after the convention's others. */
export const CREATED_ACTION: TableWrite<ActionColumn> & { returning: "rows" } = {
  columns: ["convention_id", "objective_id", "position", "title", "description", "theme", "status", "starts_on", "ends_on", "budget"],
  computed: { position: NEXT_POSITION("action") },
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** An objective added after the convention's others. */
export const CREATED_OBJECTIVE: TableWrite<ObjectiveColumn> & { returning: "rows" } = {
  columns: ["convention_id", "position", "title", "description"],
  computed: { position: NEXT_POSITION("objective") },
  onConflict: { kind: "insert" },
  returning: "rows",
};

/** An SDSF axis the convention carries out (linking it twice changes nothing). */
export const LINKED_AXIS: TableWrite<ConventionSdsfAxisColumn> & { returning: "none" } = {
  columns: ["convention_id", "sdsf_axis_id"],
  onConflict: { kind: "skip" },
  returning: "none",
};

/** An association's part in a convention or an action; an existing one is not a second. */
export const LINKED_PARTNER: TableWrite<PartnershipColumn> & { returning: "rows" } = {
  columns: ["association_id", "convention_id", "action_id", "role"],
  onConflict: { kind: "skip" },
  returning: "rows",
};
