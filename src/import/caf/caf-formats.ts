import { CAF_INDICATORS, CHILDCARE_STEMS } from "../../indicator/caf-indicators";
import { normalizeKey } from "../fields";

/**
 * The files of data.caf.fr the indicators import reads as they are published (no column renamed). Each format is
 * known by its territory column, its year column and at least one of its value columns; each value column becomes
 * the indicator of its lower-cased name. Headers and their sources: README, « Données CAF telles que publiées ».
 */
export interface CafFormat {
  /** The dataset's identifier on data.caf.fr (recorded in the values' source). */
  dataset: string;
  /** French title of the dataset. */
  title: string;
  scale: "commune" | "epci";
  /** The header of the territory code (INSEE commune code, or SIREN of the EPCI). */
  territoryColumn: string;
  /** The header of the reference year (`annee`), or of the reference month (`dtreffre`, December of the year). */
  yearColumn: string;
  /** The value headers, lower case: each is an indicator code of the catalogue. */
  values: readonly string[];
}

const txcouv = (scale: "com" | "epci") => [`txcouv_${scale}`, ...Object.keys(CHILDCARE_STEMS).map((stem) => `txcouv_${stem}_${scale}`)];

export const CAF_FORMATS: readonly CafFormat[] = [
  {
    dataset: "s_ben_com_f",
    title: "Toutes prestations, répartition des foyers allocataires et des personnes couvertes [Communal]",
    scale: "commune",
    territoryColumn: "numcomdo",
    yearColumn: "dtreffre",
    values: Object.keys(CAF_INDICATORS).filter((code) => /^ind(foy|nbp|mtt)_/.test(code)),
  },
  {
    dataset: "txcouv_pe_com",
    title: "Taux de couverture de l'accueil du jeune enfant [Commune]",
    scale: "commune",
    territoryColumn: "numcom",
    yearColumn: "annee",
    values: txcouv("com"),
  },
  {
    dataset: "txcouv_pe_epci",
    title: "Taux de couverture de l'accueil du jeune enfant [EPCI]",
    scale: "epci",
    territoryColumn: "numepci",
    yearColumn: "annee",
    values: txcouv("epci"),
  },
  {
    dataset: "nbpla_pe_epci",
    title: "Nombre de places offertes pour les enfants de moins de 3 ans [EPCI]",
    scale: "epci",
    territoryColumn: "numepci",
    yearColumn: "annee",
    values: Object.keys(CAF_INDICATORS).filter((code) => /^(pl_.*|tot_offre)_epci$/.test(code)),
  },
];

/** The format of a file by its headers (case and accents do not matter), or null: not a file of data.caf.fr. */
export function cafFormatOf(headers: readonly string[]): CafFormat | null {
  const keys = new Set(headers.map(normalizeKey));
  return (
    CAF_FORMATS.find(
      (format) => keys.has(format.territoryColumn) && keys.has(format.yearColumn) && format.values.some((value) => keys.has(value)),
    ) ?? null
  );
}

/**
 * Counts and amounts add up when communes merge (foyers, personnes, euros); a rate (places per 100 children) does
 * not: it is kept only where one commune of the file leads to the current one.
 */
export const isSummable = (indicator: string): boolean => !indicator.startsWith("txcouv_");

/** Data of year N is published on the geography of January N+1: the COG vintage N+1. */
export const vintageOfYear = (year: number): number => year + 1;

/**
 * Cells a CAF file leaves without a figure, for statistical secrecy or lack of data: empty, `s`/`secret`, `nd`/`n.d.`,
 * `nc`, and a bound in place of a small value (`<5`). Not an error: the cell is skipped and counted in the report.
 */
export function isMaskedCell(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw !== "string") return false;
  const text = raw.trim().toLowerCase();
  return text === "" || /^(s|secret|nd|n\.d\.?|nc|n\.c\.?)$/.test(text) || /^<\s*\d+$/.test(text);
}

/** A row with no place: the CAF's code for households it could not locate (empty) or outside any EPCI (`XX`, `04XXX`). */
export const isPlaceholderCode = (text: string): boolean => /^([0-9]{2})?X+$/i.test(text);
