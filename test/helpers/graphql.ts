import { ApolloServer } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { ANONYMOUS, type Viewer } from "../../src/auth/viewer";
import type { IsoDate } from "../../src/common/date";
import { createContext, type HubContext } from "../../src/server/context";
import { jitGateway } from "../../src/graph/executor";
import { buildHubSchema, sqlTypes } from "../../src/server/schema";
import { SqlReader } from "../../src/graph/sql-reader";
import { createFormatError } from "../../src/http/format-error";

let schema: Promise<GraphQLSchema> | undefined;

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * Runs operations through Apollo's executeOperation with a fresh context per call, like one HTTP request.
 * `compiledReads: false` answers every operation with resolvers (production's COMPILED_READS=off).
 */
export async function graphqlClient(dataSource: DataSource, { compiledReads = true }: { compiledReads?: boolean } = {}) {
  const quiet = { error: (...args: unknown[]) => (process.env.DEBUG_GRAPHQL_ERRORS ? console.error(...args) : undefined) };
  // The executor the hub runs (graphql-jit, compiled reads), so every test exercises what production executes.
  const built = await (schema ??= buildHubSchema());
  const server = new ApolloServer<HubContext>({
    gateway: jitGateway(built, quiet, { sqlReader: compiledReads ? new SqlReader(built, sqlTypes) : null }),
    formatError: createFormatError(quiet),
  });
  await server.start();
  return {
    async run<T = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      viewer: Viewer = ANONYMOUS,
      /** The day "today" means, when a test fixes it. */
      today?: IsoDate,
    ): Promise<GraphQLResult<T>> {
      const contextValue = createContext(dataSource.manager, viewer);
      if (today) contextValue.today = today;
      const response = await server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== "single") throw new Error("unexpected incremental response");
      return response.body.singleResult as GraphQLResult<T>;
    },
    stop: () => server.stop(),
  };
}

/** A connection as a test reads it. */
export interface Conn<T> {
  edges: Array<{ node: T; cursor?: string }>;
}

/** The nodes of a connection, in order. */
export function nodes<T>(connection: Conn<T>): T[] {
  return connection.edges.map((edge) => edge.node);
}
