import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import {
  AnalyticsResolver, CoverageGapResolver, DepartmentCoverageResolver, SdsfAxisAlignmentResolver, TerritoryComparisonResolver,
} from "../analytics/analytics.resolver";
import { AssociationMutationResolver } from "../association/association.mutation-resolver";
import { AuditResolver } from "../audit/audit.resolver";
import { authChecker } from "../auth/auth-checker";
import { PartnerAssociationResolver, PartnershipResolver } from "../association/association.resolver";
import {
  ActionResolver, ConventionResolver, ConventionSignatoryResolver, ObjectiveResolver,
} from "../convention/convention.resolver";
import { ConventionMutationResolver } from "../convention/convention.mutation-resolver";
import { FacilityResolver } from "../facility/facility.resolver";
import { TerritoryIndicatorResolver } from "../indicator/indicator.resolver";
import { SourceResolver } from "../provenance/source.resolver";
import { FacilityMutationResolver } from "../facility/facility.write";
import { IndicatorMutationResolver } from "../indicator/indicator.write";
import { SdsfMutationResolver } from "../sdsf/sdsf.write";
import { SdsfAxisResolver, SdsfSchemeResolver } from "../sdsf/sdsf.resolver";
import { CommuneResolver, DepartmentResolver, IntercommunalityResolver } from "../territory/territory.resolver";

export const resolvers = [
  DepartmentResolver, CommuneResolver, IntercommunalityResolver, TerritoryIndicatorResolver,
  ConventionResolver, ConventionSignatoryResolver, ObjectiveResolver, ActionResolver, ConventionMutationResolver,
  PartnerAssociationResolver, PartnershipResolver, AssociationMutationResolver, FacilityResolver, SdsfSchemeResolver, SdsfAxisResolver,
  AnalyticsResolver, DepartmentCoverageResolver, TerritoryComparisonResolver, SdsfAxisAlignmentResolver, CoverageGapResolver,
  SdsfMutationResolver, FacilityMutationResolver, IndicatorMutationResolver,
  AuditResolver, SourceResolver,
] as const;

/**
 * Builds the executable schema from the decorated classes (the code is the source of the SDL).
 * Object types declare `simpleResolvers: true`: their plain fields use graphql-js's default
 * resolver (no middleware chain, no promise per field), the cheap path on long lists.
 */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: true, authChecker, authMode: "error" });
}

/** The SDL committed in schema/schema.graphql: sorted, so a diff shows only real changes. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
