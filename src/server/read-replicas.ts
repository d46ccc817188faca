import type { ApolloServerPlugin } from "@apollo/server";
import type { DataSource, QueryRunner } from "typeorm";
import { useManager, type HubContext } from "../graphql/context";

/**
 * Sends the reads of a query operation to a read replica (a TypeORM "slave" query runner, one replica
 * picked per request) and leaves mutations on the primary, with their transaction and the reads of
 * their payload. A replica lags its primary by a little: a client reading right after its own write may
 * briefly see the previous state (the mutation's payload, read on the primary, is always current).
 * Nothing to do without replicas: every request uses the primary's pool directly.
 */
export function readReplicaRouting(dataSource: DataSource): ApolloServerPlugin<HubContext>[] {
  if (!("replication" in dataSource.options && dataSource.options.replication)) return [];
  return [{
    async requestDidStart() {
      let runner: QueryRunner | undefined;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "query") return;
          runner = dataSource.createQueryRunner("slave");
          useManager(contextValue, runner.manager);
        },
        async willSendResponse() {
          await runner?.release();
        },
      };
    },
  }];
}
