import type { ActionFilter, ActionOrder, ConventionFilter, ConventionOrder } from "../convention/convention.inputs";
import { conventionListSpecs } from "../convention/convention.service";
import { sqlField, type SqlTypes } from "../graphql/sql-read";
import type { AssociationFilter, AssociationOrder } from "./association.inputs";
import { associationListSpecs } from "./association.service";
import { PartnerAssociation } from "./partner-association.entity";
import { Partnership } from "./partnership.entity";

const { one, many, connection } = sqlField;

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
      conventions: connection(
        (args, { manager, today }) =>
          conventionListSpecs.conventionsBy(manager, "association", args.filter as ConventionFilter, args.orderBy as ConventionOrder, today),
        (row) => `${row}.id`,
      ),
      actions: connection(
        (args, { manager }) => conventionListSpecs.actionsBy(manager, "association", args.filter as ActionFilter, args.orderBy as ActionOrder),
        (row) => `${row}.id`,
      ),
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
