import { registerEnumType } from "type-graphql";

/** Where a convention is in its life, as recorded by the CAF (the status on a date is derived). */
export enum ConventionStage {
  IN_PREPARATION = "IN_PREPARATION",
  SIGNED = "SIGNED",
  TERMINATED = "TERMINATED",
}

/** A convention's status on a given date, derived from its stage and period. */
export enum ConventionStatus {
  IN_PREPARATION = "IN_PREPARATION",
  UPCOMING = "UPCOMING",
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  TERMINATED = "TERMINATED",
  UNKNOWN = "UNKNOWN",
}

registerEnumType(ConventionStage, {
  name: "ConventionStage",
  description: "Étape du cycle de vie d'une CTG",
  valuesConfig: {
    IN_PREPARATION: { description: "En préparation (diagnostic, élaboration)" },
    SIGNED: { description: "Signée" },
    TERMINATED: { description: "Résiliée avant son terme" },
  },
});

registerEnumType(ConventionStatus, {
  name: "ConventionStatus",
  description: "Statut d'une CTG à une date donnée",
  valuesConfig: {
    IN_PREPARATION: { description: "En préparation" },
    UPCOMING: { description: "Signée, pas encore commencée" },
    ACTIVE: { description: "En vigueur" },
    EXPIRED: { description: "Échue" },
    TERMINATED: { description: "Résiliée" },
    UNKNOWN: {
      description:
        "Inconnu à cette date : CTG signée dont la signature et le début sont inconnus, avant sa première date connue " +
        "(premier jour de l'année ou du mois de sa fin, ou sa résiliation) ; jamais comptée en vigueur",
    },
  },
});
