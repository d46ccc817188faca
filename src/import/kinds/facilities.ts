import { currentCommuneCodeSql } from "../../common/codes";
import type { Named } from "../../auth/write-scope";
import { FIELD_RULES } from "../../common/field-rules";
import { FacilityKind, OperatorKind } from "../../facility/facility-enums";
import type { RowReader } from "../columns";
import { parseCommuneCode, parseNumber, parseSirenFormat, parseText, type Parsed, type RawValue } from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext, batchOptions } from "../kind";
import type { ProblemList } from "../problems";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { FACILITY_TABLE, type FacilityColumn } from "../../facility/facility.table";
import { checkRowScopes, distinct, facilityKindReader, operatorKindReader } from "../vocabulary";
import { parseRna } from "./actions";

export interface FacilityRow {
  kind: FacilityKind | null;
  name: string | null;
  commune: string | null;
  operatorKind: OperatorKind | null;
  /** Commune code, EPCI SIREN, or the association's RNA or SIREN, by operator kind. */
  operatorCode: string | null;
  operatorName: string | null;
  capacity: number | null;
  description: string | null;
}

/** An association operator is named by its RNA or its SIREN. */
function parseAssociationIdentifier(raw: RawValue): Parsed<string> {
  const rna = parseRna(raw);
  if (rna.ok) return rna;
  const siren = parseSirenFormat(raw);
  return siren.ok ? siren : { ok: false, reason: "RNA (W + 9 caractères) ou SIREN de l'association attendu" };
}

function operatorCodeParser(kind: OperatorKind | null): (raw: RawValue) => Parsed<string> {
  switch (kind) {
    case OperatorKind.COMMUNE:
      return parseCommuneCode;
    case OperatorKind.INTERCOMMUNALITY:
      return parseSirenFormat;
    case OperatorKind.ASSOCIATION:
      return parseAssociationIdentifier;
    case OperatorKind.OTHER:
      return () => ({ ok: false, reason: "un gestionnaire « other » n'a pas de code : donnez son nom dans operator_name" });
    default:
      return () => ({ ok: false, reason: "operator_kind manquant ou invalide pour ce code" });
  }
}

function readFacility(reader: RowReader): FacilityRow {
  const commune = reader.field("commune", parseCommuneCode, { required: true });
  const operatorKind = reader.field("operator_kind", (raw) => operatorKindReader.parse(raw));
  const needsCode = operatorKind === OperatorKind.INTERCOMMUNALITY || operatorKind === OperatorKind.ASSOCIATION;
  const code = reader.field("operator_code", operatorCodeParser(operatorKind), { required: needsCode });
  return {
    kind: reader.field("kind", (raw) => facilityKindReader.parse(raw), { required: true }),
    name: reader.field("name", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    commune,
    operatorKind,
    // A commune operator defaults to the facility's commune, as in createFacility.
    operatorCode: code ?? (operatorKind === OperatorKind.COMMUNE ? commune : null),
    operatorName: reader.field("operator_name", (raw) => parseText(raw, FIELD_RULES.name)),
    capacity: reader.field("capacity", (raw) => parseNumber(raw, FIELD_RULES.capacity)),
    description: reader.field("description", (raw) => parseText(raw, FIELD_RULES.longText)),
  };
}

const facilityKey = (row: FacilityRow) => (row.kind && row.name && row.commune ? `${row.kind}\u0000${row.name}\u0000${row.commune}` : null);

function checkFacilityRows(rows: ReadonlyArray<Located<FacilityRow>>, problems: ProblemList): void {
  reportDuplicates(rows, facilityKey, problems, "name", (r) => r.name, "équipement (même nature, même nom, même commune)");
}

/** A commune or EPCI operator lies in the facility's département, as createFacility requires. */
function operatorReference(row: FacilityRow): Named[] {
  if (row.operatorCode === null) return [];
  if (row.operatorKind === OperatorKind.COMMUNE) return [{ field: "operator_code", ref: { kind: "commune", code: row.operatorCode } }];
  if (row.operatorKind === OperatorKind.INTERCOMMUNALITY)
    return [{ field: "operator_code", ref: { kind: "intercommunality", siren: row.operatorCode } }];
  return [];
}

async function checkFacilityReferences(rows: ReadonlyArray<Located<FacilityRow>>, { tx, viewer, problems }: CheckContext): Promise<void> {
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.commune ? { owner: { field: "commune", ref: { kind: "commune", code: row.commune } }, references: operatorReference(row) } : null,
  );
  const associationCodes = distinct(rows.filter((r) => r.row.operatorKind === OperatorKind.ASSOCIATION).map((r) => r.row.operatorCode));
  const associations: Array<{ rna: string | null; siren: string | null }> =
    associationCodes.length === 0
      ? []
      : await tx.query(`SELECT rna, siren FROM partner_association WHERE rna = ANY($1) OR siren = ANY($1)`, [associationCodes]);
  const knownAssociations = new Set(associations.flatMap((a) => [a.rna, a.siren]).filter((code): code is string => code !== null));
  const facilityCommunes = distinct(rows.map((r) => r.row.commune));
  const ambiguous: Array<{ kind: string; name: string; commune_code: string }> =
    facilityCommunes.length === 0
      ? []
      : await tx.query(`SELECT kind, name, commune_code FROM facility WHERE commune_code = ANY($1) GROUP BY 1, 2, 3 HAVING count(*) > 1`, [
          facilityCommunes,
        ]);
  const ambiguousKeys = new Set(ambiguous.map((a) => `${a.kind}\u0000${a.name}\u0000${a.commune_code}`));

  for (const { line, row } of rows) {
    const key = facilityKey(row);
    if (key && ambiguousKeys.has(key)) problems.add(line, "name", row.name, "plusieurs équipements portent déjà ce nom dans cette commune");
    // An association operator may be of any département (partners work across borders); it must exist.
    if (row.operatorKind === OperatorKind.ASSOCIATION && row.operatorCode !== null && !knownAssociations.has(row.operatorCode)) {
      problems.add(line, "operator_code", row.operatorCode, "association gestionnaire inconnue (importez d'abord les associations)");
    }
  }
}

/**
 * Facilities of a file, through the table's one writer: matched on (kind, name, commune), which no
 * constraint makes unique; the operator association is found by its RNA or SIREN.
 */
function facilitiesWrite(keep: readonly FacilityColumn[]): TableWrite<FacilityColumn> & { returning: "ids" } {
  return {
    columns: [
      "kind",
      "name",
      "commune_code",
      "operator_kind",
      "operator_name",
      "operator_commune_code",
      "operator_intercommunality_siren",
      "operator_association_id",
      "capacity",
      "description",
    ],
    computed: { operator_association_id: "pa.id" },
    inputs: { operator_association: "text" },
    joins: `LEFT JOIN facility m ON m.kind = j.kind AND m.name = j.name AND m.commune_code = ${currentCommuneCodeSql("j.commune_code")}
      LEFT JOIN LATERAL (
        SELECT id FROM partner_association WHERE rna = j.operator_association
        UNION ALL SELECT id FROM partner_association WHERE siren = j.operator_association LIMIT 1) pa ON true`,
    onConflict: { kind: "match", target: "m.id", keep: ["kind", "name", "commune_code", ...keep] },
    audit: "facility",
    returning: "ids",
  };
}

/** Which file column each written column comes from: an absent optional column is not updated. */
const SOURCE_OF: { readonly [K in FacilityColumn]?: string } = {
  operator_kind: "operator_kind",
  operator_commune_code: "operator_kind",
  operator_intercommunality_siren: "operator_kind",
  operator_association_id: "operator_kind",
  operator_name: "operator_name",
  capacity: "capacity",
  description: "description",
};

async function writeFacilities(rows: ReadonlyArray<Located<FacilityRow>>, context: WriteContext) {
  const absent = (Object.entries(SOURCE_OF) as Array<[FacilityColumn, string]>).filter(([, source]) => !context.present(source));
  const outcome = await writeTableIds(
    context.tx,
    FACILITY_TABLE,
    facilitiesWrite(absent.map(([column]) => column)),
    rows.map(({ row }) => ({
      kind: row.kind,
      name: row.name,
      commune_code: row.commune,
      operator_kind: row.operatorKind,
      operator_name: row.operatorName,
      operator_commune_code: row.operatorKind === OperatorKind.COMMUNE ? row.operatorCode : null,
      operator_intercommunality_siren: row.operatorKind === OperatorKind.INTERCOMMUNALITY ? row.operatorCode : null,
      operator_association: row.operatorKind === OperatorKind.ASSOCIATION ? row.operatorCode : null,
      capacity: row.capacity,
      description: row.description,
    })),
    batchOptions(context),
  );
  return [tableCount("facility", "équipements", rows.length, outcome.created.length, outcome.updated.length)];
}

export const facilitiesKind: ImportKind<FacilityRow> = {
  name: "facilities",
  label: "équipements",
  naturalKey: "kind + name + commune",
  columns: [
    {
      name: "kind",
      required: true,
      aliases: ["nature", "type"],
      description: "EAJE, LAEP, SOCIAL_CENTRE, SOCIAL_LIFE_SPACE, RPE, ALSH, FIRST_1000_DAYS_HOUSE ou OTHER",
    },
    { name: "name", required: true, aliases: ["nom"], description: "Nom (2 à 300 caractères)" },
    {
      name: "commune",
      communeCodes: true,
      required: true,
      aliases: ["commune_code", "code_commune", "code_insee"],
      description: "Code INSEE de la commune d'implantation",
    },
    { name: "operator_kind", aliases: ["type_gestionnaire"], description: "Gestionnaire : commune, epci, association ou other" },
    {
      name: "operator_code",
      communeCodes: true,
      aliases: ["code_gestionnaire"],
      description: "Code INSEE (vide : la commune d'implantation), SIREN de l'EPCI, ou RNA/SIREN de l'association (déjà en base)",
    },
    { name: "operator_name", aliases: ["gestionnaire", "nom_gestionnaire"], description: "Nom du gestionnaire" },
    { name: "capacity", aliases: ["capacité", "places"], description: "Capacité en places (entier positif)" },
    { name: "description", description: "Présentation (texte long)" },
  ],
  read: (reader) => readFacility(reader),
  checkRows: checkFacilityRows,
  checkDatabase: checkFacilityReferences,
  write: writeFacilities,
};
