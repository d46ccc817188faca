import { actionsUnder, conventionsUnder } from "../convention/convention.sql-read";
import { sqlField, type SqlTypes } from "../graph/compile/compiler";
import { SdsfAxis } from "./sdsf-axis.entity";
import { SdsfScheme } from "./sdsf-scheme.entity";
import type { SdsfSchemeFilter } from "./sdsf.inputs";
import { sdsfListSpecs } from "./sdsf.service";

const { one, many, connection } = sqlField;

/** SDSF schemes and axes in compiled reads (src/graphql/sql-read.ts): the same rows and orders as sdsf.resolver.ts. */
export const sdsfSqlTypes: SqlTypes = {
  Query: {
    fields: {
      sdsfSchemes: connection((args, { manager }) => sdsfListSpecs.sdsfSchemes(manager, args.filter as SdsfSchemeFilter)),
    },
  },
  SdsfScheme: {
    entity: SdsfScheme,
    fields: {
      department: one("Department", "department", (row, d) => `${d}.code = ${row}.department_code`),
      axes: many("SdsfAxis", (x) => `sdsf_axis ${x}`, (row, x) => `${x}.scheme_id = ${row}.id`, (x) => `${x}.number`),
    },
  },
  SdsfAxis: {
    entity: SdsfAxis,
    fields: {
      scheme: one("SdsfScheme", "sdsf_scheme", (row, s) => `${s}.id = ${row}.scheme_id`),
      conventions: conventionsUnder("sdsfAxis", (row) => `${row}.id`),
      actions: actionsUnder("sdsfAxis", (row) => `${row}.id`),
    },
  },
};
