import "reflect-metadata";
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { buildSchema } from "type-graphql";
import {
  AnalyticsResolver, CoverageGapResolver, DepartmentCoverageResolver, SdsfAxisAlignmentResolver, TerritoryComparisonResolver,
} from "../analytics/analytics.resolver";
import { AssociationMutationResolver } from "../association/association.mutation-resolver";
import { AuditResolver } from "../audit/audit.resolver";
import { authChecker } from "./auth-checker";
import { PartnerAssociationResolver, PartnershipResolver } from "../association/association.resolver";
import {
  ActionResolver, ConventionResolver, ConventionSignatoryResolver, ObjectiveResolver, conventionHolderTypeName,
} from "../convention/convention.resolver";
import { ConventionMutationResolver } from "../convention/convention.mutation-resolver";
import { FacilityResolver, facilityOperatorTypeName } from "../facility/facility.resolver";
import { TerritoryIndicatorResolver } from "../indicator/indicator.resolver";
import { SourceResolver } from "../provenance/source.resolver";
import { FacilityMutationResolver } from "../facility/facility.write";
import { IndicatorMutationResolver } from "../indicator/indicator.write";
import { SdsfMutationResolver } from "../sdsf/sdsf.write";
import { SdsfAxisResolver, SdsfSchemeResolver } from "../sdsf/sdsf.resolver";
import { CommuneResolver, DepartmentResolver, IntercommunalityResolver } from "../territory/territory.resolver";
import { useLeanFieldResolvers } from "../graph/lean-resolvers";
import { mergeSqlTypes } from "../graph/compile/compiler";
import { associationSqlTypes } from "../association/association.sql-read";
import { conventionSqlTypes } from "../convention/convention.sql-read";
import { facilitySqlTypes } from "../facility/facility.sql-read";
import { sdsfSqlTypes } from "../sdsf/sdsf.sql-read";
import { territorySqlTypes } from "../territory/territory.sql-read";

export const resolvers = [
  DepartmentResolver, CommuneResolver, IntercommunalityResolver, TerritoryIndicatorResolver,
  ConventionResolver, ConventionSignatoryResolver, ObjectiveResolver, ActionResolver, ConventionMutationResolver,
  PartnerAssociationResolver, PartnershipResolver, AssociationMutationResolver, FacilityResolver, SdsfSchemeResolver, SdsfAxisResolver,
  AnalyticsResolver, DepartmentCoverageResolver, TerritoryComparisonResolver, SdsfAxisAlignmentResolver, CoverageGapResolver,
  SdsfMutationResolver, FacilityMutationResolver, IndicatorMutationResolver,
  AuditResolver, SourceResolver,
] as const;

/** The SQL mapping of compiled reads (src/graphql/sql-read.ts), declared by each domain beside its resolvers. */
export const sqlTypes = mergeSqlTypes([territorySqlTypes, conventionSqlTypes, associationSqlTypes, facilitySqlTypes, sdsfSqlTypes]);

/**
 * Builds the executable schema from the decorated classes (the code is the source of the SDL).
 * Object types declare `simpleResolvers: true`: their plain fields use graphql-js's default
 * resolver (no middleware chain, no promise per field), the cheap path on long lists.
 */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, validate: true, authChecker, authMode: "error" });
  useLeanFieldResolvers(schema, { resolvers });
  return withSynchronousTypeResolvers(schema);
}

/** How each union tells its member types apart, by type name. */
const TYPE_RESOLVERS: Record<string, GraphQLTypeResolver<object, unknown>> = {
  ConventionHolder: conventionHolderTypeName,
  FacilityOperator: facilityOperatorTypeName,
};

/**
 * type-graphql wraps every `resolveType` in an async function; graphql-jit (src/graphql/executor.ts)
 * does not await type resolvers, so each union gets its synchronous resolver back. A union or
 * interface without one fails here, at start-up, rather than at its first request.
 */
function withSynchronousTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || type.name.startsWith("__")) continue;
    const resolveType = TYPE_RESOLVERS[type.name];
    if (!resolveType) throw new Error(`No synchronous type resolver for the abstract type ${type.name} (src/graphql/schema.ts)`);
    type.resolveType = resolveType;
  }
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted, so a diff shows only real changes. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
