import { BadUserInputError } from "../common/errors";
import type { ReadScope } from "../db/request-scope";
import { COUNT_INDICATORS, INDICATORS } from "../indicator/indicator-catalogue";

/** The indicator coverage is weighed by when no `weight` is given: the figures named `allocataires*`. */
export const DEFAULT_WEIGHT = "allocataires";

/** The weight's argument, in the schema and in the errors. */
export const WEIGHT_ARGUMENT = "weight";

/**
 * The indicator a coverage figure is weighed by: a count of the catalogue (allocataires, population, children under
 * 3…), whose values are whole and summable. Any other code is refused with the counts accepted: a rate, a ratio or an
 * indicator defined without a rule (imported under a code of its own) cannot be summed over communes nor shared pro
 * rata population, and a code nothing defines is unknown. The definitions are read on that refusal only.
 */
export async function checkWeight(scope: ReadScope, code: string | null | undefined): Promise<string> {
  const weight = code ?? DEFAULT_WEIGHT;
  if (COUNT_INDICATORS.includes(weight)) return weight;
  const accepted = `indicateurs de comptage acceptés : ${COUNT_INDICATORS.join(", ")}`;
  const [defined]: Array<{ label: string }> = await scope.manager.query("SELECT label FROM indicator_definition WHERE code = $1", [weight]);
  const label = Object.hasOwn(INDICATORS, weight) ? INDICATORS[weight].label : defined?.label;
  if (label === undefined) {
    throw new BadUserInputError(`Argument "${WEIGHT_ARGUMENT}" : indicateur inconnu "${weight}" (${accepted})`, WEIGHT_ARGUMENT);
  }
  throw new BadUserInputError(
    `Argument "${WEIGHT_ARGUMENT}" : l'indicateur "${weight}" (${label}) n'est pas un effectif ; la couverture ne se pondère ` +
      `que par un effectif, qui s'additionne d'une commune à l'autre (${accepted})`,
    WEIGHT_ARGUMENT,
  );
}

/** The weights `checkWeight` accepts, with their labels (a dashboard's choices). */
export const coverageWeights = (): Array<{ code: string; label: string }> =>
  COUNT_INDICATORS.map((code) => ({ code, label: INDICATORS[code].label }));

/** The label of a weight accepted by `checkWeight`. */
export const weightLabel = (code: string): string => INDICATORS[code]?.label ?? code;
