import { DatePrecision } from "../common/date-precision";
import { Theme } from "../common/theme";
import { ActionStatus, ConventionStage, HolderKind, SignatoryKind, SignatoryRole } from "../convention/convention-enums";
import { ApprovalKind, FacilityKind, OperatorKind } from "../facility/facility-enums";
import { SourceKind } from "../provenance/source.entity";
import type { PreciseDate, ReferenceAction, ReferenceCase, ReferenceDiagnostic } from "./reference-cases.types";

/**
 * The bundled reference dataset: real CTG cases as reported by the local press, and nothing
 * more. Whatever the articles do not say is null (or, for the non-null flags `isRenewal` and
 * `bonusTerritoire`, false), rather than filled in with something plausible: these rows are
 * shown as facts next to synthetic data, so they must stay checkable against their source.
 */

/** A year known alone: its first day, flagged as a year. */
const startOfYear = (year: number): PreciseDate => ({ date: `${year}-01-01`, precision: DatePrecision.YEAR });
/** A year known alone: its last day (periods are inclusive), flagged as a year. */
const endOfYear = (year: number): PreciseDate => ({ date: `${year}-12-31`, precision: DatePrecision.YEAR });

const NO_DIAGNOSTIC_KNOWN: ReferenceDiagnostic = { conductedOn: null, conductedBy: null, fundedByCaf: null, summary: null };

/** An action whose objective the source does not give, in the usual "planned" state unless told otherwise. */
function action(title: string, theme: Theme, options: { status?: ActionStatus; description?: string } = {}): ReferenceAction {
  return {
    title,
    description: options.description ?? null,
    theme,
    status: options.status ?? ActionStatus.PLANNED,
    objectivePosition: null,
  };
}

const objective = (title: string) => ({ title, description: null });

const JOINVILLE_SIGNED_ON = "2023-12-12";

/** CC du Bassin de Joinville en Champagne (Haute-Marne): CTG 2023-2027 signed on 12 December 2023. */
const joinville: ReferenceCase = {
  source: {
    code: "reference:joinville",
    kind: SourceKind.REFERENCE,
    title: "CTG de la CC du Bassin de Joinville en Champagne (2023-2027)",
    citation: "Presse locale (Haute-Marne), compte rendu de la signature de la CTG le 12 décembre 2023",
  },
  conventions: [
    {
      reference: "CTG-52-2023-200044253",
      title: "Convention territoriale globale de la CC du Bassin de Joinville en Champagne 2023-2027",
      stage: ConventionStage.SIGNED,
      signedOn: JOINVILLE_SIGNED_ON,
      startsOn: startOfYear(2023),
      endsOn: endOfYear(2027),
      departmentCode: "52",
      holder: { kind: HolderKind.INTERCOMMUNALITY, intercommunalitySiren: "200044253" },
      themes: [Theme.ACCESS_TO_RIGHTS, Theme.EARLY_CHILDHOOD, Theme.CHILDHOOD, Theme.YOUTH, Theme.SOCIAL_LIFE],
      bonusTerritoire: false,
      isRenewal: true,
      diagnostic: NO_DIAGNOSTIC_KNOWN,
      description:
        "CTG signée le 12 décembre 2023 par la CAF de la Haute-Marne, la communauté de communes et les communes de " +
        "Joinville, Poissons et Saint-Urbain-Maconcourt. Elle succède à une précédente CTG (non enregistrée ici) et " +
        "décline le schéma départemental des services aux familles (SDSF) sur l'accès aux droits, la petite enfance, " +
        "l'enfance, la jeunesse et l'animation de la vie sociale. Des associations partenaires y sont associées, " +
        "mais la source ne les nomme pas : aucune n'est enregistrée.",
      signatories: [
        { kind: SignatoryKind.CAF, role: SignatoryRole.CAF, name: "CAF de la Haute-Marne", signedOn: JOINVILLE_SIGNED_ON },
        {
          kind: SignatoryKind.INTERCOMMUNALITY,
          role: SignatoryRole.HOLDER,
          name: "CC du Bassin de Joinville en Champagne",
          intercommunalitySiren: "200044253",
          signedOn: JOINVILLE_SIGNED_ON,
        },
        {
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.CO_SIGNATORY,
          name: "Commune de Joinville",
          communeCode: "52250",
          signedOn: JOINVILLE_SIGNED_ON,
        },
        {
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.CO_SIGNATORY,
          name: "Commune de Poissons",
          communeCode: "52398",
          signedOn: JOINVILLE_SIGNED_ON,
        },
        {
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.CO_SIGNATORY,
          name: "Commune de Saint-Urbain-Maconcourt",
          communeCode: "52456",
          signedOn: JOINVILLE_SIGNED_ON,
        },
      ],
      objectives: [
        objective("Aider les familles à concilier vie familiale, professionnelle et sociale"),
        objective("Faciliter la relation parentale, favoriser le développement de l'enfant et soutenir les jeunes"),
        objective("Créer les conditions favorables à l'autonomie, à l'insertion sociale et professionnelle"),
        objective("Accompagner les familles pour améliorer leur cadre de vie"),
      ],
      actions: [
        action("Service satellite mobile à la rencontre des familles", Theme.EARLY_CHILDHOOD, {
          description: "Service itinérant allant au-devant des familles, en matière de petite enfance et de parentalité.",
        }),
        action(
          "Places à vocation d'insertion professionnelle (AVIP) et sociale (AVIS) dans les établissements d'accueil du jeune enfant",
          Theme.EARLY_CHILDHOOD,
        ),
        action("Actions de soutien à la parentalité", Theme.PARENTING),
        action("Maison des 1 000 premiers jours", Theme.EARLY_CHILDHOOD),
        action("Lieu d'accueil enfants-parents (LAEP)", Theme.PARENTING),
        action("Offre d'activités pour les jeunes", Theme.YOUTH, { status: ActionStatus.UNDER_STUDY }),
        action("Espaces de vie sociale", Theme.SOCIAL_LIFE),
      ],
    },
  ],
  indicators: [
    {
      indicator: "population",
      territory: { intercommunalitySiren: "200044253" },
      year: 2023,
      value: 12241,
      note: "chiffre cité à la signature (décembre 2023)",
    },
    {
      indicator: "allocataires",
      territory: { intercommunalitySiren: "200044253" },
      year: 2023,
      value: 2246,
      note: "chiffre cité à la signature (décembre 2023)",
    },
  ],
  facilities: [],
};

/** Le Lamentin (Martinique): CTG 2024-2028 signed on 28 October 2024, with the bonus territoire. */
const leLamentin: ReferenceCase = {
  source: {
    code: "reference:le-lamentin",
    kind: SourceKind.REFERENCE,
    title: "CTG de la commune du Lamentin (2024-2028)",
    citation: "Presse locale (Martinique), compte rendu de la signature de la CTG le 28 octobre 2024",
  },
  conventions: [
    {
      reference: "CTG-972-2024-97213",
      title: "Convention territoriale globale du Lamentin 2024-2028",
      stage: ConventionStage.SIGNED,
      signedOn: "2024-10-28",
      startsOn: startOfYear(2024),
      endsOn: endOfYear(2028),
      departmentCode: "972",
      holder: { kind: HolderKind.COMMUNE, communeCode: "97213" },
      themes: [Theme.EARLY_CHILDHOOD, Theme.YOUTH, Theme.PARENTING, Theme.SOCIAL_LIFE],
      bonusTerritoire: true,
      isRenewal: false,
      diagnostic: {
        conductedOn: null,
        conductedBy: null,
        fundedByCaf: null,
        summary: "La convention s'appuie sur un diagnostic partagé et sur un projet social de territoire.",
      },
      description:
        "CTG signée le 28 octobre 2024 par la CAF de la Martinique et la commune du Lamentin pour 2024-2028, " +
        "avec le bonus territoire CTG.",
      signatories: [
        { kind: SignatoryKind.CAF, role: SignatoryRole.CAF, name: "CAF de la Martinique", signedOn: "2024-10-28" },
        {
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.HOLDER,
          name: "Commune du Lamentin",
          communeCode: "97213",
          signedOn: "2024-10-28",
        },
      ],
      objectives: [],
      actions: [],
    },
  ],
  indicators: [],
  facilities: [],
};

/** Says that an action's theme is this dataset's reading, not the source's. */
const inferredTheme = (label: string): string => `Thématique « ${label} » déduite : la source ne la précise pas.`;

/** Canet-en-Roussillon (Pyrénées-Orientales): a signed CTG running until 2026, start and signature dates unknown. */
const canetEnRoussillon: ReferenceCase = {
  source: {
    code: "reference:canet-en-roussillon",
    kind: SourceKind.REFERENCE,
    title: "CTG de la commune de Canet-en-Roussillon (jusqu'en 2026)",
    citation: "Presse locale (Pyrénées-Orientales), présentation de la CTG de la commune, en vigueur jusqu'en 2026",
  },
  conventions: [
    {
      // The start year is unknown, so the usual CTG-<dép>-<start year>-<code> cannot be formed without
      // inventing a year: the reference leaves the year out rather than guess it.
      reference: "CTG-66-66037",
      title: "Convention territoriale globale de Canet-en-Roussillon (jusqu'en 2026)",
      stage: ConventionStage.SIGNED,
      signedOn: null,
      startsOn: null,
      endsOn: endOfYear(2026),
      departmentCode: "66",
      holder: { kind: HolderKind.COMMUNE, communeCode: "66037" },
      themes: [
        Theme.EARLY_CHILDHOOD,
        Theme.CHILDHOOD,
        Theme.YOUTH,
        Theme.PARENTING,
        Theme.SOCIAL_LIFE,
        Theme.ACCESS_TO_RIGHTS,
        Theme.HOUSING,
      ],
      bonusTerritoire: false,
      isRenewal: false,
      diagnostic: { conductedOn: null, conductedBy: "Cabinet extérieur (prestataire)", fundedByCaf: true, summary: null },
      description:
        "CTG signée par la CAF des Pyrénées-Orientales et la commune de Canet-en-Roussillon, en vigueur jusqu'en 2026 ; " +
        "la date de signature et l'année de début ne sont pas connues. Le diagnostic a été confié à un cabinet " +
        "extérieur, financé par la CAF.",
      signatories: [
        { kind: SignatoryKind.CAF, role: SignatoryRole.CAF, name: "CAF des Pyrénées-Orientales", signedOn: null },
        {
          kind: SignatoryKind.COMMUNE,
          role: SignatoryRole.HOLDER,
          name: "Commune de Canet-en-Roussillon",
          communeCode: "66037",
          signedOn: null,
        },
      ],
      objectives: [
        objective("Maintenir et adapter l'offre d'accueil collectif de la petite enfance"),
        objective("Adapter les services en quantité et en qualité"),
        objective("Développer des actions avec les acteurs de la ville"),
        objective("Favoriser les actions transversales avec les partenaires du territoire"),
        objective("Faciliter la rencontre entre habitants par des actions favorisant la mixité sociale"),
        objective("Faciliter l'accès au logement des jeunes familles"),
        objective("Offrir du répit aux professionnels et aux aidants des seniors"),
      ],
      actions: [
        action("Ouverture des structures petite enfance au mois d'août", Theme.EARLY_CHILDHOOD, {
          status: ActionStatus.UNDER_STUDY,
        }),
        action("Modernisation des structures petite enfance", Theme.EARLY_CHILDHOOD, { status: ActionStatus.UNDER_STUDY }),
        action("Rendre plus attractives les activités proposées aux 10-17 ans", Theme.YOUTH),
        action("Nouvelle pratique tarifaire", Theme.YOUTH, {
          status: ActionStatus.UNDER_STUDY,
          description: inferredTheme("jeunesse"),
        }),
        action("Parcours citoyen", Theme.YOUTH),
        action("Contrat local d'accompagnement à la scolarité (CLAS)", Theme.PARENTING, {
          status: ActionStatus.UNDER_STUDY,
          description: "Étude d'opportunité de la mise en place d'un CLAS.",
        }),
        action("Construction d'une médiathèque", Theme.SOCIAL_LIFE),
        action("Événements intergénérationnels", Theme.SOCIAL_LIFE),
        action("Stratégie de communication interne", Theme.SOCIAL_LIFE, {
          description: inferredTheme("animation de la vie sociale"),
        }),
        action("Accueil des professions médicales", Theme.HEALTH),
      ],
    },
  ],
  indicators: [],
  facilities: [],
};

/** Alès Agglomération (Gard): a CTG in preparation in 2022, its projet social de territoire built in forums. */
const alesAgglomeration: ReferenceCase = {
  source: {
    code: "reference:ales-agglomeration",
    kind: SourceKind.REFERENCE,
    title: "CTG d'Alès Agglomération (en préparation en 2022)",
    citation: "Presse locale (Gard), compte rendu du troisième forum du projet social de territoire, avril 2022",
  },
  conventions: [
    {
      reference: "CTG-30-2022-200066918",
      title: "Convention territoriale globale d'Alès Agglomération",
      stage: ConventionStage.IN_PREPARATION,
      signedOn: null,
      startsOn: null,
      endsOn: null,
      departmentCode: "30",
      holder: { kind: HolderKind.INTERCOMMUNALITY, intercommunalitySiren: "200066918" },
      themes: [
        Theme.EARLY_CHILDHOOD,
        Theme.CHILDHOOD,
        Theme.YOUTH,
        Theme.ASSOCIATIVE_LIFE,
        Theme.PARENTING,
        Theme.DISABILITY,
        Theme.ACCESS_TO_RIGHTS,
      ],
      bonusTerritoire: false,
      isRenewal: false,
      diagnostic: {
        conductedOn: startOfYear(2022),
        conductedBy: null,
        fundedByCaf: null,
        summary:
          "Projet social de territoire élaboré lors de forums en 2022 (le troisième le lundi 4 avril 2022) sur la petite " +
          "enfance, l'enfance, la jeunesse, la vie associative, la parentalité (familles nombreuses et monoparentales), " +
          "le handicap et l'accès aux droits.",
      },
      description:
        "CTG en préparation entre la CAF du Gard et Alès Agglomération ; la signature était prévue en juin 2022. " +
        "La période couverte n'est pas connue.",
      signatories: [
        { kind: SignatoryKind.CAF, role: SignatoryRole.CAF, name: "CAF du Gard", signedOn: null },
        {
          kind: SignatoryKind.INTERCOMMUNALITY,
          role: SignatoryRole.HOLDER,
          name: "Alès Agglomération",
          intercommunalitySiren: "200066918",
          signedOn: null,
        },
      ],
      objectives: [],
      actions: [],
    },
  ],
  indicators: [],
  facilities: [],
};

/** Les Clayes-sous-Bois (Yvelines): the town's social centre, its projet social approved for 2025-2028. */
const lesClayesSousBois: ReferenceCase = {
  source: {
    code: "reference:les-clayes-sous-bois",
    kind: SourceKind.REFERENCE,
    title: "Centre social des Clayes-sous-Bois : projet social 2025-2028",
    citation: "Presse locale (Yvelines), présentation du projet social du centre social agréé par la CAF pour 2025-2028",
  },
  conventions: [],
  indicators: [],
  facilities: [
    {
      kind: FacilityKind.SOCIAL_CENTRE,
      name: "Centre social des Clayes-sous-Bois",
      communeCode: "78165",
      operator: {
        kind: OperatorKind.COMMUNE,
        communeCode: "78165",
        name: "Ville des Clayes-sous-Bois — service Vie de quartier",
      },
      capacity: null,
      description: null,
      approvals: [
        {
          kind: ApprovalKind.SOCIAL_CENTRE_PROJECT,
          startsOn: startOfYear(2025),
          endsOn: endOfYear(2028),
          grantedBy: "CAF des Yvelines",
          description:
            "Projet social : accompagnement à la scolarité, ateliers pour les parents, aide aux projets des jeunes adultes " +
            "et événements intergénérationnels.",
        },
      ],
    },
  ],
};

/** Every bundled case, in a stable order (the loader's report does not depend on it). */
export const REFERENCE_CASES: readonly ReferenceCase[] = [joinville, leLamentin, canetEnRoussillon, alesAgglomeration, lesClayesSousBois];
