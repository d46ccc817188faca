import { Theme } from "../common/theme";

/**
 * Words of the synthetic follow-up: pilots, notes, decisions, evaluations. Every free text says it is synthetic
 * (« synthétique »), as the conventions, associations and facilities of the set do.
 */

/** First names and initials of fictional pilots: "Camille D. (synthétique)" is nobody. */
export const PILOT_FIRST_NAMES: readonly string[] = [
  "Camille",
  "Dominique",
  "Claude",
  "Sacha",
  "Alix",
  "Morgan",
  "Charlie",
  "Lou",
  "Maxime",
  "Stéphane",
  "Laurence",
  "Frédérique",
];

const MISSION = "Chargée de mission CTG";

/** A pilot's role by the action's theme (a theme without its own roles gets the CTG's chargée de mission). */
export const PILOT_ROLES: Readonly<Partial<Record<Theme, readonly string[]>>> = {
  [Theme.EARLY_CHILDHOOD]: ["Coordinatrice petite enfance", "Responsable du relais petite enfance", "Directrice de crèche"],
  [Theme.CHILDHOOD]: ["Coordinateur enfance", "Directeur d'accueil de loisirs"],
  [Theme.YOUTH]: ["Coordinatrice jeunesse", "Animateur jeunesse", "Informateur jeunesse"],
  [Theme.PARENTING]: ["Référente famille", "Coordinatrice parentalité"],
  [Theme.SOCIAL_LIFE]: ["Directeur du centre social", "Animatrice de la vie sociale"],
  [Theme.ACCESS_TO_RIGHTS]: ["Responsable France services", "Travailleur social"],
  [Theme.HOUSING]: ["Chargé de mission habitat"],
  [Theme.DISABILITY]: ["Référent handicap"],
  [Theme.DIGITAL_INCLUSION]: ["Conseillère numérique"],
  [Theme.MOBILITY]: ["Chargé de mission mobilité"],
};

export const pilotRoles = (theme: Theme): readonly string[] => PILOT_ROLES[theme] ?? [MISSION];

export const HOLDER_SERVICES: readonly string[] = [
  "Service enfance-jeunesse",
  "Direction de la cohésion sociale",
  "Pôle familles et solidarités",
  "Service petite enfance",
  "Direction des services à la population",
];

export const NOTE_TEXTS: readonly string[] = [
  "Point d'étape : calendrier tenu, premiers publics accueillis (note synthétique).",
  "Recrutement en cours, ouverture décalée de quelques mois (note synthétique).",
  "Fréquentation en hausse par rapport à l'an dernier (note synthétique).",
  "Financement complémentaire obtenu, dépenses inférieures au prévu (note synthétique).",
  "Difficultés de locaux, solution provisoire trouvée avec la commune (note synthétique).",
  "Bilan présenté au comité technique, poursuite validée (note synthétique).",
  "Partenariat élargi à une association du territoire (note synthétique).",
  "Action suspendue dans l'attente d'un nouveau porteur (note synthétique).",
];

export const STEERING_DECISIONS: readonly string[] = [
  "Bilan annuel adopté ; plan d'actions reconduit (réunion synthétique).",
  "Deux actions reportées à l'an prochain, budget réaffecté (réunion synthétique).",
  "Validation des priorités de l'année et du calendrier (réunion synthétique).",
  "Nouvelle action ajoutée au plan, financements à confirmer (réunion synthétique).",
];

export const EVALUATION_SUMMARIES: readonly string[] = [
  "Bilan annuel synthétique : la plupart des actions avancent, quelques retards sur les investissements.",
  "Bilan annuel synthétique : objectifs petite enfance en bonne voie, jeunesse en retrait.",
  "Bilan annuel synthétique : dépenses en dessous du prévu, calendrier à resserrer.",
];

export const FINAL_SUMMARY =
  "Évaluation finale synthétique avant renouvellement : acquis consolidés, priorités reprises dans la CTG suivante.";

export const ASSESSMENT_COMMENTS: readonly string[] = [
  "Résultats conformes aux attentes (appréciation synthétique).",
  "Avancée partielle, à poursuivre (appréciation synthétique).",
  "Peu de résultats à ce stade (appréciation synthétique).",
];

/** Codes of the synthetic plan indicators (definitions created and removed with the set). */
export const SYNTHETIC_PLAN_INDICATORS = {
  action: { code: "syn_participants", label: "Participants ou bénéficiaires de l'action (indicateur synthétique)" },
  objective: { code: "syn_objective_completion", label: "Taux de réalisation de l'objectif, en % (indicateur synthétique)" },
  convention: { code: "syn_plan_completion", label: "Part des actions du plan réalisées, en % (indicateur synthétique)" },
} as const;

export const SYNTHETIC_INDICATOR_PREFIX = "syn_";
