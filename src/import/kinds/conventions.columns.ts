import type { ColumnSpec } from "../columns";

/** The columns of a conventions file, with the aliases a spreadsheet may use (`npm run import -- --help conventions`). */
export const CONVENTION_COLUMNS: readonly ColumnSpec[] = [
  {
    name: "reference",
    required: true,
    aliases: ["référence", "ref"],
    description: "Référence unique de la CTG (ex. CTG-52-2023-200044253)",
  },
  { name: "title", required: true, aliases: ["titre", "intitulé"], description: "Intitulé (3 à 300 caractères)" },
  {
    name: "department",
    required: true,
    aliases: ["département", "departement_code", "dep"],
    description: "Code du département de la CAF signataire (52, 2A, 972…)",
  },
  { name: "holder_type", required: true, aliases: ["holder_kind", "type_porteur"], description: "Nature du porteur : commune ou epci" },
  {
    communeCodes: true,
    name: "holder_code",
    required: true,
    aliases: ["code_porteur"],
    description: "Code INSEE de la commune ou SIREN de l'EPCI porteur",
  },
  {
    name: "stage",
    aliases: ["étape"],
    description: "in_preparation, signed ou terminated (vide : signed si signed_on est donnée, sinon in_preparation)",
  },
  { name: "signed_on", aliases: ["date_signature"], description: "Date de signature (AAAA-MM-JJ ou JJ/MM/AAAA)" },
  { name: "starts_on", aliases: ["date_debut", "début"], description: "Début de la période" },
  {
    name: "starts_on_precision",
    aliases: ["precision_debut"],
    description: "Précision du début : day, month ou year (jour, mois, année) ; vide : day (2023 seule s'écrit 2023-01-01, year)",
  },
  { name: "ends_on", aliases: ["date_fin", "fin"], description: "Fin de la période (incluse, postérieure au début)" },
  {
    name: "ends_on_precision",
    aliases: ["precision_fin"],
    description: "Précision de la fin : day, month ou year ; vide : day (2027 seule s'écrit 2027-12-31, year)",
  },
  { name: "terminated_on", aliases: ["date_resiliation"], description: "Date de résiliation (étape terminated)" },
  { name: "themes", aliases: ["thématiques"], description: "Thématiques séparées par | (codes EARLY_CHILDHOOD, YOUTH… ou libellés)" },
  { name: "bonus_territoire", description: "true/false (ou oui/non) ; vide : false" },
  {
    name: "covered_communes",
    communeCodes: true,
    aliases: ["communes_couvertes"],
    description: "Codes INSEE séparés par | ; vide : les communes membres du porteur",
  },
  { name: "description", aliases: ["présentation"], description: "Présentation publique (texte long, retours à la ligne gardés)" },
  { name: "diagnostic_conducted_on", aliases: ["date_diagnostic"], description: "Date du diagnostic partagé" },
  {
    name: "diagnostic_conducted_on_precision",
    aliases: ["precision_diagnostic"],
    description: "Précision de la date du diagnostic : day, month ou year ; vide : day",
  },
  { name: "diagnostic_conducted_by", aliases: ["auteur_diagnostic"], description: "Qui a conduit le diagnostic (2 à 300 caractères)" },
  {
    name: "diagnostic_funded_by_caf",
    aliases: ["diagnostic_finance_caf"],
    description: "Diagnostic financé par la CAF : true/false (vide : inconnu)",
  },
  { name: "diagnostic_summary", aliases: ["synthese_diagnostic"], description: "Synthèse du diagnostic (texte long)" },
  {
    name: "predecessor_reference",
    aliases: ["reference_precedente"],
    description: "Référence de la CTG renouvelée (en base ou plus haut dans le fichier)",
  },
];
