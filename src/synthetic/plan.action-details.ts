import { Theme } from "../common/theme";
import { ActionPriority, TargetPublic } from "../convention/convention-enums";
import { weightedPair } from "./plan.rules";
import type { PlannedAction, PlannedConvention } from "./plan.types";
import { Rng } from "./prng";

/** Whom an action of a theme is usually for (one or two of them are drawn). */
const PUBLICS_OF_THEME: Readonly<Record<Theme, readonly TargetPublic[]>> = {
  [Theme.EARLY_CHILDHOOD]: [TargetPublic.YOUNG_CHILDREN, TargetPublic.PARENTS, TargetPublic.PROFESSIONALS],
  [Theme.CHILDHOOD]: [TargetPublic.CHILDREN, TargetPublic.FAMILIES],
  [Theme.YOUTH]: [TargetPublic.YOUTH, TargetPublic.YOUNG_ADULTS],
  [Theme.PARENTING]: [TargetPublic.PARENTS, TargetPublic.FAMILIES],
  [Theme.SOCIAL_LIFE]: [TargetPublic.ALL_RESIDENTS, TargetPublic.FAMILIES],
  [Theme.ACCESS_TO_RIGHTS]: [TargetPublic.FAMILIES, TargetPublic.PEOPLE_IN_PRECARITY, TargetPublic.SENIORS],
  [Theme.HOUSING]: [TargetPublic.FAMILIES, TargetPublic.PEOPLE_IN_PRECARITY],
  [Theme.DISABILITY]: [TargetPublic.PEOPLE_WITH_DISABILITIES, TargetPublic.FAMILIES],
  [Theme.DIGITAL_INCLUSION]: [TargetPublic.ALL_RESIDENTS, TargetPublic.SENIORS, TargetPublic.PEOPLE_IN_PRECARITY],
  [Theme.SOCIAL_INCLUSION]: [TargetPublic.PEOPLE_IN_PRECARITY, TargetPublic.YOUNG_ADULTS],
  [Theme.SENIORS]: [TargetPublic.SENIORS],
  [Theme.ASSOCIATIVE_LIFE]: [TargetPublic.ALL_RESIDENTS, TargetPublic.PROFESSIONALS],
  [Theme.MOBILITY]: [TargetPublic.YOUNG_ADULTS, TargetPublic.SENIORS, TargetPublic.PEOPLE_IN_PRECARITY],
  [Theme.HEALTH]: [TargetPublic.FAMILIES, TargetPublic.YOUNG_CHILDREN, TargetPublic.SENIORS],
};

const PUBLIC_ORDER = Object.values(TargetPublic);

/**
 * An action's priority and target publics, drawn from the convention's own stream (`action-details:<reference>`), so
 * the rest of the set is drawn as before: a tenth of the actions left without priority, a tenth without publics.
 */
export function withActionDetails(
  seed: number,
  conventions: readonly PlannedConvention[],
  actions: readonly PlannedAction[],
): PlannedAction[] {
  const streams = new Map<number, Rng>();
  return actions.map((action) => {
    let rng = streams.get(action.convention);
    if (rng === undefined) {
      rng = Rng.stream(seed, `action-details:${conventions[action.convention].reference}`);
      streams.set(action.convention, rng);
    }
    const priority = weightedPair(rng, [
      [ActionPriority.HIGH, 30],
      [ActionPriority.MEDIUM, 45],
      [ActionPriority.LOW, 15],
      [null, 10],
    ] as const);
    const publics = rng.chance(0.9) ? rng.sample(PUBLICS_OF_THEME[action.theme], rng.int(1, 2)) : [];
    return { ...action, priority, targetPublics: PUBLIC_ORDER.filter((p) => publics.includes(p)) };
  });
}
