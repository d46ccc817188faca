import busboy from "busboy";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";

/** A file received over HTTP: its bytes and the name it is reported under (its extension chooses the format). */
export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

/** Why a request's body is not a file to import: an HTTP status and a French message. */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const MEGABYTE = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MEGABYTE).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;

export const tooLarge = (maxBytes: number) =>
  new UploadError(413, `Fichier trop volumineux : au plus ${megabytes(maxBytes)} (IMPORT_MAX_BYTES) ; découpez-le en plusieurs fichiers`);

/** Media types read as the file itself (the body is the CSV or JSON). */
const RAW_TYPES = new Set([
  "text/csv",
  "application/csv",
  "text/plain",
  "text/tab-separated-values",
  "application/json",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]);

/** A name to show: no folder, no control character, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .trim()
    .slice(0, 200);
}

/** Reads a stream to its end, refusing it past `maxBytes` (the rest is read and dropped, so the answer reaches the client). */
function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      if (!over) chunks.push(chunk);
    });
    stream.on("end", () => (over ? reject(tooLarge(maxBytes)) : resolve(Buffer.concat(chunks, size))));
    stream.on("error", reject);
  });
}

/** The one file of a `multipart/form-data` body (an HTML form's `<input type="file">`, `curl -F file=@…`). */
function readMultipart(req: IncomingMessage, maxBytes: number): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { files: 1, fileSize: maxBytes, fields: 20, parts: 21 } });
    } catch (error) {
      reject(new UploadError(400, `Corps multipart illisible : ${(error as Error).message}`));
      return;
    }
    let file: Promise<UploadedFile> | null = null;
    let problem: UploadError | null = null;
    const fail = (error: UploadError) => {
      problem ??= error;
    };
    parser.on("file", (_name, stream, info) => {
      if (file !== null) {
        stream.resume();
        return;
      }
      let truncated = false;
      stream.on("limit", () => {
        truncated = true;
      });
      file = readAll(stream, Number.POSITIVE_INFINITY).then((content) => {
        if (truncated) throw tooLarge(maxBytes);
        return { fileName: cleanFileName(info.filename ?? ""), content };
      });
      file.catch(() => undefined);
    });
    parser.on("field", (name) => {
      fail(
        new UploadError(
          400,
          `Champ « ${name} » inattendu : passez les options dans l'adresse (?dryRun=true&indicator=…), le fichier dans le champ file`,
        ),
      );
    });
    parser.on("filesLimit", () => fail(new UploadError(400, "Un seul fichier par import")));
    parser.on("partsLimit", () => fail(new UploadError(400, "Trop de parties dans le corps multipart")));
    parser.on("error", (error: unknown) =>
      reject(new UploadError(400, `Corps multipart illisible : ${error instanceof Error ? error.message : String(error)}`)),
    );
    parser.on("close", () => {
      if (problem) reject(problem);
      else if (file === null)
        reject(
          new UploadError(400, "Aucun fichier dans le corps multipart : envoyez-le dans le champ file (curl -F file=@conventions.csv)"),
        );
      else file.then(resolve, reject);
    });
    req.pipe(parser);
  });
}

/**
 * The file of an import request: a multipart upload, or the body itself (CSV, JSON, or bytes whose
 * format is told by `fileName` or sniffed). A body past `maxBytes` is refused with 413 before it is
 * read when its length is declared, otherwise as soon as it passes the limit.
 */
export async function readUpload(
  req: IncomingMessage,
  maxBytes: number,
  defaultName: (json: boolean | null) => string,
): Promise<UploadedFile> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const mediaType = (req.headers["content-type"] ?? "application/octet-stream").split(";")[0].trim().toLowerCase();
  if (mediaType === "multipart/form-data") {
    const upload = await readMultipart(req, maxBytes);
    return { ...upload, fileName: upload.fileName || defaultName(null) };
  }
  if (!RAW_TYPES.has(mediaType)) {
    req.resume();
    throw new UploadError(
      415,
      `Type de contenu « ${mediaType} » non pris en charge : text/csv, application/json, application/octet-stream ou multipart/form-data`,
    );
  }
  const content = await readAll(req, maxBytes);
  return {
    fileName: defaultName(mediaType === "application/json" ? true : mediaType === "application/octet-stream" ? null : false),
    content,
  };
}
