import { Theme } from "../common/theme";
import { FacilityKind } from "../facility/facility-enums";

/**
 * French wording of the synthetic data set: the kind of titles found in real SDSF schemes and CTG,
 * written generically (no real organisation is named). Placeholders: {commune} a covered commune's name,
 * {ofCommune} "de"/"d'"/"du" + that name, {places} a number of places.
 */

/** How often a theme appears in a CTG (weights, not probabilities): the early years and youth dominate. */
export const THEME_WEIGHTS: Readonly<Record<Theme, number>> = {
  EARLY_CHILDHOOD: 10,
  CHILDHOOD: 9,
  YOUTH: 8.5,
  PARENTING: 8.5,
  SOCIAL_LIFE: 5,
  ACCESS_TO_RIGHTS: 4.5,
  DISABILITY: 2.5,
  DIGITAL_INCLUSION: 2.5,
  HOUSING: 2,
  SOCIAL_INCLUSION: 2,
  ASSOCIATIVE_LIFE: 1.5,
  SENIORS: 1.2,
  MOBILITY: 1.2,
  HEALTH: 1,
};

export interface AxisTemplate {
  theme: Theme;
  title: string;
  description: string;
}

/**
 * SDSF axes, in the order a scheme lists them. Early childhood and parenting open every scheme: they are
 * the historical core of the schéma départemental des services aux familles.
 */
export const SDSF_AXES: readonly AxisTemplate[] = [
  {
    theme: Theme.EARLY_CHILDHOOD,
    title: "Développer une offre d'accueil du jeune enfant de qualité, accessible et équitablement répartie",
    description: "Réduire les écarts de couverture entre territoires et faciliter l'accès des familles vulnérables aux modes d'accueil.",
  },
  {
    theme: Theme.PARENTING,
    title: "Accompagner les parents dans leur rôle et soutenir la fonction parentale",
    description: "Rendre lisible et mailler l'offre de soutien à la parentalité (LAEP, REAAP, CLAS, médiation familiale).",
  },
  {
    theme: Theme.CHILDHOOD,
    title: "Structurer une offre d'accueil de loisirs éducative et accessible aux enfants",
    description: "Soutenir les accueils de loisirs périscolaires et extrascolaires, notamment en milieu rural.",
  },
  {
    theme: Theme.YOUTH,
    title: "Accompagner les jeunes vers l'autonomie et favoriser leur engagement",
    description: "Développer les espaces d'accueil, d'information et de projets pour les 12-25 ans.",
  },
  {
    theme: Theme.SOCIAL_LIFE,
    title: "Conforter l'animation de la vie sociale sur l'ensemble du territoire",
    description: "Soutenir les centres sociaux et les espaces de vie sociale, et couvrir les zones blanches.",
  },
  {
    theme: Theme.ACCESS_TO_RIGHTS,
    title: "Faciliter l'accès aux droits et lutter contre le non-recours",
    description: "Coordonner les points d'accueil et aller vers les publics éloignés des institutions.",
  },
  {
    theme: Theme.DISABILITY,
    title: "Favoriser l'inclusion des enfants et des jeunes en situation de handicap",
    description: "Former les professionnels et adapter les structures pour un accueil inclusif.",
  },
  {
    theme: Theme.DIGITAL_INCLUSION,
    title: "Réduire la fracture numérique et accompagner les familles dans leurs démarches en ligne",
    description: "Déployer des lieux et des médiateurs numériques de proximité.",
  },
  {
    theme: Theme.SOCIAL_INCLUSION,
    title: "Soutenir les familles vulnérables et prévenir les ruptures",
    description: "Accompagner les familles monoparentales et les parents en insertion professionnelle.",
  },
  {
    theme: Theme.HOUSING,
    title: "Prévenir les difficultés liées au logement et améliorer le cadre de vie des familles",
    description: "Agir contre les impayés et l'habitat indigne, accompagner l'installation des jeunes ménages.",
  },
];

/** Bodies that sign an SDSF: the four always, the others sometimes. */
export const SDSF_CORE_SIGNATORIES = (department: string, caf: string): string[] => [
  `Préfecture ${department}`,
  `Conseil départemental ${department}`,
  caf,
  "Mutualité sociale agricole (MSA)",
];

export const SDSF_OTHER_SIGNATORIES: readonly string[] = [
  "Union départementale des associations familiales (UDAF)",
  "Direction des services départementaux de l'Éducation nationale",
  "Association départementale des maires",
  "Fédération départementale des centres sociaux",
];

export const OBJECTIVE_TITLES: Readonly<Record<Theme, readonly string[]>> = {
  EARLY_CHILDHOOD: [
    "Maintenir et développer l'offre d'accueil du jeune enfant",
    "Favoriser l'accès des familles vulnérables aux modes d'accueil",
    "Valoriser et professionnaliser l'accueil individuel",
  ],
  CHILDHOOD: [
    "Garantir une offre d'accueil de loisirs de qualité sur tout le territoire",
    "Coordonner les temps périscolaires et extrascolaires",
  ],
  YOUTH: ["Favoriser l'autonomie et l'engagement des jeunes", "Développer des lieux d'accueil et d'information pour les adolescents"],
  PARENTING: ["Soutenir les parents dans leur rôle éducatif", "Rendre lisible l'offre de soutien à la parentalité"],
  SOCIAL_LIFE: ["Développer l'animation de la vie sociale de proximité", "Conforter les centres sociaux et espaces de vie sociale"],
  ACCESS_TO_RIGHTS: ["Lutter contre le non-recours aux droits", "Mailler le territoire en points d'accueil et d'accompagnement"],
  HOUSING: ["Prévenir les expulsions et accompagner les familles dans leur logement", "Améliorer le cadre de vie des familles"],
  DISABILITY: ["Favoriser l'accueil des enfants en situation de handicap", "Soutenir les familles d'enfants en situation de handicap"],
  DIGITAL_INCLUSION: ["Accompagner les familles dans l'usage du numérique"],
  SOCIAL_INCLUSION: ["Accompagner l'insertion sociale et professionnelle des parents"],
  SENIORS: ["Soutenir les aidants familiaux et rompre l'isolement des aînés"],
  ASSOCIATIVE_LIFE: ["Soutenir la vie associative locale et le bénévolat"],
  MOBILITY: ["Faciliter la mobilité des familles et des jeunes"],
  HEALTH: ["Améliorer l'accès des familles à la prévention et aux soins"],
};

export const ACTION_TITLES: Readonly<Record<Theme, readonly string[]>> = {
  EARLY_CHILDHOOD: [
    "Création d'un multi-accueil de {places} places à {commune}",
    "Extension de la micro-crèche {ofCommune}",
    "Relais petite enfance itinérant",
    "Étude des besoins d'accueil en horaires atypiques",
    "Accompagnement des assistants maternels vers la formation continue",
    "Création d'une maison d'assistants maternels à {commune}",
  ],
  CHILDHOOD: [
    "Ouverture d'un accueil de loisirs le mercredi à {commune}",
    "Élaboration d'un plan mercredi intercommunal",
    "Harmonisation des tarifs des accueils périscolaires",
    "Séjours de vacances pour les 6-11 ans",
    "Rénovation des locaux de l'accueil de loisirs {ofCommune}",
  ],
  YOUTH: [
    "Création d'un point information jeunesse à {commune}",
    "Recrutement d'un animateur jeunesse",
    "Mise en place d'un conseil local des jeunes",
    "Bourse aux projets de jeunes",
    "Ouverture d'un accueil ados le samedi",
    "Présence éducative en ligne (promeneurs du net)",
  ],
  PARENTING: [
    "Création d'un lieu d'accueil enfants-parents à {commune}",
    "Cafés des parents",
    "Ateliers parents-enfants",
    "Semaine de la parentalité",
    "Accompagnement à la scolarité (CLAS)",
    "Guide des ressources parentalité du territoire",
  ],
  SOCIAL_LIFE: [
    "Préfiguration d'un centre social",
    "Création d'un espace de vie sociale à {commune}",
    "Renouvellement du projet social du centre social",
    "Diagnostic de l'animation de la vie sociale",
    "Fête de quartier annuelle à {commune}",
  ],
  ACCESS_TO_RIGHTS: [
    "Permanences d'accès aux droits en mairie {ofCommune}",
    "Labellisation d'un espace France services",
    "Rendez-vous des droits avec la CAF",
    "Formation des agents d'accueil au repérage du non-recours",
  ],
  HOUSING: ["Prévention des impayés de loyer", "Repérage de l'habitat indigne", "Aide à l'installation des jeunes ménages"],
  DISABILITY: [
    "Pôle ressources handicap pour les structures d'accueil",
    "Formation des animateurs à l'accueil d'enfants en situation de handicap",
    "Aménagement des structures pour un accueil inclusif",
  ],
  DIGITAL_INCLUSION: [
    "Ateliers numériques pour les familles",
    "Recrutement d'un conseiller numérique",
    "Postes informatiques en libre accès à {commune}",
  ],
  SOCIAL_INCLUSION: ["Places en crèche à vocation d'insertion professionnelle (AVIP)", "Accompagnement des familles monoparentales"],
  SENIORS: ["Groupe de soutien aux aidants", "Rencontres intergénérationnelles entre crèche et résidence seniors"],
  ASSOCIATIVE_LIFE: ["Forum des associations", "Formation des bénévoles associatifs"],
  MOBILITY: ["Transport à la demande vers les accueils de loisirs", "Aide au permis de conduire pour les jeunes"],
  HEALTH: ["Actions de prévention santé pour les jeunes", "Bilans de santé des jeunes enfants avec la PMI"],
};

export const PROGRESS_NOTES: readonly string[] = [
  "Point d'étape présenté au comité de pilotage",
  "Avancement constaté lors du bilan annuel",
  "Calendrier décalé, financement confirmé",
  "Mise en œuvre conforme au plan d'action",
];

/** Association names by theme; "[synthétique]" is prefixed to every one. */
export const ASSOCIATION_NAMES: Readonly<Record<Theme, readonly string[]>> = {
  EARLY_CHILDHOOD: ["Crèche parentale {ofCommune}", "Les P'tits Loups {ofCommune}", "Association petite enfance {ofCommune}"],
  CHILDHOOD: ["Amicale laïque {ofCommune}", "Association des loisirs éducatifs {ofCommune}", "Les Écureuils {ofCommune}"],
  YOUTH: ["Maison des jeunes {ofCommune}", "Jeunesse et loisirs {ofCommune}", "Point jeunes {ofCommune}"],
  PARENTING: ["Maison des familles {ofCommune}", "Parents ensemble {ofCommune}", "École des parents {ofCommune}"],
  SOCIAL_LIFE: ["Foyer rural {ofCommune}", "Comité d'animation {ofCommune}", "Association socioculturelle {ofCommune}"],
  ACCESS_TO_RIGHTS: ["Point d'accès aux droits {ofCommune}", "Aide aux démarches {ofCommune}"],
  HOUSING: ["Association pour le logement des familles {ofCommune}"],
  DISABILITY: ["Handi-loisirs {ofCommune}", "Association Différences et partage {ofCommune}"],
  DIGITAL_INCLUSION: ["Espace numérique solidaire {ofCommune}"],
  SOCIAL_INCLUSION: ["Association d'insertion {ofCommune}", "Solidarité familles {ofCommune}"],
  SENIORS: ["Aidants et familles {ofCommune}"],
  ASSOCIATIVE_LIFE: ["Maison des associations {ofCommune}"],
  MOBILITY: ["Mobilité solidaire {ofCommune}"],
  HEALTH: ["Santé et prévention {ofCommune}"],
};

export const SYNTHETIC_NAME_PREFIX = "[synthétique]";

/** What a facility of each kind is called, and how many places it has (null: no places to count). */
export interface FacilityTemplate {
  names: readonly string[];
  capacity: readonly [number, number] | null;
}

const NICKNAMES = [
  "Les Petits Loups",
  "Les Lucioles",
  "Pomme d'Api",
  "Les Galopins",
  "Les Marmousets",
  "L'Île aux enfants",
  "Les Bambins",
  "Les Coccinelles",
  "Le Petit Prince",
  "Les Farfadets",
  "Arc-en-ciel",
  "Les Canailloux",
];

export const FACILITY_TEMPLATES: Readonly<
  Record<
    | FacilityKind.EAJE
    | FacilityKind.ALSH
    | FacilityKind.RPE
    | FacilityKind.LAEP
    | FacilityKind.SOCIAL_CENTRE
    | FacilityKind.SOCIAL_LIFE_SPACE,
    FacilityTemplate
  >
> = {
  [FacilityKind.EAJE]: {
    names: [...NICKNAMES.map((n) => `Multi-accueil ${n}`), ...NICKNAMES.slice(0, 6).map((n) => `Micro-crèche ${n}`)],
    capacity: [10, 60],
  },
  [FacilityKind.ALSH]: {
    names: ["Accueil de loisirs {ofCommune}", ...NICKNAMES.slice(6).map((n) => `Accueil de loisirs ${n}`)],
    capacity: [24, 150],
  },
  [FacilityKind.RPE]: { names: ["Relais petite enfance {ofCommune}"], capacity: null },
  [FacilityKind.LAEP]: {
    names: [
      "Lieu d'accueil enfants-parents La Parenthèse",
      "Lieu d'accueil enfants-parents Le Petit Nid",
      "Lieu d'accueil enfants-parents L'Escale",
    ],
    capacity: [6, 15],
  },
  [FacilityKind.SOCIAL_CENTRE]: {
    names: [
      "Centre social {ofCommune}",
      "Centre social Les Quatre Vents",
      "Centre social La Passerelle",
      "Centre social Le Lien",
      "Centre social L'Escale",
    ],
    capacity: null,
  },
  [FacilityKind.SOCIAL_LIFE_SPACE]: {
    names: ["Espace de vie sociale {ofCommune}", "Espace de vie sociale La Grange", "Espace de vie sociale Le Fil"],
    capacity: null,
  },
};

export const DIAGNOSTIC_AUTHORS: readonly string[] = [
  "CAF et collectivité, en régie",
  "Cabinet d'études (synthétique)",
  "Service enfance-jeunesse de la collectivité",
  "Centre social du territoire",
];

/** Replaces the placeholders of a template. */
export function fillTemplate(template: string, values: { commune?: string; ofCommune?: string; places?: number }): string {
  return template
    .replace("{commune}", values.commune ?? "")
    .replace("{ofCommune}", values.ofCommune ?? "")
    .replace("{places}", String(values.places ?? ""))
    .replace(/\s+/g, " ")
    .trim();
}
