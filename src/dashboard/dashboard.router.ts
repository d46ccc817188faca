import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import { methodNotAllowed } from "../http/http-errors";

/**
 * The dashboard and the schema explorer: static pages that use the public GraphQL API like any
 * other client. Everything they load is served from here (the hub runs on networks without internet
 * access): the page code in `public/`, the chart web components of `@gouvfr/dsfr-chart` and a
 * GraphiQL bundle with React, straight from node_modules — no build step.
 */

/** The page code: next to this file under ts-jest, in the repository's `src/` when run from `dist/`
 * (tsc copies no assets, and a copy step would be one more thing to forget). */
function publicDirectory(): string {
  const candidates = [path.join(__dirname, "public"), path.resolve(__dirname, "..", "..", "..", "src", "dashboard", "public")];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, "index.html")));
  if (!found) throw new Error(`dashboard: page files not found in ${candidates.join(" or ")}`);
  return found;
}

/** A package's folder, found through an entry its `exports` map allows (not all expose package.json). */
function packageFolder(entry: string, levelsUp: number): string {
  let folder = path.dirname(require.resolve(entry));
  for (let i = 0; i < levelsUp; i += 1) folder = path.dirname(folder);
  return folder;
}

/** Long cache for versioned vendor files, revalidation for the page code that changes with the hub. */
const VENDOR_CACHE = { maxAge: "7d", immutable: false, index: false, fallthrough: false } as const;
const PAGE_CACHE = { maxAge: 0, index: false, fallthrough: false } as const;

/** Where each vendor file lives; the paths are fixed so the pages can name them. */
function vendorFolders(): Record<string, string> {
  return {
    // dist/DSFRChart/DSFRChart.umd.cjs is the "require" entry: its folder holds DSFRChart.js and .css.
    "dsfr-chart": packageFolder("@gouvfr/dsfr-chart", 0),
    // graphiql.min.js (UMD, React and ReactDOM as globals) and graphiql.min.css sit at the package root.
    graphiql: packageFolder("graphiql/package.json", 0),
    // React 18 is the last major that ships UMD builds GraphiQL's bundle can use as globals.
    react: path.join(packageFolder("react/package.json", 0), "umd"),
    "react-dom": path.join(packageFolder("react-dom/package.json", 0), "umd"),
  };
}

const PAGE_SECURITY_HEADERS: Record<string, string> = {
  // Defence in depth for "nothing leaves the hub": the browser itself refuses any other origin.
  // 'unsafe-inline' styles: the chart components and GraphiQL set style attributes at run time.
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
    "script-src 'self'; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'self'; base-uri 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

function sendPage(file: string) {
  return (_req: Request, res: Response) => {
    res.set(PAGE_SECURITY_HEADERS).set("Cache-Control", "no-cache").sendFile(file);
  };
}

/** GET /graphql from a browser (it prefers HTML) gets the explorer; API clients go on to Apollo. */
export function wantsExplorer(req: Request): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  // A GET carrying a query is an API call (Apollo applies its CSRF rule to it), whatever it accepts.
  if (typeof req.query.query === "string") return false;
  return req.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

/** Mount before Apollo on /graphql: serves the offline GraphiQL page to browsers. */
export function createExplorerHandler(): (req: Request, res: Response, next: NextFunction) => void {
  const page = path.join(publicDirectory(), "explorer.html");
  const send = sendPage(page);
  return (req, res, next) => {
    if (wantsExplorer(req)) send(req, res);
    else next();
  };
}

/** `/` (France), `/departements/:code`, `/conventions/:reference`, `/imports` (upload page) and `/assets/...`. */
export function createDashboardRouter(): Router {
  const router = Router();
  const root = publicDirectory();
  const shell = sendPage(path.join(root, "index.html"));

  const readOnly = methodNotAllowed("GET, HEAD");
  // Static files answer GET and HEAD only (serve-static would answer 405 with an empty body).
  router.use("/assets", (req, res, next) => (req.method === "GET" || req.method === "HEAD" ? next() : readOnly(req, res, next)));
  router.use("/assets/app", express.static(root, PAGE_CACHE));
  for (const [name, folder] of Object.entries(vendorFolders())) {
    router.use(`/assets/vendor/${name}`, express.static(folder, VENDOR_CACHE));
  }
  // One page shell: the script reads the path and renders the view (links stay plain URLs).
  for (const page of ["/", "/departements/:code", "/conventions/:reference", "/imports"]) router.route(page).get(shell).all(readOnly);
  return router;
}
