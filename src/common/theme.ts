import { registerEnumType } from "type-graphql";

/** The themes of a CTG, a fixed list shared by conventions, actions and partner associations. */
export enum Theme {
  EARLY_CHILDHOOD = "EARLY_CHILDHOOD",
  CHILDHOOD = "CHILDHOOD",
  YOUTH = "YOUTH",
  PARENTING = "PARENTING",
  SOCIAL_LIFE = "SOCIAL_LIFE",
  ACCESS_TO_RIGHTS = "ACCESS_TO_RIGHTS",
  HOUSING = "HOUSING",
  DISABILITY = "DISABILITY",
  DIGITAL_INCLUSION = "DIGITAL_INCLUSION",
  SOCIAL_INCLUSION = "SOCIAL_INCLUSION",
  SENIORS = "SENIORS",
  ASSOCIATIVE_LIFE = "ASSOCIATIVE_LIFE",
  MOBILITY = "MOBILITY",
  HEALTH = "HEALTH",
}

export const THEME_LABELS: Record<Theme, string> = {
  EARLY_CHILDHOOD: "Petite enfance",
  CHILDHOOD: "Enfance",
  YOUTH: "Jeunesse",
  PARENTING: "Parentalité",
  SOCIAL_LIFE: "Animation de la vie sociale",
  ACCESS_TO_RIGHTS: "Accès aux droits",
  HOUSING: "Logement, habitat, cadre de vie",
  DISABILITY: "Handicap",
  DIGITAL_INCLUSION: "Inclusion numérique",
  SOCIAL_INCLUSION: "Insertion, autonomie",
  SENIORS: "Seniors, aidants",
  ASSOCIATIVE_LIFE: "Vie associative",
  MOBILITY: "Mobilité",
  HEALTH: "Santé, offre de soins",
};

registerEnumType(Theme, {
  name: "Theme",
  description: "Thématique d'une convention territoriale globale",
  valuesConfig: Object.fromEntries(Object.entries(THEME_LABELS).map(([value, label]) => [value, { description: label }])) as Record<
    Theme,
    { description: string }
  >,
});

/**
 * SQL: the action aliased `a` counts under the themes `themes` (a theme[] expression) when its own theme is one
 * of them, whatever its convention's themes. The one meaning of a `themes` argument over actions: the
 * `actions` filter, `compareTerritories(themes)` and `themeMatrix(themes)`.
 */
export function actionInThemesSql(a: string, themes: string): string {
  return `${a}.theme = ANY(${themes})`;
}
