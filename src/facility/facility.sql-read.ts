import { sqlField, type SqlField, type SqlTypes } from "../graph/compile/compiler";
import { FacilityApproval } from "./facility-approval.entity";
import { Facility } from "./facility.entity";
import type { FacilityFilter, FacilityOrder } from "./facility.inputs";
import { facilityListSpecs } from "./facility.service";

const { one, many, connection } = sqlField;

/** The facilities under a parent row, with the list's arguments. */
export const facilitiesUnder = (by: Parameters<typeof facilityListSpecs.facilitiesBy>[1], parentKey: (row: string) => string): SqlField =>
  connection((args, { manager }) => facilityListSpecs.facilitiesBy(manager, by, args.filter as FacilityFilter, args.orderBy as FacilityOrder), parentKey);

/** Facilities and their approvals in compiled reads (src/graphql/sql-read.ts): the same rows and orders as facility.resolver.ts. */
export const facilitySqlTypes: SqlTypes = {
  Query: {
    fields: {
      facilities: connection((args, { manager }) => facilityListSpecs.facilities(manager, args.filter as FacilityFilter, args.orderBy as FacilityOrder)),
    },
  },
  Facility: {
    entity: Facility,
    fields: {
      commune: one("Commune", "commune", (row, m) => `${m}.code = ${row}.commune_code`),
      // The resolver's precedence: a registered association, else an EPCI, else a commune.
      operator: {
        kind: "union",
        members: [
          {
            type: "PartnerAssociation", table: "partner_association",
            when: (row) => `${row}.operator_association_id IS NOT NULL`, where: (row, p) => `${p}.id = ${row}.operator_association_id`,
          },
          {
            type: "Intercommunality", table: "intercommunality",
            when: (row) => `${row}.operator_intercommunality_siren IS NOT NULL`, where: (row, i) => `${i}.siren = ${row}.operator_intercommunality_siren`,
          },
          {
            type: "Commune", table: "commune",
            when: (row) => `${row}.operator_commune_code IS NOT NULL`, where: (row, m) => `${m}.code = ${row}.operator_commune_code`,
          },
        ],
      },
      approvals: many(
        "FacilityApproval", (a) => `facility_approval ${a}`, (row, a) => `${a}.facility_id = ${row}.id`, (a) => `${a}.starts_on NULLS FIRST, ${a}.id`,
      ),
    },
  },
  FacilityApproval: { entity: FacilityApproval, fields: {} },
};
