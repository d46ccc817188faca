import { NUMERIC_14_2_MAX, numberRule, type NumberRule } from "../common/field-rules";

/** A count of households, persons or children: a whole number, never negative (the CHECK constraint lists them). */
export const COUNT = numberRule({ min: 0, max: NUMERIC_14_2_MAX, integer: true });
/** A non-negative figure that is not a count to weigh by: a rate (places per 100 children, may pass 100), euros, places. */
export const NON_NEGATIVE = numberRule({ min: 0, max: NUMERIC_14_2_MAX, scale: 2 });

export interface CatalogueEntry {
  label: string;
  value: NumberRule;
}

/**
 * The columns of data.caf.fr files the indicators import reads as published (README, « Données CAF telles que
 * publiées »): the code is the published column name in lower case. Counts (foyers, personnes) can weigh coverage;
 * rates and amounts cannot be summed when communes merge.
 */
const benefits: Record<string, string> = {
  af: "les allocations familiales",
  cf: "le complément familial",
  asf: "l'allocation de soutien familial",
  ab: "l'allocation de base de la PAJE",
  cmg: "le complément de libre choix du mode de garde (PAJE)",
  apl: "l'aide personnalisée au logement (APL)",
  als: "l'allocation de logement sociale (ALS)",
  alf: "l'allocation de logement familiale (ALF)",
  rsa: "le RSA",
  ppa: "la prime d'activité",
  ndural: "une aide au logement",
  ndurpaje: "une prestation d'accueil du jeune enfant (PAJE)",
};

/** Childcare modes of the coverage files (`txcouv_<stem>_<scale>`), and their French names. */
export const CHILDCARE_STEMS: Record<string, string> = {
  psu_col: "accueil collectif financé par la PSU",
  hors_psu_col: "accueil collectif hors PSU (micro-crèches PAJE)",
  eaje: "établissements d'accueil du jeune enfant (EAJE, ensemble)",
  prescol: "préscolarisation avant 3 ans",
  am_ind: "assistantes maternelles",
  gad_ind: "garde à domicile",
  ind: "accueil individuel (ensemble)",
};

const SCALES = { com: "de la commune", epci: "de l'EPCI" } as const;

function coverageRates(): Record<string, CatalogueEntry> {
  const entries: Record<string, CatalogueEntry> = {};
  for (const [scale, of] of Object.entries(SCALES)) {
    entries[`txcouv_${scale}`] = {
      label: `Taux de couverture global de l'accueil des moins de 3 ans ${of} (places pour 100 enfants)`,
      value: NON_NEGATIVE,
    };
    for (const [stem, mode] of Object.entries(CHILDCARE_STEMS)) {
      entries[`txcouv_${stem}_${scale}`] = {
        label: `Taux de couverture ${of} : ${mode} (places pour 100 enfants de moins de 3 ans)`,
        value: NON_NEGATIVE,
      };
    }
  }
  return entries;
}

/** Places per EPCI (`nbpla_pe_epci`): places may be estimates (garde à domicile), kept as non-negative numbers. */
const PLACES: Record<string, CatalogueEntry> = {
  pl_eaje_epci: { label: "Places en EAJE de l'EPCI (moins de 3 ans)", value: NON_NEGATIVE },
  pl_psu_col_epci: { label: "Places en accueil collectif financé par la PSU de l'EPCI", value: NON_NEGATIVE },
  pl_hors_psu_col_epci: { label: "Places en accueil collectif hors PSU de l'EPCI", value: NON_NEGATIVE },
  pl_prescol_epci: { label: "Places de préscolarisation avant 3 ans de l'EPCI", value: NON_NEGATIVE },
  pl_am_ind_epci: { label: "Places chez les assistantes maternelles de l'EPCI", value: NON_NEGATIVE },
  pl_gad_ind_epci: { label: "Places en garde à domicile de l'EPCI", value: NON_NEGATIVE },
  tot_offre_epci: { label: "Offre d'accueil formel des moins de 3 ans de l'EPCI (places, tous modes)", value: NON_NEGATIVE },
};

export const CAF_INDICATORS: Readonly<Record<string, CatalogueEntry>> = {
  indfoy_ndur: { label: "Foyers allocataires CAF (au moins une prestation)", value: COUNT },
  indnbp_ndur: { label: "Personnes couvertes par une prestation CAF", value: COUNT },
  ...Object.fromEntries(
    Object.entries(benefits).map(([code, name]) => [`indfoy_${code}`, { label: `Foyers allocataires percevant ${name}`, value: COUNT }]),
  ),
  indmtt_rsa: { label: "Montant de RSA versé au titre du mois de décembre (euros)", value: NON_NEGATIVE },
  indmtt_ppa: { label: "Montant de prime d'activité versé au titre du mois de décembre (euros)", value: NON_NEGATIVE },
  ...coverageRates(),
  ...PLACES,
};
