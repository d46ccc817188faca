import { CODE_FORMATS, isCommuneCode, isDepartmentCode, isSiren } from "../common/codes";
import {
  MAX_DEPARTMENTS_PER_INTERCOMMUNALITY,
  MAX_FORMER_CODES_PER_COMMUNE,
  MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
} from "../common/list-sizes";
import { requireFormat } from "../common/validate";
import { declare, type GraphPart } from "../graph/declare";
import { defineList } from "../graph/list";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { CommuneFormerCode } from "./former-code.entity";
import { Intercommunality } from "./intercommunality.entity";
import { Region } from "./region.entity";
import {
  CommuneFilter,
  CommuneOrder,
  CommuneOrderField,
  DepartmentFilter,
  DepartmentOrder,
  DepartmentOrderField,
  IntercommunalityFilter,
  IntercommunalityOrder,
  IntercommunalityOrderField,
} from "./territory.inputs";
import { communeFilter, departmentFilter, intercommunalityFilter } from "./territory.service";

/** Départements, communes and EPCI as paged lists (root and nested), declared once. */
export const departmentList = defineList({
  name: "departments",
  node: Department,
  label: "départements",
  alias: "d",
  key: "code",
  filter: { type: () => DepartmentFilter, where: (filter) => departmentFilter(filter) },
  sorts: {
    type: () => DepartmentOrder,
    byDefault: DepartmentOrderField.CODE,
    expressions: { CODE: "d.code", NAME: "d.name" },
    labels: { CODE: "le code", NAME: "le nom" },
  },
});

export const communeList = defineList({
  name: "communes",
  node: Commune,
  label: "communes",
  alias: "m",
  key: "code",
  filter: { type: () => CommuneFilter, where: communeFilter },
  sorts: {
    type: () => CommuneOrder,
    byDefault: CommuneOrderField.CODE,
    expressions: { CODE: "m.code", NAME: "m.name", POPULATION: "coalesce(m.population, 0)" },
    labels: { CODE: "le code INSEE", NAME: "le nom", POPULATION: "la population" },
  },
});

export const intercommunalityList = defineList({
  name: "intercommunalities",
  node: Intercommunality,
  label: "intercommunalités",
  alias: "i",
  key: "siren",
  filter: { type: () => IntercommunalityFilter, where: (filter) => intercommunalityFilter(filter) },
  sorts: {
    type: () => IntercommunalityOrder,
    byDefault: IntercommunalityOrderField.SIREN,
    expressions: { SIREN: "i.siren", NAME: "i.name", POPULATION: "i.population" },
    labels: { SIREN: "le SIREN", NAME: "le nom", POPULATION: "la population" },
  },
});

const { one, many, list, lookup, rootList, edges } = declare;

/** The territories' fields. Edges from a territory to other domains' rows are declared by those domains. */
export const territoryGraph: GraphPart = {
  entities: [Region, Department, Commune, Intercommunality, CommuneFormerCode],
  roots: [
    {
      fields: {
        department: lookup(() => Department, {
          to: "code",
          description: "Un département par son code INSEE (null s'il n'existe pas)",
          argument: {
            name: "code",
            description: "Code INSEE du département (ex. 52, 2A, 972)",
            check: (code) => requireFormat(isDepartmentCode(code), "code", CODE_FORMATS.department, code),
          },
        }),
        departments: rootList(departmentList, "Départements, filtrés, triés et paginés"),
        commune: lookup(() => Commune, {
          to: "code",
          description:
            "Une commune par son code INSEE (null si aucune commune ne porte ce code) ; un ancien code (commune fusionnée, " +
            "déléguée ou associée, ex. 52018 Argentolles) donne la commune actuelle, dont `code` diffère alors du code " +
            "demandé et dont `formerCodes` contient celui-ci",
          through: { target: () => CommuneFormerCode, from: "code", to: "communeCode" },
          argument: {
            name: "code",
            description: "Code INSEE de la commune, actuel ou ancien (ex. 52250, 52018)",
            check: (code) => requireFormat(isCommuneCode(code), "code", CODE_FORMATS.commune, code),
          },
        }),
        communes: rootList(communeList, "Communes, filtrées, triées et paginées"),
        intercommunality: lookup(() => Intercommunality, {
          to: "siren",
          description: "Un EPCI par son SIREN (null s'il n'existe pas)",
          argument: {
            name: "siren",
            description: "SIREN de l'EPCI (ex. 200044253)",
            check: (siren) => requireFormat(isSiren(siren), "siren", CODE_FORMATS.siren, siren),
          },
        }),
        intercommunalities: rootList(intercommunalityList, "Intercommunalités, filtrées, triées et paginées"),
      },
    },
  ],
  edges: [
    edges(() => Department, {
      region: one(() => Region, { from: "regionCode", to: "code", description: "Région" }),
      communes: list(communeList, { from: "code", parent: "m.department_code", description: "Communes du département" }),
      intercommunalities: many(() => Intercommunality, {
        from: "code",
        description: "EPCI ayant au moins une commune membre dans le département",
        order: (i) => `${i}.siren`,
        bound: MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
        link: {
          kind: "where",
          where: (code, i) => `${i}.siren IN (SELECT intercommunality_siren FROM commune WHERE department_code = ${code})`,
        },
      }),
    }),
    edges(() => Commune, {
      department: one(() => Department, { from: "departmentCode", to: "code", description: "Département" }),
      intercommunality: one(() => Intercommunality, {
        from: "intercommunalitySiren",
        to: "siren",
        nullable: true,
        description: "EPCI dont la commune est membre",
      }),
      formerCodes: many(() => CommuneFormerCode, {
        from: "code",
        link: { kind: "column", to: "communeCode" },
        order: (f) => `${f}.code`,
        bound: MAX_FORMER_CODES_PER_COMMUNE,
        description:
          "Anciens codes menant à la commune (communes fusionnées, déléguées, associées), que `commune(code:)` et la recherche acceptent",
      }),
    }),
    edges(() => CommuneFormerCode, {
      commune: one(() => Commune, { from: "communeCode", to: "code", description: "Commune actuelle" }),
    }),
    edges(() => Intercommunality, {
      communes: list(communeList, { from: "siren", parent: "m.intercommunality_siren", description: "Communes membres" }),
      departments: many(() => Department, {
        from: "siren",
        description: "Départements des communes membres (plusieurs pour 89 EPCI)",
        order: (d) => `${d}.code`,
        bound: MAX_DEPARTMENTS_PER_INTERCOMMUNALITY,
        link: {
          kind: "where",
          where: (siren, d) => `${d}.code IN (SELECT department_code FROM commune WHERE intercommunality_siren = ${siren})`,
        },
      }),
    }),
  ],
};
