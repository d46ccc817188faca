import type { TerritoryRef } from "../../auth/write-scope";
import type { IsoDate } from "../../common/date";
import { FIELD_RULES } from "../../common/field-rules";
import { SignatoryKind, type SignatoryRole } from "../../convention/convention-enums";
import { CONVENTION_SIGNATORY_TABLE, type SignatoryColumn } from "../../convention/convention.table";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import type { RowReader } from "../columns";
import { parseCommuneCode, parseDate, parseInteger, parseSirenFormat, parseText } from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext, batchOptions } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes, distinct, signatoryKindReader, signatoryRoleReader } from "../vocabulary";
import { parseRna } from "./actions";

export interface SignatoryRow {
  conventionReference: string | null;
  /** Rank in the convention's list of signatories (1, 2, …): with the convention, identifies the signatory. */
  position: number | null;
  kind: SignatoryKind | null;
  role: SignatoryRole | null;
  name: string | null;
  /** INSEE code of a commune signatory, SIREN of an EPCI signatory; null for the others. */
  territoryCode: string | null;
  /** RNA of an association signatory (already stored); null for the others. */
  associationRna: string | null;
  signedOn: IsoDate | null;
}

/** The bounds of the `position` column (a PostgreSQL integer), from 1. */
const POSITION = { min: 1, max: 2_147_483_647 };

function readSignatory(reader: RowReader): SignatoryRow {
  const kind = reader.field("kind", (raw) => signatoryKindReader.parse(raw), { required: true });
  const territorial = kind === SignatoryKind.COMMUNE || kind === SignatoryKind.INTERCOMMUNALITY;
  const territoryCode = reader.field(
    "territory_code",
    (raw) => (kind === SignatoryKind.COMMUNE ? parseCommuneCode(raw) : parseSirenFormat(raw)),
    { required: territorial },
  );
  if (territoryCode !== null && !territorial && kind !== null) {
    reader.report("territory_code", "un code de territoire ne va qu'avec un signataire commune ou epci");
  }
  const associationRna = reader.field("association_rna", parseRna, { required: kind === SignatoryKind.ASSOCIATION });
  if (associationRna !== null && kind !== SignatoryKind.ASSOCIATION && kind !== null) {
    reader.report("association_rna", "un RNA ne va qu'avec un signataire association");
  }
  return {
    conventionReference: reader.field("convention_reference", (raw) => parseText(raw, FIELD_RULES.reference), { required: true }),
    position: reader.field("position", (raw) => parseInteger(raw, POSITION), { required: true }),
    kind,
    role: reader.field("role", (raw) => signatoryRoleReader.parse(raw), { required: true }),
    name: reader.field("name", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    territoryCode: territorial ? territoryCode : null,
    associationRna: kind === SignatoryKind.ASSOCIATION ? associationRna : null,
    signedOn: reader.field("signed_on", parseDate),
  };
}

const signatoryKey = (row: SignatoryRow) =>
  row.conventionReference && row.position !== null ? `${row.conventionReference}\u0000${row.position}` : null;

function checkSignatoryRows(rows: ReadonlyArray<Located<SignatoryRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    signatoryKey,
    problems,
    "position",
    (r) => (r.position === null ? null : String(r.position)),
    "signataire (même convention, même rang)",
  );
}

const territoryOf = (row: SignatoryRow): TerritoryRef[] => {
  if (row.territoryCode === null) return [];
  return row.kind === SignatoryKind.COMMUNE
    ? [{ kind: "commune", code: row.territoryCode }]
    : [{ kind: "intercommunality", siren: row.territoryCode }];
};

/** A signatory lies where its convention lies; a commune or EPCI signatory lies in its territory, as with addSignatory. */
async function checkSignatoryReferences(rows: ReadonlyArray<Located<SignatoryRow>>, { tx, viewer, problems }: CheckContext) {
  await checkRowScopes(tx, viewer, problems, rows, (row) =>
    row.conventionReference
      ? {
          owner: { field: "convention_reference", ref: { kind: "conventionReference", reference: row.conventionReference } },
          references: [{ field: "territory_code", refs: territoryOf(row) }],
        }
      : null,
  );
  const rnas = distinct(rows.map((r) => r.row.associationRna));
  const known = new Set(
    rnas.length === 0
      ? []
      : ((await tx.query(`SELECT rna FROM partner_association WHERE rna = ANY($1)`, [rnas])) as Array<{ rna: string }>).map((r) => r.rna),
  );
  for (const { line, row } of rows) {
    if (row.associationRna && !known.has(row.associationRna)) {
      problems.add(line, "association_rna", row.associationRna, "association inconnue (importez d'abord les associations)");
    }
  }
}

/** Signatories of the file, upserted by (convention, position); an absent signed_on column leaves stored dates alone. */
function signatoriesWrite(present: (column: string) => boolean): TableWrite<SignatoryColumn> & { returning: "ids" } {
  return {
    columns: ["convention_id", "position", "kind", "role", "name", "commune_code", "intercommunality_siren", "association_id", "signed_on"],
    computed: { convention_id: "c.id", association_id: "pa.id" },
    inputs: { convention_reference: "text", association_rna: "text" },
    joins: "JOIN convention c ON c.reference = j.convention_reference LEFT JOIN partner_association pa ON pa.rna = j.association_rna",
    onConflict: { kind: "update", keep: ["convention_id", "position", ...(present("signed_on") ? [] : ["signed_on" as const])] },
    audit: "convention_signatory",
    returning: "ids",
  };
}

async function writeSignatories(rows: ReadonlyArray<Located<SignatoryRow>>, context: WriteContext) {
  const { tx } = context;
  const outcome = await writeTableIds(
    tx,
    CONVENTION_SIGNATORY_TABLE,
    signatoriesWrite(context.present),
    rows.map(({ row }) => ({
      convention_reference: row.conventionReference,
      position: row.position,
      kind: row.kind,
      role: row.role,
      name: row.name,
      commune_code: row.kind === SignatoryKind.COMMUNE ? row.territoryCode : null,
      intercommunality_siren: row.kind === SignatoryKind.INTERCOMMUNALITY ? row.territoryCode : null,
      association_rna: row.associationRna,
      signed_on: row.signedOn,
    })),
    batchOptions(context),
  );
  return [tableCount("convention_signatory", "signataires", rows.length, outcome.created.length, outcome.updated.length)];
}

export const signatoriesKind: ImportKind<SignatoryRow> = {
  name: "signatories",
  label: "signataires",
  naturalKey: "convention_reference + position",
  columns: [
    {
      name: "convention_reference",
      required: true,
      aliases: ["convention", "reference_convention", "reference"],
      description: "Référence de la CTG (déjà en base)",
    },
    {
      name: "position",
      required: true,
      aliases: ["rang", "numero"],
      description: "Rang du signataire dans la CTG (1, 2, …) ; avec la référence, identifie le signataire",
    },
    {
      name: "kind",
      required: true,
      aliases: ["nature", "type"],
      description: "caf, commune, intercommunality (epci), department_council, msa, state, association ou other",
    },
    { name: "role", required: true, aliases: ["rôle"], description: "caf, holder (porteur) ou co_signatory (cosignataire)" },
    { name: "name", required: true, aliases: ["nom"], description: "Nom tel que la CTG l'écrit (2 à 300 caractères)" },
    {
      name: "territory_code",
      communeCodes: true,
      aliases: ["code_territoire"],
      description: "Code INSEE (signataire commune) ou SIREN (signataire epci), dans le territoire de la CTG ; vide pour les autres",
    },
    { name: "association_rna", aliases: ["rna"], description: "RNA de l'association signataire (déjà en base) ; vide pour les autres" },
    { name: "signed_on", aliases: ["date_signature"], description: "Date de signature de ce signataire" },
  ],
  read: (reader) => readSignatory(reader),
  checkRows: checkSignatoryRows,
  checkDatabase: checkSignatoryReferences,
  write: writeSignatories,
};
