import { currentCommuneCodeSql } from "../../common/codes";
import type { IsoDate } from "../../common/date";
import type { DatePrecision } from "../../common/date-precision";
import { FIELD_RULES } from "../../common/field-rules";
import type { ApprovalKind, FacilityKind } from "../../facility/facility-enums";
import { type ApprovalColumn, FACILITY_APPROVAL_TABLE } from "../../facility/facility.table";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import type { RowReader } from "../columns";
import { parseCommuneCode, parseDate, parseText } from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext, batchOptions } from "../kind";
import { keepPrecision, readPrecision } from "../precision";
import type { ProblemList } from "../problems";
import { approvalKindReader, checkRowScopes, distinct, facilityKindReader } from "../vocabulary";

export interface ApprovalRow {
  /** The facility, by the key the facilities import uses: (kind, name, commune). */
  facilityKind: FacilityKind | null;
  facilityName: string | null;
  facilityCommune: string | null;
  kind: ApprovalKind | null;
  startsOn: IsoDate | null;
  startsOnPrecision: DatePrecision | null;
  endsOn: IsoDate | null;
  endsOnPrecision: DatePrecision | null;
  grantedBy: string | null;
  description: string | null;
}

function readApproval(reader: RowReader): ApprovalRow {
  const startsOn = reader.field("starts_on", parseDate);
  const endsOn = reader.field("ends_on", parseDate);
  if (startsOn && endsOn && endsOn < startsOn) reader.report("ends_on", `la fin (${endsOn}) précède le début (${startsOn})`);
  return {
    facilityKind: reader.field("facility_kind", (raw) => facilityKindReader.parse(raw), { required: true }),
    facilityName: reader.field("facility_name", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    facilityCommune: reader.field("facility_commune", parseCommuneCode, { required: true }),
    kind: reader.field("kind", (raw) => approvalKindReader.parse(raw), { required: true }),
    startsOn,
    startsOnPrecision: readPrecision(reader, "starts_on_precision", startsOn),
    endsOn,
    endsOnPrecision: readPrecision(reader, "ends_on_precision", endsOn),
    grantedBy: reader.field("granted_by", (raw) => parseText(raw, FIELD_RULES.name)),
    description: reader.field("description", (raw) => parseText(raw, FIELD_RULES.longText)),
  };
}

const facilityKey = (row: ApprovalRow) =>
  row.facilityKind && row.facilityName && row.facilityCommune
    ? `${row.facilityKind}\u0000${row.facilityName}\u0000${row.facilityCommune}`
    : null;
const approvalKey = (row: ApprovalRow) => {
  const facility = facilityKey(row);
  return facility && row.kind ? `${facility}\u0000${row.kind}\u0000${row.startsOn ?? ""}` : null;
};

function checkApprovalRows(rows: ReadonlyArray<Located<ApprovalRow>>, problems: ProblemList): void {
  reportDuplicates(rows, approvalKey, problems, "starts_on", (r) => r.startsOn, "agrément (même équipement, même nature, même début)");
}

/** An approval lies where its facility lies; the facility must be stored, once, under that key. */
async function checkApprovalReferences(rows: ReadonlyArray<Located<ApprovalRow>>, { tx, viewer, problems }: CheckContext) {
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.facilityCommune ? { owner: { field: "facility_commune", ref: { kind: "commune", code: row.facilityCommune } } } : null,
  );
  const communes = distinct(rows.map((r) => r.row.facilityCommune));
  const stored: Array<{ kind: string; name: string; commune_code: string; n: number }> =
    communes.length === 0
      ? []
      : await tx.query(`SELECT kind, name, commune_code, count(*)::int AS n FROM facility WHERE commune_code = ANY($1) GROUP BY 1, 2, 3`, [
          communes,
        ]);
  const counts = new Map(stored.map((f) => [`${f.kind}\u0000${f.name}\u0000${f.commune_code}`, f.n]));
  for (const { line, row } of rows) {
    const key = facilityKey(row);
    if (key === null) continue;
    const n = counts.get(key) ?? 0;
    if (n === 0) problems.add(line, "facility_name", row.facilityName, "équipement inconnu (importez d'abord les équipements)");
    if (n > 1) problems.add(line, "facility_name", row.facilityName, "plusieurs équipements portent ce nom dans cette commune");
  }
}

/** Columns the file may leave out: set on insert, left alone on update. */
const SOURCE_OF: { readonly [K in ApprovalColumn]?: string } = {
  ends_on: "ends_on",
  ends_on_precision: "ends_on",
  granted_by: "granted_by",
  description: "description",
};

/**
 * Approvals of the file, matched on (facility, kind, start date) — the table has no unique key; the importer's
 * lock keeps two imports from inserting the same one. A precision the file does not state stays while its date does.
 */
function approvalsWrite(present: (column: string) => boolean): TableWrite<ApprovalColumn> & { returning: "ids" } {
  const absent = (Object.entries(SOURCE_OF) as Array<[ApprovalColumn, string]>).filter(([, source]) => !present(source)).map(([c]) => c);
  const merge: { [K in ApprovalColumn]?: (current: string, incoming: string) => string } = {};
  if (!present("starts_on_precision")) merge.starts_on_precision = keepPrecision("starts_on");
  if (!present("ends_on_precision")) merge.ends_on_precision = keepPrecision("ends_on");
  return {
    columns: ["facility_id", "kind", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision", "granted_by", "description"],
    computed: { facility_id: "f.id" },
    inputs: { facility_kind: "facility_kind", facility_name: "text", facility_commune: "text" },
    joins: `JOIN facility f ON f.kind = j.facility_kind AND f.name = j.facility_name AND f.commune_code = ${currentCommuneCodeSql("j.facility_commune")}
      LEFT JOIN facility_approval a ON a.facility_id = f.id AND a.kind = j.kind AND a.starts_on IS NOT DISTINCT FROM j.starts_on`,
    onConflict: { kind: "match", target: "a.id", keep: ["facility_id", "kind", "starts_on", ...absent], merge },
    audit: "facility_approval",
    returning: "ids",
  };
}

async function writeApprovals(rows: ReadonlyArray<Located<ApprovalRow>>, context: WriteContext) {
  const { tx } = context;
  const outcome = await writeTableIds(
    tx,
    FACILITY_APPROVAL_TABLE,
    approvalsWrite(context.present),
    rows.map(({ row }) => ({
      facility_kind: row.facilityKind,
      facility_name: row.facilityName,
      facility_commune: row.facilityCommune,
      kind: row.kind,
      starts_on: row.startsOn,
      starts_on_precision: row.startsOnPrecision,
      ends_on: row.endsOn,
      ends_on_precision: row.endsOnPrecision,
      granted_by: row.grantedBy,
      description: row.description,
    })),
    batchOptions(context),
  );
  return [tableCount("facility_approval", "agréments", rows.length, outcome.created.length, outcome.updated.length)];
}

export const approvalsKind: ImportKind<ApprovalRow> = {
  name: "approvals",
  label: "agréments",
  naturalKey: "facility_kind + facility_name + facility_commune + kind + starts_on",
  columns: [
    {
      name: "facility_kind",
      required: true,
      aliases: ["nature_equipement"],
      description: "Nature de l'équipement (comme dans l'import facilities)",
    },
    { name: "facility_name", required: true, aliases: ["equipement", "nom_equipement"], description: "Nom de l'équipement (déjà en base)" },
    {
      communeCodes: true,
      name: "facility_commune",
      required: true,
      aliases: ["commune_equipement"],
      description: "Code INSEE de la commune de l'équipement",
    },
    {
      name: "kind",
      required: true,
      aliases: ["nature", "type"],
      description: "social_centre_project, family_project, social_life_space_project, operating_authorisation ou other",
    },
    {
      name: "starts_on",
      aliases: ["date_debut", "début"],
      description: "Début de l'agrément ; avec l'équipement et la nature, identifie l'agrément",
    },
    { name: "starts_on_precision", aliases: ["precision_debut"], description: "Précision du début : day, month ou year ; vide : day" },
    { name: "ends_on", aliases: ["date_fin", "fin"], description: "Fin de l'agrément (postérieure au début)" },
    { name: "ends_on_precision", aliases: ["precision_fin"], description: "Précision de la fin : day, month ou year ; vide : day" },
    { name: "granted_by", aliases: ["accorde_par"], description: "Qui a accordé l'agrément (2 à 300 caractères)" },
    { name: "description", description: "Description (texte long)" },
  ],
  read: (reader) => readApproval(reader),
  checkRows: checkApprovalRows,
  checkDatabase: checkApprovalReferences,
  write: writeApprovals,
};
