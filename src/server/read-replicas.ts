import type { ApolloServerPlugin } from "@apollo/server";
import type { DataSource, QueryRunner } from "typeorm";
import { useManager, type HubContext } from "./context";

const hasReadReplicas = (dataSource: DataSource): boolean => "replication" in dataSource.options && Boolean(dataSource.options.replication);

/** A query runner on a read replica (one picked per call) for a query's reads; null without replicas (the primary's pool). */
export function readReplicaRunner(dataSource: DataSource): QueryRunner | null {
  return hasReadReplicas(dataSource) ? dataSource.createQueryRunner("slave") : null;
}

/**
 * Sends the reads of a query operation to a read replica (a TypeORM "slave" query runner, one replica
 * picked per request) and leaves mutations on the primary, with their transaction and the reads of
 * their payload. A replica lags its primary by a little: a client reading right after its own write may
 * briefly see the previous state (the mutation's payload, read on the primary, is always current).
 * Nothing to do without replicas: every request uses the primary's pool directly.
 */
export function readReplicaRouting(dataSource: DataSource): ApolloServerPlugin<HubContext>[] {
  if (!hasReadReplicas(dataSource)) return [];
  return [
    {
      async requestDidStart() {
        let runner: QueryRunner | null = null;
        return {
          async didResolveOperation({ operation, contextValue }) {
            if (operation?.operation !== "query") return;
            runner = readReplicaRunner(dataSource);
            if (runner) useManager(contextValue, runner.manager);
          },
          async willSendResponse() {
            await runner?.release();
          },
        };
      },
    },
  ];
}
