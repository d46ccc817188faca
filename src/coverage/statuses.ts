import { registerEnumType } from "type-graphql";
import { describedBy } from "../common/labels";

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

/** French labels of ConventionStatus. */
export const CONVENTION_STATUS_LABELS: Record<ConventionStatus, string> = {
  IN_PREPARATION: "En préparation",
  UPCOMING: "Signée, pas encore commencée",
  ACTIVE: "En vigueur",
  EXPIRED: "Échue",
  TERMINATED: "Résiliée",
  UNKNOWN:
    "Inconnu à cette date : CTG signée dont la signature et le début sont inconnus, avant sa première date connue " +
    "(premier jour de l'année ou du mois de sa fin, ou sa résiliation) ; jamais comptée en vigueur",
};

registerEnumType(ConventionStatus, {
  name: "ConventionStatus",
  description: "Statut d'une CTG à une date donnée",
  valuesConfig: describedBy(CONVENTION_STATUS_LABELS),
});
