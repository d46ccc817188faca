import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The GraphQL documents the dashboard's pages send, read from the page code itself (src/dashboard/public/views/):
 * the load bench sends them, the tests check them against the schema and commit their compiled SQL.
 */
export interface DashboardDocuments {
  france: string;
  franceHistory: string;
  departmentHistory: string;
  department: string;
  convention: string;
  /** The convention's follow-up (views/followup.js): public fields only, so it compiles to SQL. */
  conventionFollowUp: string;
  /** Its money by year (actionStats: analytics, answered by resolvers; restricted amounts). */
  conventionMoney: string;
  /** The département's actions compared by CTG (actionStats). */
  departmentActions: string;
}

/** A `const NAME = `…`;` template of a page module (none of the queries interpolates anything). */
function pageConstant(views: string, file: string, name: string): string {
  const source = readFileSync(path.join(views, file), "utf8");
  const match = new RegExp(`const ${name} = \`([^\`]*)\`;`).exec(source);
  if (!match || match[1].includes("${")) throw new Error(`load bench: ${name} not found as a plain template in ${file}`);
  return match[1];
}

export function dashboardDocuments(root: string): DashboardDocuments {
  const views = path.join(root, "src", "dashboard", "public", "views");
  return {
    france: pageConstant(views, "france.js", "FRANCE_QUERY"),
    franceHistory: pageConstant(views, "france.js", "HISTORY_QUERY"),
    departmentHistory: pageConstant(views, "department.js", "HISTORY_QUERY"),
    department: pageConstant(views, "department.js", "DEPARTMENT_QUERY"),
    convention: pageConstant(views, "convention.js", "CONVENTION_QUERY"),
    conventionFollowUp: pageConstant(views, "followup.js", "FOLLOWUP_QUERY"),
    conventionMoney: pageConstant(views, "followup.js", "MONEY_QUERY"),
    departmentActions: pageConstant(views, "department-actions.js", "ACTIONS_QUERY"),
  };
}

/** department.js renderSdsf builds this query from the number of the département's schemes: the same text here. */
export function sdsfDocument(schemes: number): string {
  const fields = Array.from(
    { length: schemes },
    (_, i) => `s${i}: sdsfAlignment(schemeId: $s${i}, asOf: $asOf) {
    axis { number title } conventionCount actionCount touchingTerritoryCodes untouchedTerritoryCodes }`,
  ).join("\n");
  const declarations = Array.from({ length: schemes }, (_, i) => `$s${i}: ID!`).join(", ");
  return `query DashboardSdsf($asOf: Date!, ${declarations}) { ${fields} }`;
}
