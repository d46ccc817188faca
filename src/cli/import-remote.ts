import path from "node:path";
import type { ImportKindName } from "../import/kind";
import { formatReport, type ImportReport } from "../import/report";

/** Environment variable holding the token of `--hub` imports: a token on the command line stays in the shell's history and in `ps`. */
export const TOKEN_ENV = "CTG_HUB_TOKEN";

/** Exit codes of `npm run import`, the same with or without `--hub`. */
export const EXIT = {
  /** Imported, or simulated (--dry-run). */
  done: 0,
  /** The file was refused: nothing was written. */
  refused: 1,
  /** Bad command: arguments, file, token, or a request the hub refused (rights, size). */
  usage: 2,
  /** The hub could not be reached or failed: nothing was written (an import is all or nothing; run it again). */
  unavailable: 3,
} as const;

export interface RemoteImport {
  hub: string;
  token: string;
  kind: ImportKindName;
  file: string;
  content: Buffer;
  dryRun: boolean;
  replace: boolean;
  indicator: string | null;
  json: boolean;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "Ko"] : [bytes / (1024 * 1024), "Mo"];
  return `${value.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} ${unit}`;
}

/** The hub's base URL, or null when it is not an http(s) address. */
export function hubUrl(raw: string): URL | null {
  try {
    const url = new URL(raw.endsWith("/") ? raw : `${raw}/`);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * `npm run import -- <kind> <file> --hub http://…`: sends the file to a running hub's `POST /import/<kind>`
 * (the hub's own importer, its database, its data version) and prints the report it answers, as the local
 * import prints it. Returns the exit code.
 */
export async function importThroughHub(request: RemoteImport, output: Output): Promise<number> {
  const base = hubUrl(request.hub);
  if (base === null) {
    output.err(`--hub : adresse http:// ou https:// attendue, reçu « ${request.hub} »`);
    return EXIT.usage;
  }
  const url = new URL(`import/${request.kind}`, base);
  if (request.dryRun) url.searchParams.set("dryRun", "true");
  if (request.replace) url.searchParams.set("replace", "true");
  if (request.indicator !== null) url.searchParams.set("indicator", request.indicator);
  const form = new FormData();
  form.append("file", new Blob([request.content]), path.basename(request.file));
  output.err(`hub : ${base.origin} (${sizeText(request.content.length)} envoyés)`);

  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body: form, headers: { authorization: `Bearer ${request.token}` } });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    output.err(`Hub injoignable à ${base.origin} (${cause?.code ?? cause?.message ?? (error as Error).message}) : rien n'a été importé.`);
    return EXIT.unavailable;
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 200 || response.status === 422) {
    const { summary: _summary, ...report } = body as ImportReport & { summary?: string };
    output.out(request.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.status === "rejected" ? EXIT.refused : EXIT.done;
  }
  const message = body !== null && typeof body === "object" && "error" in body ? String(body.error) : `réponse HTTP ${response.status}`;
  output.err(`Le hub refuse l'import (HTTP ${response.status}) : ${message}`);
  return response.status >= 500 ? EXIT.unavailable : EXIT.usage;
}
