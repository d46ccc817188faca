import "reflect-metadata";
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import type { DataSource } from "typeorm";
import { analyticsGraph } from "../analytics/analytics.graph";
import { AnalyticsResolver, DepartmentCoverageResolver } from "../analytics/analytics.resolver";
import { associationGraph } from "../association/association.graph";
import { AssociationMutationResolver } from "../association/association.mutation-resolver";
import { AssociationContactResolver } from "../association/association.resolver";
import { AuditResolver } from "../audit/audit.resolver";
import { conventionGraph } from "../convention/convention.graph";
import { ConventionMutationResolver } from "../convention/convention.mutation-resolver";
import { ActionRestrictedResolver, ConventionRestrictedResolver } from "../convention/convention.restricted";
import { partnershipGraph } from "../convention/partnership.graph";
import { facilityGraph } from "../facility/facility.graph";
import { FacilityMutationResolver } from "../facility/facility.write";
import { sqlTypesOf } from "../graph/compile/mapping";
import type { SqlTypes } from "../graph/compile/types";
import type { GraphPart } from "../graph/declare";
import { attachDirectResolvers, resolversOf } from "../graph/resolvers";
import { typeTagOf } from "../graph/type-tag";
import { indicatorGraph } from "../indicator/indicator.graph";
import { IndicatorMutationResolver } from "../indicator/indicator.write";
import { SourceResolver } from "../provenance/source.resolver";
import { sdsfGraph } from "../sdsf/sdsf.graph";
import { SdsfMutationResolver } from "../sdsf/sdsf.write";
import { territoryGraph } from "../territory/territory.graph";
import { authChecker } from "./auth-checker";

/** Every domain's declarations (src/graph/declare.ts): relations, lists and root fields, read by both read paths. */
export const graphParts: readonly GraphPart[] = [
  territoryGraph, sdsfGraph, associationGraph, conventionGraph, partnershipGraph, facilityGraph, indicatorGraph, analyticsGraph,
];

/** The resolvers written by hand: mutations, restricted fields (they check the caller), analytics, audit and sources. */
const handWritten = [
  ConventionRestrictedResolver, ActionRestrictedResolver, AssociationContactResolver,
  ConventionMutationResolver, AssociationMutationResolver, SdsfMutationResolver, FacilityMutationResolver, IndicatorMutationResolver,
  AnalyticsResolver, DepartmentCoverageResolver, AuditResolver, SourceResolver,
];

// Generated once per process: type-graphql keeps decorator metadata globally.
const generated = graphParts.map(resolversOf);

export const resolvers: readonly Function[] = [...handWritten, ...generated.flatMap((part) => part.classes)];

/** The compiled reads' mapping, derived from the declarations for a data source. */
export const sqlTypes = (dataSource: DataSource): SqlTypes => sqlTypesOf(graphParts, dataSource);

/**
 * Builds the executable schema from the decorated classes and the declarations (the code is the
 * source of the SDL). Declared fields then resolve through their derived implementations directly.
 */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: resolvers as [Function, ...Function[]], validate: true, authChecker, authMode: "error" });
  attachDirectResolvers(schema, generated.flatMap((part) => part.direct));
  return withSynchronousTypeResolvers(schema);
}

/**
 * Unions and interfaces tell their members apart by the type tag every derived loader sets on its rows
 * (src/graph/type-tag.ts), synchronously: graphql-jit does not await type resolvers.
 */
function withSynchronousTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && !type.name.startsWith("__")) type.resolveType = (value) => typeTagOf(value);
  }
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted, so a diff shows only real changes. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
