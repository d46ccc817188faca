import { describeDatabase, type DatabaseConfig } from "../config";
import type { TokenConfig } from "../auth/tokens";

export interface StartFacts {
  port: number;
  database: DatabaseConfig;
  tokens: TokenConfig;
  readyMs: number;
}

/**
 * What a newcomer reads when `npm start` is done: where to click (dashboard, explorer), which database, and,
 * when no token can be verified, that every caller is anonymous and how to get a token.
 */
export function startBanner({ port, database, tokens, readyMs }: StartFacts): { info: string[]; warnings: string[] } {
  const origin = `http://localhost:${port}`;
  const info = [
    `ctg-hub : prêt en ${readyMs} ms — tableau de bord ${origin}/ · explorateur GraphQL ${origin}/graphql · base ${describeDatabase(database)}`,
  ];
  const warnings =
    tokens.kind === "none"
      ? [
          "ctg-hub : attention, ni JWT_SECRET ni JWT_JWKS_URL ne sont définis : tout appelant est anonyme (données publiques " +
            "en lecture, aucune écriture). Pour écrire : JWT_SECRET=<32 caractères ou plus> npm start, puis un jeton avec " +
            "npm run token -- --help",
        ]
      : [];
  return { info, warnings };
}
