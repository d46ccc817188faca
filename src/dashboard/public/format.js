// French formats and labels. Intl gives the French typography (narrow no-break space as the
// thousands separator and before "%"), so 12241 reads "12 241" and 0.453 reads "45,3 %".

const integer = new Intl.NumberFormat("fr-FR");
const percent = new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const day = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const month = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });

export const DASH = "—";

export function formatInteger(value) {
  return value === null || value === undefined ? DASH : integer.format(value);
}

/** A share in [0, 1] as a French percentage with one decimal. */
export function formatShare(value) {
  return value === null || value === undefined ? DASH : percent.format(value);
}

/** A date with its precision: a CTG known as "2023–2027" shows years, not 1 January / 31 December. */
export function formatDate(iso, precision = "DAY") {
  if (!iso) return DASH;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  if (precision === "YEAR") return String(date.getUTCFullYear());
  if (precision === "MONTH") return month.format(date);
  return day.format(date);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value) {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The date field's text: `30/06/2025`, the same in every browser (a `type="date"` field shows the visitor's
 * locale, month first in an English one). The address keeps the ISO date.
 */
export function formatDateInput(iso) {
  return isIsoDate(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : "";
}

/** What a person types in the date field, as an ISO date, or null: `30/06/2025`, `1/7/2025`, `30.06.2025`, `2025-06-30`. */
export function parseDateInput(text) {
  const value = String(text ?? "").trim();
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const iso = french ? `${french[3]}-${french[2].padStart(2, "0")}-${french[1].padStart(2, "0")}` : value;
  return isIsoDate(iso) ? iso : null;
}

/** Same day shifted by `days` (the date field's arrow keys). */
export function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today in France (the hub's figures are dated in French time, not in the visitor's). */
export function todayInFrance() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
}

/** Same day N months later; 31 → last day of a shorter month, 29 February → 28 February. */
export function addMonths(iso, months) {
  const [y, m, d] = iso.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

// Same wording as the API's enum descriptions (src/common/theme.ts) and the exports.
export const THEMES = {
  EARLY_CHILDHOOD: "Petite enfance",
  CHILDHOOD: "Enfance",
  YOUTH: "Jeunesse",
  PARENTING: "Parentalité",
  SOCIAL_LIFE: "Animation de la vie sociale",
  ACCESS_TO_RIGHTS: "Accès aux droits",
  HOUSING: "Logement, habitat, cadre de vie",
  DISABILITY: "Handicap",
  DIGITAL_INCLUSION: "Inclusion numérique",
  SOCIAL_INCLUSION: "Insertion, autonomie",
  SENIORS: "Seniors, aidants",
  ASSOCIATIVE_LIFE: "Vie associative",
  MOBILITY: "Mobilité",
  HEALTH: "Santé, offre de soins",
};

export const ACTION_STATUSES = {
  UNDER_STUDY: "À l'étude",
  PLANNED: "Prévue",
  IN_PROGRESS: "En cours",
  PAUSED: "En pause",
  BLOCKED: "Bloquée",
  DONE: "Réalisée",
  ABANDONED: "Abandonnée",
};

export const PILOT_KINDS = { PERSON: "Personne", SERVICE: "Service du porteur", ASSOCIATION: "Association" };

export const MEETING_KINDS = { STEERING_COMMITTEE: "Comité de pilotage", TECHNICAL_COMMITTEE: "Comité technique" };

export const EVALUATION_KINDS = { YEARLY: "Bilan annuel", FINAL: "Évaluation finale" };

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** An amount in euros, rounded to the euro: "12 000 €". */
export function formatEuros(value) {
  return value === null || value === undefined ? DASH : euros.format(value);
}

/** A measured value (an indicator's target or result), up to two decimals: "52", "12,5". */
export function formatNumber(value) {
  return value === null || value === undefined ? DASH : decimal.format(value);
}

export const CONVENTION_STATUSES = {
  IN_PREPARATION: "En préparation",
  UPCOMING: "À venir",
  ACTIVE: "En vigueur",
  EXPIRED: "Échue",
  TERMINATED: "Résiliée",
  UNKNOWN: "Inconnu à cette date",
};

export const COVERAGE_STATUSES = {
  COVERED: "Couvert",
  PARTIAL: "Partiellement couvert",
  IN_PREPARATION: "CTG en préparation",
  EXPIRED: "CTG échue",
  NONE: "Aucune CTG",
};

export const FACILITY_KINDS = {
  EAJE: "Accueil du jeune enfant",
  RPE: "Relais petite enfance",
  LAEP: "Lieu d'accueil enfants-parents",
  ALSH: "Accueil de loisirs",
  SOCIAL_CENTRE: "Centre social",
  SOCIAL_LIFE_SPACE: "Espace de vie sociale",
  FIRST_1000_DAYS_HOUSE: "Maison des 1000 premiers jours",
  OTHER: "Autre équipement",
};

export const SIGNATORY_ROLES = { HOLDER: "Porteur", CAF: "CAF", CO_SIGNATORY: "Cosignataire" };

export const SIGNATORY_KINDS = {
  CAF: "CAF",
  INTERCOMMUNALITY: "Intercommunalité",
  COMMUNE: "Commune",
  DEPARTMENT_COUNCIL: "Conseil départemental",
  MSA: "MSA",
  STATE: "État",
  ASSOCIATION: "Association",
  OTHER: "Autre",
};

export const PARTNERSHIP_ROLES = { SIGNATORY: "Signataire", OPERATOR: "Opérateur", CONTRIBUTOR: "Contributeur" };

export function label(dictionary, value) {
  return dictionary[value] ?? value;
}

/** Which geography a figure counts on: the COG vintage of its communes, EPCI and populations. */
export function vintageNote(vintage) {
  return `Communes, EPCI et populations du COG ${vintage} (géographie en vigueur à la date)`;
}
