import { sqlField, type SqlField, type SqlTypes } from "../graph/compile/compiler";
import { Action } from "./action.entity";
import { statusSql } from "./convention-status";
import { ConventionSignatory } from "./convention-signatory.entity";
import { Convention } from "./convention.entity";
import type { ActionFilter, ActionOrder, ConventionFilter, ConventionOrder } from "./convention.inputs";
import { conventionListSpecs } from "./convention.service";
import { territoryListSpecs } from "../territory/territory.service";
import type { CommuneFilter, CommuneOrder } from "../territory/territory.inputs";
import { Objective } from "./objective.entity";

const { scalar, one, many, connection } = sqlField;

/** The conventions under a parent row (`parentKey`: its key, compared with the list's `by` column), with the list's arguments. */
export const conventionsUnder = (by: Parameters<typeof conventionListSpecs.conventionsBy>[1], parentKey: (row: string) => string): SqlField =>
  connection((args, { manager, today }) =>
    conventionListSpecs.conventionsBy(manager, by, args.filter as ConventionFilter, args.orderBy as ConventionOrder, today), parentKey);

/** The actions under a parent row, with the list's arguments. */
export const actionsUnder = (by: Parameters<typeof conventionListSpecs.actionsBy>[1], parentKey: (row: string) => string): SqlField =>
  connection((args, { manager }) => conventionListSpecs.actionsBy(manager, by, args.filter as ActionFilter, args.orderBy as ActionOrder), parentKey);

/**
 * Conventions, signatories, objectives and actions in compiled reads (src/graphql/sql-read.ts): the same rows and
 * orders as convention.resolver.ts. Restricted fields (internal notes, budgets) are not mapped: they stay with resolvers.
 */
export const conventionSqlTypes: SqlTypes = {
  Query: {
    fields: {
      convention: one("Convention", "convention", (_row, c, args, { params }) => `${c}.reference = ${params.param(args.reference)}`),
      conventions: connection((args, { manager, today }) =>
        conventionListSpecs.conventions(manager, args.filter as ConventionFilter, args.orderBy as ConventionOrder, today)),
      actions: connection((args, { manager }) => conventionListSpecs.actions(manager, args.filter as ActionFilter, args.orderBy as ActionOrder)),
    },
  },
  Convention: {
    entity: Convention,
    fields: {
      status: scalar((row, args, { params, today }) => statusSql(row, `${params.param(args.asOf ?? today)}::date`)),
      department: one("Department", "department", (row, d) => `${d}.code = ${row}.department_code`),
      holder: {
        kind: "union",
        members: [
          {
            type: "Intercommunality", table: "intercommunality",
            when: (row) => `${row}.holder_intercommunality_siren IS NOT NULL`, where: (row, i) => `${i}.siren = ${row}.holder_intercommunality_siren`,
          },
          { type: "Commune", table: "commune", when: (row) => `${row}.holder_commune_code IS NOT NULL`, where: (row, m) => `${m}.code = ${row}.holder_commune_code` },
        ],
      },
      signatories: many(
        "ConventionSignatory", (s) => `convention_signatory ${s}`, (row, s) => `${s}.convention_id = ${row}.id`, (s) => `${s}.position`,
      ),
      coveredCommunes: connection(
        (args, { manager, today }) => territoryListSpecs.coveredCommunesBy(manager, args.filter as CommuneFilter, args.orderBy as CommuneOrder, today),
        (row) => `${row}.id`,
      ),
      objectives: many("Objective", (o) => `objective ${o}`, (row, o) => `${o}.convention_id = ${row}.id`, (o) => `${o}.position`),
      actions: actionsUnder("convention", (row) => `${row}.id`),
      partners: many("Partnership", (p) => `partnership ${p}`, (row, p) => `${p}.convention_id = ${row}.id`, (p) => `${p}.id`),
      sdsfAxes: many(
        "SdsfAxis", (x) => `convention_sdsf_axis ${x}_link JOIN sdsf_axis ${x} ON ${x}.id = ${x}_link.sdsf_axis_id`,
        (row, x) => `${x}_link.convention_id = ${row}.id`,
        (x) => `${x}.id`,
      ),
      predecessor: one("Convention", "convention", (row, c) => `${c}.id = ${row}.predecessor_id`),
      successor: one("Convention", "convention", (row, c) => `${c}.predecessor_id = ${row}.id`),
    },
  },
  ConventionSignatory: {
    entity: ConventionSignatory,
    fields: {
      commune: one("Commune", "commune", (row, m) => `${m}.code = ${row}.commune_code`),
      intercommunality: one("Intercommunality", "intercommunality", (row, i) => `${i}.siren = ${row}.intercommunality_siren`),
      association: one("PartnerAssociation", "partner_association", (row, p) => `${p}.id = ${row}.association_id`),
    },
  },
  Objective: {
    entity: Objective,
    fields: {
      convention: one("Convention", "convention", (row, c) => `${c}.id = ${row}.convention_id`),
      actions: many("Action", (a) => `action ${a}`, (row, a) => `${a}.objective_id = ${row}.id`, (a) => `${a}.position, ${a}.id`),
    },
  },
  Action: {
    entity: Action,
    fields: {
      convention: one("Convention", "convention", (row, c) => `${c}.id = ${row}.convention_id`),
      objective: one("Objective", "objective", (row, o) => `${o}.id = ${row}.objective_id`),
      sdsfAxis: one("SdsfAxis", "sdsf_axis", (row, x) => `${x}.id = ${row}.sdsf_axis_id`),
      partners: many("Partnership", (p) => `partnership ${p}`, (row, p) => `${p}.action_id = ${row}.id`, (p) => `${p}.id`),
    },
  },
};
