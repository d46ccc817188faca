import { AXES_PER_SCHEME_ESTIMATE } from "../common/list-sizes";
import { declare, type GraphPart } from "../graph/declare";
import { defineList } from "../graph/list";
import { Department } from "../territory/department.entity";
import { SdsfAxis } from "./sdsf-axis.entity";
import { SdsfScheme } from "./sdsf-scheme.entity";
import { SdsfSchemeFilter } from "./sdsf.inputs";
import { sdsfSchemeFilter } from "./sdsf.service";

/** SDSF schemes as a paged list, declared once (by département, no other order). */
export const sdsfSchemeList = defineList({
  name: "sdsfSchemes",
  node: SdsfScheme,
  label: "schémas départementaux des services aux familles",
  alias: "s",
  key: "id",
  filter: { type: () => SdsfSchemeFilter, where: (filter) => sdsfSchemeFilter(filter) },
  sorts: { fixed: { expression: "s.department_code", descending: false } },
});

const { one, many, rootList, edges } = declare;

/** SDSF schemes and axes, and the edge from départements to them (conventions and actions declining an axis: convention/). */
export const sdsfGraph: GraphPart = {
  entities: [SdsfScheme, SdsfAxis],
  roots: [{ fields: { sdsfSchemes: rootList(sdsfSchemeList, "Schémas départementaux des services aux familles, par département") } }],
  edges: [
    edges(() => SdsfScheme, {
      department: one(() => Department, { from: "departmentCode", to: "code", description: "Département du schéma" }),
      axes: many(() => SdsfAxis, {
        from: "id",
        link: { kind: "column", to: "schemeId" },
        order: (x) => `${x}.number`,
        bound: AXES_PER_SCHEME_ESTIMATE,
        description: "Axes du schéma, dans l'ordre",
      }),
    }),
    edges(() => SdsfAxis, {
      scheme: one(() => SdsfScheme, { from: "schemeId", to: "id", description: "Schéma de l'axe" }),
    }),
    edges(() => Department, {
      sdsfSchemes: many(() => SdsfScheme, {
        from: "code",
        link: { kind: "column", to: "departmentCode" },
        order: (s) => `${s}.starts_on NULLS FIRST, ${s}.id`,
        bound: 10,
        description: "Schémas départementaux des services aux familles",
      }),
    }),
  ],
};
