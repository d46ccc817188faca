import { actionsUnder, conventionsUnder } from "../convention/convention.sql-read";
import { sqlField, type SqlField, type SqlTypes } from "../graph/compile/compiler";
import type { AssociationFilter, AssociationOrder } from "./association.inputs";
import { associationListSpecs } from "./association.service";
import { PartnerAssociation } from "./partner-association.entity";
import { Partnership } from "./partnership.entity";

const { one, many, connection } = sqlField;

/** The associations under a parent row, with the list's arguments. */
export const associationsUnder = (by: Parameters<typeof associationListSpecs.associationsBy>[1], parentKey: (row: string) => string): SqlField =>
  connection((args, { manager }) =>
    associationListSpecs.associationsBy(manager, by, args.filter as AssociationFilter, args.orderBy as AssociationOrder), parentKey);

/**
 * Partner associations and partnerships in compiled reads (src/graphql/sql-read.ts): the same rows and orders as
 * association.resolver.ts. Contact details are restricted, so they are not mapped and stay with the resolvers.
 */
export const associationSqlTypes: SqlTypes = {
  Query: {
    fields: {
      associations: connection((args, { manager }) =>
        associationListSpecs.associations(manager, args.filter as AssociationFilter, args.orderBy as AssociationOrder)),
    },
  },
  PartnerAssociation: {
    entity: PartnerAssociation,
    fields: {
      commune: one("Commune", "commune", (row, m) => `${m}.code = ${row}.commune_code`),
      partnerships: many("Partnership", (p) => `partnership ${p}`, (row, p) => `${p}.association_id = ${row}.id`, (p) => `${p}.id`),
      conventions: conventionsUnder("association", (row) => `${row}.id`),
      actions: actionsUnder("association", (row) => `${row}.id`),
    },
  },
  Partnership: {
    entity: Partnership,
    fields: {
      association: one("PartnerAssociation", "partner_association", (row, p) => `${p}.id = ${row}.association_id`),
      convention: one("Convention", "convention", (row, c) => `${c}.id = ${row}.convention_id`),
      action: one("Action", "action", (row, a) => `${a}.id = ${row}.action_id`),
    },
  },
};
