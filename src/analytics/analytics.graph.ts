import { AXES_PER_SCHEME_ESTIMATE, CONVENTIONS_PER_DEPARTMENT_ESTIMATE, CONVENTIONS_PER_TERRITORY_ESTIMATE } from "../common/list-sizes";
import { Convention } from "../convention/convention.entity";
import { declare, type GraphPart } from "../graph/declare";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { CoverageGap, DepartmentCoverage, SdsfAxisAlignment, TerritoryComparison } from "./analytics.types";

const { one, keys, edges } = declare;

/** The rows the figures point at: loaded through the same loaders as every relation (analytics are not compiled reads). */
export const analyticsGraph: GraphPart = {
  roots: [],
  edges: [
    edges(() => DepartmentCoverage, {
      department: one(() => Department, { from: "departmentCode", to: "code", description: "Département" }),
    }),
    edges(() => TerritoryComparison, {
      conventions: keys(() => Convention, {
        from: "conventionIds",
        to: "id",
        bound: CONVENTIONS_PER_TERRITORY_ESTIMATE,
        description: "CTG couvrant au moins une de ses communes (tous statuts)",
      }),
      sdsfAxes: keys(() => SdsfAxis, {
        from: "sdsfAxisIds",
        to: "id",
        bound: AXES_PER_SCHEME_ESTIMATE,
        description: "Axes du SDSF déclinés par ses CTG en vigueur ou leurs actions",
      }),
    }),
    edges(() => SdsfAxisAlignment, {
      axis: one(() => SdsfAxis, { from: "axisId", to: "id", description: "Axe" }),
      conventions: keys(() => Convention, {
        from: "conventionIds",
        to: "id",
        bound: CONVENTIONS_PER_DEPARTMENT_ESTIMATE,
        description: "CTG qui déclinent l'axe",
      }),
    }),
    edges(() => CoverageGap, {
      commune: one(() => Commune, { from: "communeCode", to: "code", description: "Commune" }),
      previousConvention: one(() => Convention, { from: "previousConventionId", to: "id", description: "CTG qui s'achève" }),
      nextConvention: one(() => Convention, { from: "nextConventionId", to: "id", description: "CTG suivante" }),
    }),
  ],
};
