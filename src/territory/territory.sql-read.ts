import { associationsUnder } from "../association/association.sql-read";
import { CODE_FORMATS, isCommuneCode, isDepartmentCode, isSiren } from "../common/codes";
import { requireFormat } from "../common/validate";
import { conventionsUnder } from "../convention/convention.sql-read";
import { facilitiesUnder } from "../facility/facility.sql-read";
import { sqlField, type SqlField, type SqlTypes } from "../graph/compile/compiler";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import { Region } from "./region.entity";
import type {
  CommuneFilter, CommuneOrder, DepartmentFilter, DepartmentOrder, IntercommunalityFilter, IntercommunalityOrder,
} from "./territory.inputs";
import { territoryListSpecs } from "./territory.service";

const { one, many, connection } = sqlField;

/** The communes under a parent row (`parent`: the commune column holding its key), with the list's arguments. */
const communesUnder = (parent: "m.department_code" | "m.intercommunality_siren", parentKey: (row: string) => string): SqlField =>
  connection((args, { manager, today }) =>
    territoryListSpecs.communesBy(manager, parent, args.filter as CommuneFilter, args.orderBy as CommuneOrder, today), parentKey);

/** The territories' fields in compiled reads (src/graphql/sql-read.ts): the same rows and orders as territory.resolver.ts. */
export const territorySqlTypes: SqlTypes = {
  Query: {
    fields: {
      department: one("Department", "department", (_row, d, args, { params }) => {
        requireFormat(isDepartmentCode(args.code as string), "code", CODE_FORMATS.department, args.code as string);
        return `${d}.code = ${params.param(args.code)}`;
      }),
      departments: connection((args, { manager }) =>
        territoryListSpecs.departments(manager, args.filter as DepartmentFilter, args.orderBy as DepartmentOrder)),
      commune: one("Commune", "commune", (_row, m, args, { params }) => {
        requireFormat(isCommuneCode(args.code as string), "code", CODE_FORMATS.commune, args.code as string);
        return `${m}.code = ${params.param(args.code)}`;
      }),
      communes: connection((args, { manager, today }) =>
        territoryListSpecs.communes(manager, args.filter as CommuneFilter, args.orderBy as CommuneOrder, today)),
      intercommunality: one("Intercommunality", "intercommunality", (_row, i, args, { params }) => {
        requireFormat(isSiren(args.siren as string), "siren", CODE_FORMATS.siren, args.siren as string);
        return `${i}.siren = ${params.param(args.siren)}`;
      }),
      intercommunalities: connection((args, { manager }) =>
        territoryListSpecs.intercommunalities(manager, args.filter as IntercommunalityFilter, args.orderBy as IntercommunalityOrder)),
    },
  },
  Region: { entity: Region, fields: {} },
  Department: {
    entity: Department,
    fields: {
      region: one("Region", "region", (row, r) => `${r}.code = ${row}.region_code`),
      communes: communesUnder("m.department_code", (row) => `${row}.code`),
      intercommunalities: many(
        "Intercommunality", (i) => `intercommunality ${i}`,
        (row, i) => `${i}.siren IN (SELECT intercommunality_siren FROM commune WHERE department_code = ${row}.code)`,
        (i) => `${i}.siren`,
      ),
      conventions: conventionsUnder("department", (row) => `${row}.code`),
      sdsfSchemes: many(
        "SdsfScheme", (s) => `sdsf_scheme ${s}`, (row, s) => `${s}.department_code = ${row}.code`, (s) => `${s}.starts_on NULLS FIRST, ${s}.id`,
      ),
      associations: associationsUnder("department", (row) => `${row}.code`),
      facilities: facilitiesUnder("department", (row) => `${row}.code`),
    },
  },
  Commune: {
    entity: Commune,
    fields: {
      department: one("Department", "department", (row, d) => `${d}.code = ${row}.department_code`),
      intercommunality: one("Intercommunality", "intercommunality", (row, i) => `${i}.siren = ${row}.intercommunality_siren`),
      conventions: many(
        "Convention", (c) => `convention_commune ${c}_link JOIN convention ${c} ON ${c}.id = ${c}_link.convention_id`,
        (row, c) => `${c}_link.commune_code = ${row}.code`,
        (c) => `${c}.id`,
      ),
      facilities: facilitiesUnder("commune", (row) => `${row}.code`),
      associations: associationsUnder("commune", (row) => `${row}.code`),
    },
  },
  Intercommunality: {
    entity: Intercommunality,
    fields: {
      communes: communesUnder("m.intercommunality_siren", (row) => `${row}.siren`),
      departments: many(
        "Department", (d) => `department ${d}`,
        (row, d) => `${d}.code IN (SELECT department_code FROM commune WHERE intercommunality_siren = ${row}.siren)`,
        (d) => `${d}.code`,
      ),
      conventions: conventionsUnder("holderIntercommunality", (row) => `${row}.siren`),
    },
  },
};
