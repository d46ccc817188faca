import { BadUserInputError } from "../common/errors";
import { COUNT_INDICATORS, INDICATORS } from "../indicator/indicator-catalogue";

/** The indicator coverage is weighed by when no `weight` is given: the figures named `allocataires*`. */
export const DEFAULT_WEIGHT = "allocataires";

/** The weight's argument, in the schema and in the errors. */
export const WEIGHT_ARGUMENT = "weight";

/**
 * The indicator a coverage figure is weighed by: a count of the catalogue (allocataires, population, children under
 * 3…). A rate or a ratio cannot be summed over communes nor shared pro rata population: it is refused, as is a code
 * the hub does not know, with the counts it accepts.
 */
export function checkWeight(code: string | null | undefined): string {
  const weight = code ?? DEFAULT_WEIGHT;
  const accepted = `indicateurs de comptage acceptés : ${COUNT_INDICATORS.join(", ")}`;
  if (!Object.hasOwn(INDICATORS, weight)) {
    throw new BadUserInputError(`Argument "${WEIGHT_ARGUMENT}" : indicateur inconnu "${weight}" (${accepted})`, WEIGHT_ARGUMENT);
  }
  if (!COUNT_INDICATORS.includes(weight)) {
    throw new BadUserInputError(
      `Argument "${WEIGHT_ARGUMENT}" : "${weight}" (${INDICATORS[weight].label}) n'est pas un effectif, la couverture ne se pondère ` +
        `pas par un taux ou un ratio (${accepted})`,
      WEIGHT_ARGUMENT,
    );
  }
  return weight;
}

/** The label of a weight checked by `checkWeight`. */
export const weightLabel = (code: string): string => INDICATORS[code]?.label ?? code;
