import "reflect-metadata";
import { assertValidSchema, isAbstractType, isInterfaceType, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import type { DataSource } from "typeorm";
import { ActionStatsResolver } from "../analytics/action-stats.resolver";
import { analyticsGraph } from "../analytics/analytics.graph";
import {
  AnalyticsResolver,
  CoveragePointResolver,
  DepartmentCoverageResolver,
  TerritoryComparisonResolver,
  TerritoryComparisonRestrictedResolver,
} from "../analytics/analytics.resolver";
import { associationGraph } from "../association/association.graph";
import { AssociationMutationResolver } from "../association/association.mutation-resolver";
import { PartnershipMutationResolver } from "../convention/partnership.mutation-resolver";
import { AssociationContactResolver } from "../association/association.resolver";
import { AuditResolver } from "../audit/audit.resolver";
import { conventionGraph } from "../convention/convention.graph";
import { ConventionMutationResolver } from "../convention/convention.mutation-resolver";
import { ActionRestrictedResolver, ConventionRestrictedResolver } from "../convention/convention.restricted";
import { partnershipGraph } from "../convention/partnership.graph";
import { facilityGraph } from "../facility/facility.graph";
import { followupGraph } from "../followup/followup.graph";
import {
  BudgetLineRestrictedResolver,
  FundingRestrictedResolver,
  NoteRestrictedResolver,
  PilotRestrictedResolver,
} from "../followup/followup.restricted";
import { PlanCompletenessResolver } from "../followup/plan-completeness";
import { FacilityMutationResolver } from "../facility/facility.write";
import { sqlTypesOf } from "../graph/compile/mapping";
import type { SqlTypes } from "../graph/compile/types";
import type { GraphPart } from "../graph/declare";
import { graphqlNameOf } from "../graph/metadata";
import { nodeEdges, nodeResolver } from "../graph/node";
import { attachDirectResolvers, resolversOf } from "../graph/resolvers";
import { typeTagOf } from "../graph/type-tag";
import { indicatorGraph } from "../indicator/indicator.graph";
import { IndicatorMutationResolver } from "../indicator/indicator.write";
import { PlanIndicatorMutationResolver } from "../indicator/indicator.plan-write";
import { IndicatorDefinitionMutationResolver } from "../indicator/indicator-definition.write";
import { FollowUpMutationResolver } from "../followup/followup.mutation-resolver";
import { sourceGraph } from "../provenance/source.graph";
import { SourceResolver } from "../provenance/source.resolver";
import { sdsfGraph } from "../sdsf/sdsf.graph";
import { SdsfMutationResolver } from "../sdsf/sdsf.write";
import { CommuneCodeResolver } from "../territory/commune-code.resolver";
import { territoryGraph } from "../territory/territory.graph";
import { authChecker } from "./auth-checker";

/**
 * Every domain's declarations (src/graph/declare.ts): relations, lists and root fields, read by both read paths;
 * each entity they list is a Relay node, its `id` edge derived here.
 */
export const graphParts: readonly GraphPart[] = [
  territoryGraph,
  sdsfGraph,
  associationGraph,
  conventionGraph,
  partnershipGraph,
  facilityGraph,
  indicatorGraph,
  followupGraph,
  analyticsGraph,
  sourceGraph,
].map((part) => ({ ...part, edges: [...part.edges, ...nodeEdges(part)] }));

/** The resolvers written by hand: mutations, restricted fields (they check the caller), analytics, audit and sources. */
const handWritten = [
  ConventionRestrictedResolver,
  ActionRestrictedResolver,
  BudgetLineRestrictedResolver,
  FundingRestrictedResolver,
  PilotRestrictedResolver,
  NoteRestrictedResolver,
  PlanCompletenessResolver,
  AssociationContactResolver,
  ConventionMutationResolver,
  AssociationMutationResolver,
  PartnershipMutationResolver,
  SdsfMutationResolver,
  FacilityMutationResolver,
  IndicatorMutationResolver,
  PlanIndicatorMutationResolver,
  IndicatorDefinitionMutationResolver,
  FollowUpMutationResolver,
  AnalyticsResolver,
  ActionStatsResolver,
  DepartmentCoverageResolver,
  CoveragePointResolver,
  TerritoryComparisonResolver,
  TerritoryComparisonRestrictedResolver,
  AuditResolver,
  SourceResolver,
  CommuneCodeResolver,
];

// Generated once per process: type-graphql keeps decorator metadata globally.
const generated = graphParts.map(resolversOf);

export const resolvers: readonly Function[] = [...handWritten, nodeResolver(graphParts), ...generated.flatMap((part) => part.classes)];

/** The compiled reads' mapping, derived from the declarations for a data source. */
export const sqlTypes = (dataSource: DataSource): SqlTypes => sqlTypesOf(graphParts, dataSource);

/**
 * Builds the executable schema from the decorated classes and the declarations (the code is the
 * source of the SDL). Declared fields then resolve through their derived implementations directly.
 */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  // type-graphql's own check runs the whole introspection query over the new schema (a third of the build, ~0.3 s
  // of every start); what it guards is the schema's validity, asserted directly below. Printing every default
  // value (the committed SDL's test) covers the rest of what introspection would have touched.
  const schema = await buildSchema({
    resolvers: resolvers as [Function, ...Function[]],
    validate: true,
    authChecker,
    authMode: "error",
    skipCheck: true,
  });
  assertValidSchema(schema);
  attachDirectResolvers(
    schema,
    generated.flatMap((part) => part.direct),
  );
  checkNodes(schema);
  return withSynchronousTypeResolvers(schema);
}

/** Every type implementing Node is a declared entity (its `id` derived), and every declared entity implements Node. */
function checkNodes(schema: GraphQLSchema): void {
  const declared = new Set(graphParts.flatMap((part) => (part.entities ?? []).map(graphqlNameOf)));
  const node = schema.getType("Node");
  const implementing = new Set(isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : []);
  const missing = [...declared].filter((name) => !implementing.has(name));
  const undeclared = [...implementing].filter((name) => !declared.has(name));
  if (missing.length > 0 || undeclared.length > 0) {
    throw new Error(
      `Relay nodes: ${missing
        .map((n) => `${n} does not implement Node`)
        .concat(undeclared.map((n) => `${n} is not a declared entity`))
        .join("; ")}`,
    );
  }
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
