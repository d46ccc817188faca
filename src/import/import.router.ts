import { Router, type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { viewerFromHeader, type TokenConfig } from "../auth/tokens";
import { Role, type Viewer } from "../auth/viewer";
import { isDatabaseUnavailable, type ErrorLogger } from "../http/format-error";
import { runImport } from "./importer";
import { importPlanWorkbook } from "./plan-workbook";
import { WorkbookError } from "./workbook";
import { IMPORT_KINDS, isImportKind, type ImportKindName } from "./kind";
import { formatReport, type ImportReport } from "./report";
import { cleanFileName, readUpload, UploadError } from "./upload";

/** Who may import: the roles that write (partners and analysts do not; anonymous callers even less). */
const IMPORTERS: readonly Role[] = [Role.CAF_AGENT, Role.ADMIN];

/** The answer to `POST /import/<kind>`: the importer's report, plus the same report as the command line prints it. */
export type ImportAnswer = ImportReport & { summary: string };

/** Options of the query string; anything else is refused, so a misspelt `dryrun=true` never imports for real. */
const QUERY_OPTIONS = ["dryRun", "replace", "indicator", "file"] as const;

interface ImportOptions {
  dryRun: boolean;
  /** Replace mode of a kind of children: the stored children of the file's parents it does not have are removed. */
  replace: boolean;
  indicator: string | null;
  file: string | null;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseOptions(query: Request["query"]): ImportOptions {
  const unknown = Object.keys(query).filter((key) => !(QUERY_OPTIONS as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new RequestError(400, `Paramètre inconnu « ${unknown[0]} » : paramètres acceptés ${QUERY_OPTIONS.join(", ")}`);
  const text = (name: (typeof QUERY_OPTIONS)[number]): string | null => {
    const value = query[name];
    if (value === undefined) return null;
    if (typeof value !== "string") throw new RequestError(400, `Paramètre ${name} : une seule valeur attendue`);
    return value;
  };
  const flag = (name: "dryRun" | "replace"): boolean => {
    const value = text(name);
    if (value !== null && !["true", "false", "1", "0", ""].includes(value))
      throw new RequestError(400, `Paramètre ${name} : true ou false attendu`);
    return value === "true" || value === "1" || value === "";
  };
  const indicator = text("indicator");
  if (indicator !== null && !/^[a-z0-9_]{1,60}$/i.test(indicator)) {
    throw new RequestError(400, "Paramètre indicator : code de 1 à 60 lettres, chiffres ou « _ » attendu (ex. allocataires)");
  }
  const file = text("file");
  return {
    dryRun: flag("dryRun"),
    replace: flag("replace"),
    indicator,
    file: file === null ? null : cleanFileName(file) || null,
  };
}

/** The caller, if it may import; otherwise the refusal (401 without a valid token, 403 for other roles). */
async function importer(req: Request, tokens: TokenConfig): Promise<Viewer> {
  const viewer = await viewerFromHeader(req.headers.authorization, tokens);
  if (viewer.kind === "anonymous") {
    throw new RequestError(
      401,
      "Authentification requise : jeton d'agent CAF ou d'administrateur attendu (en-tête Authorization: Bearer …)",
    );
  }
  if (!IMPORTERS.includes(viewer.role))
    throw new RequestError(403, `Import réservé aux agents CAF et aux administrateurs (rôle du jeton : ${viewer.role})`);
  return viewer;
}

function refusal(error: unknown): { status: number; message: string } | null {
  if (error instanceof RequestError || error instanceof UploadError) return { status: error.status, message: error.message };
  if (error instanceof WorkbookError) return { status: 400, message: error.message };
  if (error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED") return { status: 401, message: error.message };
  if (isDatabaseUnavailable(error))
    return { status: 503, message: "Base de données indisponible : rien n'a été écrit, réessayez dans un instant" };
  return null;
}

export interface ImportRouterOptions {
  /** Largest file accepted, in bytes (IMPORT_MAX_BYTES). */
  maxBytes: number;
}

/**
 * `POST /import/<kind>?dryRun=true&replace=true&indicator=<code>&file=<name>`: the body is the file (text/csv,
 * application/json, application/octet-stream) or a multipart/form-data upload of one file. The same
 * importer as the command line reads, checks and writes it all or nothing, as the caller (CAF_AGENT in
 * its départements, or ADMIN, from the same Bearer token as /graphql). Answers the report as JSON: 200
 * applied or simulated, 422 refused (each problem with its line and column), 4xx/503 with `{ error }`.
 */
export function createImportRouter(dataSource: DataSource, tokens: TokenConfig, logger: ErrorLogger, options: ImportRouterOptions): Router {
  const router = Router();
  const fail = (res: Response, req: Request, error: unknown) => {
    const known = refusal(error);
    if (!req.readableEnded) res.set("Connection", "close");
    if (known) {
      if (known.status === 401) res.set("WWW-Authenticate", "Bearer");
      res.status(known.status).json({ error: known.message });
      return;
    }
    logger.error("import failed", error);
    res.status(500).json({ error: "Erreur interne : l'import n'a pas abouti, rien n'a été écrit" });
  };
  // The plan workbook (GET /reports/plan/<reference>.xlsx, edited): its sheets imported together, all or nothing.
  router.post("/plan", async (req: Request, res: Response) => {
    try {
      const viewer = await importer(req, tokens);
      const importOptions = parseOptions(req.query);
      const upload = await readUpload(req, options.maxBytes, () => importOptions.file ?? "plan.xlsx");
      const reports = await importPlanWorkbook(dataSource.manager, {
        fileName: upload.fileName,
        content: upload.content,
        viewer,
        dryRun: importOptions.dryRun,
        replace: importOptions.replace,
      });
      const rejected = reports.some((r) => r.status === "rejected");
      res.status(rejected ? 422 : 200).json({
        status: reports[0]?.status,
        reports: reports.map((report): ImportAnswer => ({ ...report, summary: formatReport(report) })),
        summary: reports.map(formatReport).join("\n\n"),
      });
    } catch (error) {
      fail(res, req, error);
    }
  });
  router.post("/:kind", async (req: Request, res: Response) => {
    try {
      const kindName = String(req.params.kind);
      if (!isImportKind(kindName))
        throw new RequestError(404, `Type d'import inconnu « ${kindName.slice(0, 40)} » : ${IMPORT_KINDS.join(", ")}`);
      const kind: ImportKindName = kindName;
      const viewer = await importer(req, tokens);
      const importOptions = parseOptions(req.query);
      const upload = await readUpload(
        req,
        options.maxBytes,
        (json) => importOptions.file ?? (json === null ? kind : `${kind}.${json ? "json" : "csv"}`),
      );
      const report = await runImport(dataSource.manager, {
        kind,
        fileName: upload.fileName,
        content: upload.content,
        viewer,
        dryRun: importOptions.dryRun,
        replace: importOptions.replace ? {} : null,
        indicator: importOptions.indicator,
      });
      const answer: ImportAnswer = { ...report, summary: formatReport(report) };
      res.status(report.status === "rejected" ? 422 : 200).json(answer);
    } catch (error) {
      fail(res, req, error);
    }
  });
  return router;
}
