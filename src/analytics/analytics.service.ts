import type { IsoDate } from "../common/date";
import type { ReadScope } from "../db/request-scope";
import { GeographyBasis, geographyOn, loadedVintages } from "./geography.sql";
import { Theme } from "../common/theme";
import { checkDepartmentCode, parseId } from "../common/validate";
import { BadUserInputError } from "../common/errors";
import {
  compareTerritoriesSql,
  COVERAGE_GAPS_SQL,
  EXPIRING_SQL,
  INTERCOMMUNALITY_COVERAGE_SQL,
  LAPSED_WITHOUT_SUCCESSOR_SQL,
  SDSF_ALIGNMENT_SQL,
  THEME_MATRIX_SQL,
  departmentCoverageSql,
  nationalCoverageSql,
  type CoverageOptions,
} from "./analytics.sql";
import { coverageHistorySql, type HistoryOptions } from "./coverage-history.sql";
import { DEFAULT_WEIGHT, checkWeight } from "./weight";
import {
  HistoryStep,
  TerritoryLevel,
  type CoverageGap,
  type CoveragePoint,
  type DepartmentCoverage,
  type IntercommunalityCoverage,
  type SdsfAxisAlignment,
  type TerritoryComparison,
  type ThemeMatrix,
} from "./analytics.types";

/** History points a request may ask for: 30 years by month. */
export const MAX_HISTORY_POINTS = 360;

async function requireDepartment(ctx: ReadScope, code: string, argument: string): Promise<void> {
  checkDepartmentCode(code, argument);
  const rows: unknown[] = await ctx.manager.query(`SELECT 1 FROM department WHERE code = $1`, [code]);
  if (rows.length === 0) throw new BadUserInputError(`Argument "${argument}" : département inconnu "${code}"`, argument);
}

/**
 * The rows of a statement over a département, which it reads only when the département exists: its code
 * is checked first, but the département's existence only when nothing came back (an unknown one is
 * reported as `requireDepartment` does, and a known one is spared that statement).
 */
async function rowsOfKnownDepartment<T>(ctx: ReadScope, code: string, argument: string, read: () => Promise<T[]>): Promise<T[]> {
  checkDepartmentCode(code, argument);
  const rows = await read();
  if (rows.length === 0) await requireDepartment(ctx, code, argument);
  return rows;
}

function checkPeriod(from: IsoDate, to: IsoDate, step: HistoryStep): void {
  if (from > to) throw new BadUserInputError(`Argument "from" : ${from} est postérieur à "to" (${to})`, "from");
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  const points = step === HistoryStep.MONTH ? months + 1 : step === HistoryStep.QUARTER ? months / 3 + 1 : months / 12 + 1;
  if (points > MAX_HISTORY_POINTS) {
    throw new BadUserInputError(`Arguments "from"/"to" : au plus ${MAX_HISTORY_POINTS} points d'historique par requête`, "from");
  }
}

/** The optional figures of a coverage, and the weight of its weighted figures (the argument as given: checked here). */
export interface CoverageFigures extends CoverageOptions {
  weight?: string | null;
}
/** The optional figures of a history, and the weight of its weighted figures. */
export interface HistoryFigures extends HistoryOptions {
  weight?: string | null;
}

export const ALL_COVERAGE_FIGURES: CoverageFigures = { weighted: true, activeConventions: true, weight: DEFAULT_WEIGHT };

/** The weight's code as the statement's last parameter, when its weighted figures are computed. */
async function weightParameters(ctx: ReadScope, figures: { weighted: boolean; weight?: string | null }): Promise<string[]> {
  const weight = await checkWeight(ctx, figures.weight);
  return figures.weighted ? [weight] : [];
}

/** The communes of the statement's département ($1): what a département's figures read of a vintage. */
const IN_DEPARTMENT = "m.department_code = $1";

/** Department-wide and national analytics; each method is one SQL statement. */
export const analyticsService = {
  /**
   * `figures`: the optional figures to compute (all by default, weighed by allocataires; the figures left out are
   * null). `withIntercommunalities`: the EPCI figures come in the same statement, as `byIntercommunality`.
   */
  async departmentCoverage(
    ctx: ReadScope,
    code: string,
    asOf: IsoDate,
    figures: CoverageFigures = ALL_COVERAGE_FIGURES,
    withIntercommunalities = false,
    basis: GeographyBasis = GeographyBasis.AS_OF,
  ): Promise<DepartmentCoverage> {
    const weight = await weightParameters(ctx, figures);
    const [row] = await rowsOfKnownDepartment<DepartmentCoverage>(ctx, code, "code", async () =>
      ctx.manager.query(departmentCoverageSql(figures, withIntercommunalities, await geographyOn(ctx, asOf, basis, IN_DEPARTMENT)), [
        code,
        asOf,
        ...weight,
      ]),
    );
    return row;
  },

  async nationalCoverage(
    ctx: ReadScope,
    asOf: IsoDate,
    figures: CoverageFigures = ALL_COVERAGE_FIGURES,
    basis: GeographyBasis = GeographyBasis.AS_OF,
  ): Promise<DepartmentCoverage[]> {
    const weight = await weightParameters(ctx, figures);
    return ctx.manager.query(nationalCoverageSql(figures, await geographyOn(ctx, asOf, basis)), [asOf, ...weight]);
  },

  intercommunalityCoverage(ctx: ReadScope, code: string, asOf: IsoDate): Promise<IntercommunalityCoverage[]> {
    return ctx.manager.query(INTERCOMMUNALITY_COVERAGE_SQL, [code, asOf]);
  },

  async compareTerritories(
    ctx: ReadScope,
    department: string,
    level: TerritoryLevel,
    asOf: IsoDate,
    themes: Theme[] | null | undefined,
    basis: GeographyBasis = GeographyBasis.AS_OF,
    weighing: { weighted: boolean; weight?: string | null } = { weighted: false },
  ): Promise<TerritoryComparison[]> {
    const weight = await weightParameters(ctx, weighing);
    return rowsOfKnownDepartment(ctx, department, "department", async () =>
      ctx.manager.query(compareTerritoriesSql(await geographyOn(ctx, asOf, basis, IN_DEPARTMENT), weighing.weighted), [
        department,
        asOf,
        level,
        themes?.length ? themes : null,
        ...weight,
      ]),
    );
  },

  /** `only`: the themes of the columns (all by default), and of the actions counted (see compareTerritories). */
  async themeMatrix(ctx: ReadScope, department: string, asOf: IsoDate, only?: Theme[] | null): Promise<ThemeMatrix> {
    await requireDepartment(ctx, department, "department");
    const selected = only?.length ? only : null;
    const cells: Array<{ code: string | null; name: string | null; theme: Theme | null; count: number; isTotal: boolean }> =
      await ctx.manager.query(THEME_MATRIX_SQL, [department, asOf, TerritoryLevel.INTERCOMMUNALITY, selected]);
    const themes = Object.values(Theme).filter((theme) => selected === null || selected.includes(theme));
    const column = new Map(themes.map((theme, i) => [theme, i]));
    const rows = new Map<string, { code: string; name: string; counts: number[]; total: number }>();
    const totals = themes.map(() => 0);
    // The counts are aggregated by SQL; this only places each cell in its row and column.
    for (const cell of cells) {
      const index = cell.theme === null ? undefined : column.get(cell.theme);
      if (cell.isTotal) {
        if (index !== undefined) totals[index] = cell.count;
        continue;
      }
      const code = cell.code as string;
      const row = rows.get(code) ?? { code, name: cell.name ?? code, counts: themes.map(() => 0), total: 0 };
      if (index !== undefined) {
        row.counts[index] = cell.count;
        row.total += cell.count;
      }
      rows.set(code, row);
    }
    return { departmentCode: department, asOf, themes, rows: [...rows.values()], totals };
  },

  async sdsfAlignment(ctx: ReadScope, schemeId: string, asOf: IsoDate): Promise<SdsfAxisAlignment[]> {
    const id = parseId(schemeId, "schemeId", "SdsfScheme");
    const found: unknown[] = await ctx.manager.query(`SELECT 1 FROM sdsf_scheme WHERE id = $1`, [id]);
    if (found.length === 0) throw new BadUserInputError(`Argument "schemeId" : schéma inconnu "${schemeId}"`, "schemeId");
    return ctx.manager.query(SDSF_ALIGNMENT_SQL, [id, asOf]);
  },

  async expiringConventionIds(ctx: ReadScope, department: string | null | undefined, asOf: IsoDate, before: IsoDate) {
    if (department != null) await requireDepartment(ctx, department, "department");
    const rows: Array<{ id: number }> = await ctx.manager.query(EXPIRING_SQL, [department ?? null, asOf, before]);
    return rows.map((r) => r.id);
  },

  async lapsedConventionIds(ctx: ReadScope, department: string | null | undefined, asOf: IsoDate) {
    if (department != null) await requireDepartment(ctx, department, "department");
    const rows: Array<{ id: number }> = await ctx.manager.query(LAPSED_WITHOUT_SUCCESSOR_SQL, [department ?? null, asOf]);
    return rows.map((r) => r.id);
  },

  async coverageGaps(ctx: ReadScope, department: string): Promise<CoverageGap[]> {
    await requireDepartment(ctx, department, "department");
    return ctx.manager.query(COVERAGE_GAPS_SQL, [department]);
  },

  async coverageHistory(
    ctx: ReadScope,
    department: string | null | undefined,
    from: IsoDate,
    to: IsoDate,
    step: HistoryStep,
    figures: HistoryFigures = { weighted: true, conventions: true, weight: DEFAULT_WEIGHT },
    basis: GeographyBasis = GeographyBasis.AS_OF,
  ): Promise<CoveragePoint[]> {
    const weight = await weightParameters(ctx, figures);
    if (department != null) checkDepartmentCode(department, "department");
    checkPeriod(from, to, step);
    // Each point on its date's geography, unless the weighted figures are asked for (current geography only).
    const vintages = basis === GeographyBasis.AS_OF && !figures.weighted ? await loadedVintages(ctx, from) : null;
    const read = (): Promise<CoveragePoint[]> =>
      ctx.manager.query(coverageHistorySql(step, figures, vintages), [department ?? null, from, to, ...weight]);
    // A département's existence is read only when its history has no point (a département always has communes).
    return department == null ? read() : rowsOfKnownDepartment(ctx, department, "department", read);
  },
};
