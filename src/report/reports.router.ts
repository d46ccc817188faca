import { Router, type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { todayInFrance } from "../common/date";
import { isDatabaseUnavailable, type ErrorLogger } from "../http/format-error";
import { methodNotAllowed } from "../http/http-errors";
import { type BilanFormat, BILAN_FORMATS, isBilanFormat, renderBilan } from "./bilan";
import type { BilanSubject } from "./bilan.service";
import { ReportNotFoundError } from "./document";

class BilanRequestError extends Error {}

function parseYear(raw: unknown, today: string): number {
  if (raw === undefined) return Number(today.slice(0, 4)) - 1;
  if (typeof raw !== "string" || !/^\d{4}$/.test(raw))
    throw new BilanRequestError(`Paramètre "year" : une année sur 4 chiffres (reçu « ${String(raw)} »)`);
  return Number(raw);
}

function parseFormat(raw: string | undefined): BilanFormat {
  if (raw === undefined || !isBilanFormat(raw))
    throw new BilanRequestError(`Format « ${raw ?? ""} » inconnu : ${BILAN_FORMATS.join(", ")}`);
  return raw;
}

function answerError(res: Response, error: unknown, logger: ErrorLogger): void {
  const send = (status: number, code: string, message: string) => res.status(status).json({ error: message, code });
  if (error instanceof BilanRequestError) return void send(400, "BAD_USER_INPUT", error.message);
  if (error instanceof ReportNotFoundError) return void send(404, "NOT_FOUND", error.message);
  if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") return void send(400, "BAD_USER_INPUT", error.message);
  if (error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED") return void send(401, "UNAUTHENTICATED", error.message);
  if (error instanceof GraphQLError && error.extensions.code === "FORBIDDEN") return void send(403, "FORBIDDEN", error.message);
  if (isDatabaseUnavailable(error))
    return void send(503, "SERVICE_UNAVAILABLE", "Base de données indisponible : réessayez dans un instant");
  logger.error("bilan failed", error);
  send(500, "INTERNAL_SERVER_ERROR", "Erreur interne : le bilan n'a pas pu être produit");
}

/**
 * `GET /reports/bilan/<reference>.<pdf|docx|xlsx>?year=2025` and `GET /reports/bilan/departement/<code>.<format>?year=2025`
 * (by default last year), and `GET /reports/plan/<reference>.xlsx` (the plan workbook). The caller's token decides the restricted parts, as in GraphQL: money and reserved notes
 * for CAF staff and analysts of the département, a partner's own actions for a partner, none for anonymous callers.
 */
export function createReportRouter(
  dataSource: DataSource,
  tokens: TokenConfig,
  logger: ErrorLogger = { error: (message, detail) => console.error(message, detail) },
): Router {
  const router = Router();
  const serve = (subjectOf: (req: Request) => BilanSubject) => async (req: Request, res: Response) => {
    try {
      const viewer = await viewerFromHeader(req.headers.authorization, tokens);
      const today = todayInFrance();
      const year = parseYear(req.query.year, today);
      const format = parseFormat(typeof req.params.format === "string" ? req.params.format : undefined);
      const rendered = await renderBilan({ manager: dataSource.manager, viewer, today }, subjectOf(req), year, format);
      res
        .status(200)
        .set("Content-Type", rendered.contentType)
        .set("Content-Disposition", `attachment; filename="${rendered.fileName}"`)
        .set("Cache-Control", "private, no-store")
        .send(rendered.body);
    } catch (error) {
      answerError(res, error, logger);
    }
  };
  router.get(
    "/bilan/departement/:code.:format",
    serve((req) => ({ kind: "department", code: String(req.params.code) })),
  );
  router.get(
    "/bilan/:reference.:format",
    serve((req) => ({ kind: "convention", reference: String(req.params.reference) })),
  );
  router.get("/plan/:reference.:format", async (req: Request, res: Response) => {
    try {
      const viewer = await viewerFromHeader(req.headers.authorization, tokens);
      if (req.params.format !== "xlsx") throw new BilanRequestError(`Format « ${String(req.params.format)} » inconnu : xlsx`);
      // Loaded on the first workbook: exceljs weighs on a cold start.
      const { renderPlanWorkbook } = await import("./plan.export");
      const workbook = await renderPlanWorkbook(
        { manager: dataSource.manager, viewer, today: todayInFrance() },
        String(req.params.reference),
      );
      res
        .status(200)
        .set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .set("Content-Disposition", `attachment; filename="${workbook.fileName}"`)
        .set("Cache-Control", "private, no-store")
        .send(workbook.body);
    } catch (error) {
      answerError(res, error, logger);
    }
  });
  router.all(["/bilan/*path", "/plan/*path"], methodNotAllowed("GET, HEAD"));
  return router;
}
