import { registerEnumType } from "type-graphql";

export enum FacilityKind {
  EAJE = "EAJE",
  LAEP = "LAEP",
  SOCIAL_CENTRE = "SOCIAL_CENTRE",
  SOCIAL_LIFE_SPACE = "SOCIAL_LIFE_SPACE",
  RPE = "RPE",
  ALSH = "ALSH",
  FIRST_1000_DAYS_HOUSE = "FIRST_1000_DAYS_HOUSE",
  OTHER = "OTHER",
}

export enum OperatorKind {
  COMMUNE = "COMMUNE",
  INTERCOMMUNALITY = "INTERCOMMUNALITY",
  ASSOCIATION = "ASSOCIATION",
  OTHER = "OTHER",
}

export enum ApprovalKind {
  SOCIAL_CENTRE_PROJECT = "SOCIAL_CENTRE_PROJECT",
  FAMILY_PROJECT = "FAMILY_PROJECT",
  SOCIAL_LIFE_SPACE_PROJECT = "SOCIAL_LIFE_SPACE_PROJECT",
  OPERATING_AUTHORISATION = "OPERATING_AUTHORISATION",
  OTHER = "OTHER",
}

registerEnumType(FacilityKind, {
  name: "FacilityKind",
  description: "Nature d'un équipement",
  valuesConfig: {
    EAJE: { description: "Établissement d'accueil du jeune enfant (crèche, multi-accueil)" },
    LAEP: { description: "Lieu d'accueil enfants-parents" },
    SOCIAL_CENTRE: { description: "Centre social" },
    SOCIAL_LIFE_SPACE: { description: "Espace de vie sociale" },
    RPE: { description: "Relais petite enfance" },
    ALSH: { description: "Accueil de loisirs sans hébergement" },
    FIRST_1000_DAYS_HOUSE: { description: "Maison des 1 000 premiers jours" },
    OTHER: { description: "Autre équipement" },
  },
});

registerEnumType(OperatorKind, {
  name: "OperatorKind",
  description: "Nature du gestionnaire d'un équipement",
  valuesConfig: {
    COMMUNE: { description: "Commune" },
    INTERCOMMUNALITY: { description: "Intercommunalité" },
    ASSOCIATION: { description: "Association" },
    OTHER: { description: "Autre gestionnaire" },
  },
});

registerEnumType(ApprovalKind, {
  name: "ApprovalKind",
  description: "Nature d'un agrément",
  valuesConfig: {
    SOCIAL_CENTRE_PROJECT: { description: "Agrément du projet social (animation globale) d'un centre social" },
    FAMILY_PROJECT: { description: "Agrément du projet famille (animation collective familles)" },
    SOCIAL_LIFE_SPACE_PROJECT: { description: "Agrément du projet d'espace de vie sociale" },
    OPERATING_AUTHORISATION: { description: "Autorisation ou agrément de fonctionnement" },
    OTHER: { description: "Autre agrément" },
  },
});
