import type { Named } from "../../auth/write-scope";
import { FIELD_RULES } from "../../common/field-rules";
import { isValidSiren } from "../../common/identifiers";
import type { Theme } from "../../common/theme";
import type { RowReader } from "../columns";
import { isBlank, parseCommuneCode, parseSirenFormat, parseText, type Parsed, type RawValue } from "../fields";
import { reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext, batchOptions } from "../kind";
import type { ProblemList } from "../problems";
import { PARTNER_ASSOCIATION_TABLE, type PartnerAssociationColumn } from "../../association/association.table";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { checkRowScopes, distinct, parseThemes } from "../vocabulary";
import { parseRna } from "./actions";

export interface AssociationRow {
  name: string | null;
  rna: string | null;
  siren: string | null;
  commune: string | null;
  themes: Theme[];
  contactEmail: string | null;
  contactPhone: string | null;
  website: string | null;
}

/** A SIREN whose INSEE control key (Luhn) holds, as the createAssociation mutation requires. */
export function parseSiren(raw: RawValue): Parsed<string> {
  const format = parseSirenFormat(raw);
  if (!format.ok) return format;
  return isValidSiren(format.value) ? format : { ok: false, reason: "SIREN invalide : la clé de contrôle (Luhn) ne correspond pas" };
}

function readAssociation(reader: RowReader): AssociationRow {
  const rna = reader.field("rna", parseRna);
  const siren = reader.field("siren", parseSiren);
  // Both blank: unidentifiable (a bad identifier is already reported by its own parser).
  if (isBlank(reader.raw("rna")) && isBlank(reader.raw("siren")))
    reader.report("rna", "au moins l'un des deux est requis : rna ou siren", null);
  return {
    name: reader.field("name", (raw) => parseText(raw, FIELD_RULES.name), { required: true }),
    rna,
    siren,
    commune: reader.field("commune", parseCommuneCode),
    themes: reader.field("themes", parseThemes) ?? [],
    contactEmail: reader.field("contact_email", (raw) => parseText(raw, FIELD_RULES.email)),
    contactPhone: reader.field("contact_phone", (raw) => parseText(raw, FIELD_RULES.phone)),
    website: reader.field("website", (raw) => parseText(raw, FIELD_RULES.website)),
  };
}

function checkAssociationRows(rows: ReadonlyArray<Located<AssociationRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    (r) => r.rna,
    problems,
    "rna",
    (r) => r.rna,
    "RNA",
  );
  reportDuplicates(
    rows,
    (r) => r.siren,
    problems,
    "siren",
    (r) => r.siren,
    "SIREN",
  );
}

async function checkAssociationReferences(
  rows: ReadonlyArray<Located<AssociationRow>>,
  { tx, viewer, problems, present }: CheckContext,
): Promise<void> {
  const rnas = distinct(rows.map((r) => r.row.rna));
  const sirens = distinct(rows.map((r) => r.row.siren));
  const stored: Array<{ id: number; rna: string | null; siren: string | null }> =
    rnas.length + sirens.length === 0
      ? []
      : await tx.query(`SELECT id, rna, siren FROM partner_association WHERE rna = ANY($1) OR siren = ANY($2)`, [rnas, sirens]);
  const byRna = new Map(stored.filter((s) => s.rna).map((s) => [s.rna as string, s]));
  const bySiren = new Map(stored.filter((s) => s.siren).map((s) => [s.siren as string, s]));
  const targetOf = (row: AssociationRow) => (row.rna ? byRna.get(row.rna) : undefined) ?? (row.siren ? bySiren.get(row.siren) : undefined);
  // As createAssociation: CAF staff of the seat's département (administrators for an association without a seat).
  // A stored association is also written where it was: nobody takes over another département's association.
  await checkRowScopes(tx, viewer, problems, rows, (row) => {
    const target = targetOf(row);
    const previous: Named | null = target ? { field: "commune", ref: { kind: "association", id: target.id } } : null;
    const seatKept = !present("commune") && previous !== null;
    const owner: Named = seatKept
      ? previous
      : { field: "commune", ref: row.commune ? { kind: "commune", code: row.commune } : { kind: "national" } };
    return { owner, previousOwner: seatKept ? null : previous };
  });
  for (const { line, row } of rows) {
    // Matched on RNA, else SIREN; the other identifier must not belong to another association.
    const target = targetOf(row);
    const sirenOwner = row.siren ? bySiren.get(row.siren) : undefined;
    if (target && sirenOwner && sirenOwner.id !== target.id) {
      problems.add(
        line,
        "siren",
        row.siren,
        `ce SIREN est déjà celui d'une autre association${sirenOwner.rna ? ` (RNA ${sirenOwner.rna})` : ""}`,
      );
    }
    if (target && row.rna && target.rna && target.rna !== row.rna) {
      problems.add(line, "rna", row.rna, `l'association de SIREN ${row.siren} a déjà le RNA ${target.rna}`);
    }
  }
}

/**
 * Associations of a file, through the table's one writer: matched on RNA, else SIREN. An identifier the
 * file leaves empty keeps its stored value: a file listing associations by SIREN does not erase their RNA.
 */
function associationsWrite(keep: readonly PartnerAssociationColumn[]): TableWrite<PartnerAssociationColumn> & { returning: "ids" } {
  return {
    columns: ["name", "rna", "siren", "commune_code", "themes", "contact_email", "contact_phone", "website"],
    computed: { rna: "coalesce(j.file_rna, m.rna)", siren: "coalesce(j.file_siren, m.siren)" },
    inputs: { file_rna: "text", file_siren: "text" },
    joins: `LEFT JOIN partner_association by_rna ON by_rna.rna = j.file_rna
      LEFT JOIN partner_association by_siren ON by_siren.siren = j.file_siren
      LEFT JOIN partner_association m ON m.id = coalesce(by_rna.id, by_siren.id)`,
    onConflict: { kind: "match", target: "m.id", keep },
    audit: "partner_association",
    returning: "ids",
  };
}

/** Which file column each written column comes from: an absent optional column is not updated. */
const SOURCE_OF: { readonly [K in PartnerAssociationColumn]?: string } = {
  rna: "rna",
  siren: "siren",
  commune_code: "commune",
  themes: "themes",
  contact_email: "contact_email",
  contact_phone: "contact_phone",
  website: "website",
};

async function writeAssociations(rows: ReadonlyArray<Located<AssociationRow>>, context: WriteContext) {
  const absent = (Object.entries(SOURCE_OF) as Array<[PartnerAssociationColumn, string]>).filter(([, source]) => !context.present(source));
  const outcome = await writeTableIds(
    context.tx,
    PARTNER_ASSOCIATION_TABLE,
    associationsWrite(absent.map(([column]) => column)),
    rows.map(({ row }) => ({
      name: row.name,
      file_rna: row.rna,
      file_siren: row.siren,
      commune_code: row.commune,
      themes: row.themes,
      contact_email: row.contactEmail,
      contact_phone: row.contactPhone,
      website: row.website,
    })),
    batchOptions(context),
  );
  return [tableCount("partner_association", "associations", rows.length, outcome.created.length, outcome.updated.length)];
}

export const associationsKind: ImportKind<AssociationRow> = {
  name: "associations",
  label: "associations",
  naturalKey: "rna, sinon siren",
  columns: [
    { name: "name", required: true, aliases: ["nom", "raison_sociale"], description: "Nom (2 à 300 caractères)" },
    { name: "rna", aliases: ["numero_rna", "id_rna"], description: "Numéro RNA (W + 9 caractères) ; rna ou siren obligatoire" },
    { name: "siren", aliases: ["numero_siren"], description: "SIREN (9 chiffres, clé de Luhn vérifiée)" },
    {
      communeCodes: true,
      name: "commune",
      aliases: ["commune_code", "code_commune", "code_insee"],
      description: "Code INSEE de la commune du siège",
    },
    { name: "themes", aliases: ["thématiques"], description: "Thématiques séparées par |" },
    { name: "contact_email", aliases: ["courriel", "email"], description: "Courriel de contact" },
    { name: "contact_phone", aliases: ["téléphone", "telephone"], description: "Téléphone de contact" },
    { name: "website", aliases: ["site_web", "site"], description: "Site web" },
  ],
  read: (reader) => readAssociation(reader),
  checkRows: checkAssociationRows,
  checkDatabase: checkAssociationReferences,
  write: writeAssociations,
};
