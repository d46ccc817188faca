import { Router, type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { todayInFrance } from "../common/date";
import { isDatabaseUnavailable, type ErrorLogger } from "../http/format-error";
import { methodNotAllowed } from "../http/http-errors";
import { ExportInputError, parseExportRequest, runExport } from "./export.service";

/** A parameter given once, as text (`?a=1&a=2` is not a value). */
function queryText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function statusOf(error: unknown): { status: number; code: string; message: string } | null {
  if (error instanceof ExportInputError) return { status: 400, code: "BAD_USER_INPUT", message: error.message };
  if (error instanceof GraphQLError) {
    // The analytics refuse an unknown département as the API does; an expired token is a 401.
    if (error.extensions.code === "BAD_USER_INPUT") return { status: 400, code: "BAD_USER_INPUT", message: error.message };
    if (error.extensions.code === "UNAUTHENTICATED") return { status: 401, code: "UNAUTHENTICATED", message: error.message };
  }
  // As GraphQL answers SERVICE_UNAVAILABLE: the caller may retry once the database is back.
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: "Base de données indisponible : réessayez dans un instant" };
  }
  return null;
}

/**
 * `GET /export/<coverage|compare|theme-matrix>.<csv|json|xlsx>?department=52&asOf=2025-06-30&level=COMMUNE&decimalComma=true`.
 * The caller's token is read as for GraphQL: the reports hold public figures (anonymous callers may
 * export them) and a restricted column would be dropped for a caller outside its scope.
 */
export function createExportRouter(
  dataSource: DataSource,
  tokens: TokenConfig,
  logger: ErrorLogger = { error: (message, detail) => console.error(message, detail) },
): Router {
  const router = Router();
  router.get("/:report.:format", async (req: Request, res: Response) => {
    try {
      const viewer = await viewerFromHeader(req.headers.authorization, tokens);
      const today = todayInFrance();
      const request = parseExportRequest(
        {
          report: queryText(req.params.report),
          format: queryText(req.params.format),
          department: queryText(req.query.department),
          asOf: queryText(req.query.asOf),
          level: queryText(req.query.level),
          decimalComma: queryText(req.query.decimalComma),
        },
        today,
      );
      const rendered = await runExport({ manager: dataSource.manager, viewer, today }, request);
      res
        .status(200)
        .set("Content-Type", rendered.contentType)
        .set("Content-Disposition", `attachment; filename="${rendered.fileName}"`)
        .send(rendered.body);
    } catch (error) {
      const known = statusOf(error);
      if (known) {
        res.status(known.status).json({ error: known.message, code: known.code });
        return;
      }
      logger.error("export failed", error);
      res.status(500).json({ error: "Erreur interne : l'export n'a pas pu être produit", code: "INTERNAL_SERVER_ERROR" });
    }
  });
  router.all("/:report.:format", methodNotAllowed("GET, HEAD"));
  return router;
}
