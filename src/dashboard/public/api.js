// The dashboard is an ordinary client of the public GraphQL API: POST /graphql, with the visitor's
// token when one is given, so a partner sees what its scope allows and nothing more.

const TOKEN_KEY = "ctg-hub.token";

/**
 * A token arrives once as `?token=…` (e.g. a link sent by an administrator) and is kept in this
 * browser's localStorage; it is removed from the address at once so that bookmarks and shared links
 * never carry it. `?token=` (empty) forgets it.
 */
export function adoptTokenFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("token")) return;
  const token = url.searchParams.get("token")?.trim() ?? "";
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the token then lives for this page only.
    memoryToken = token || null;
  }
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url);
}

let memoryToken = null;

export function currentToken() {
  try {
    return window.localStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

/** A token pasted in the sign-in form: kept as one given in the address. */
export function setToken(token) {
  const value = String(token ?? "").trim();
  if (!value) return;
  try {
    window.localStorage.setItem(TOKEN_KEY, value);
  } catch {
    memoryToken = value;
  }
}

/**
 * What the token says of its holder (role, départements, association), read without checking its signature: it
 * only chooses which forms to show. The hub checks every write itself.
 */
export function tokenClaims() {
  const token = currentToken();
  if (!token) return null;
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, "=")));
    return {
      role: claims.role ?? null,
      departments: claims.departments ?? null,
      association: claims.association ?? null,
      subject: claims.sub ?? null,
    };
  } catch {
    return { role: null, departments: null, association: null, subject: null };
  }
}

export function forgetToken() {
  memoryToken = null;
  try {
    window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing stored
  }
}

function authHeaders() {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const hashes = new Map();

/**
 * The SHA-256 of a query, for automatic persisted queries: the dashboard then sends a hash of 64
 * characters instead of its queries' text. Browsers offer SubtleCrypto only on secure origins
 * (https or localhost): elsewhere the full query is sent, which the hub accepts as well.
 */
async function queryHash(query) {
  if (!globalThis.crypto?.subtle) return null;
  if (!hashes.has(query)) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(query));
    hashes.set(query, [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return hashes.get(query);
}

async function post(payload) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...authHeaders() },
      body: JSON.stringify(payload),
    });
  } catch {
    throw new ApiError("Le hub ne répond pas : vérifiez qu'il est démarré.", "NETWORK");
  }
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    throw new ApiError(`Réponse illisible du hub (HTTP ${response.status}).`, "HTTP");
  }
}

const notPersisted = (body) => Array.isArray(body.errors) && body.errors.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");

/** Runs a query; a partial answer (a restricted field refused) is kept, a failed one throws. */
export async function gql(query, variables = {}) {
  const { data, errors } = await gqlPartial(query, variables);
  if (errors.length > 0) console.warn("ctg-hub: réponse partielle", errors);
  return data;
}

/** The same, with the errors of a partial answer (which restricted fields were refused). */
export async function gqlPartial(query, variables = {}) {
  const hash = await queryHash(query);
  const extensions = hash ? { persistedQuery: { version: 1, sha256Hash: hash } } : undefined;
  // The hash alone first; the hub answers PERSISTED_QUERY_NOT_FOUND the first time it sees a query.
  let answer = hash ? await post({ variables, extensions }) : null;
  if (answer === null || notPersisted(answer.body)) answer = await post({ query, variables, extensions });
  const { status, body } = answer;
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (!body.data) {
    const first = errors[0];
    throw new ApiError(first?.message ?? `Erreur du hub (HTTP ${status}).`, first?.extensions?.code);
  }
  return { data: body.data, errors };
}

/** A mutation: sent as text (never as a persisted hash); a refusal throws with its code (CONFLICT, FORBIDDEN…). */
export async function gqlMutation(query, variables = {}) {
  const { status, body } = await post({ query, variables });
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (errors.length > 0 || !body.data) {
    const first = errors[0];
    throw new ApiError(first?.message ?? `Erreur du hub (HTTP ${status}).`, first?.extensions?.code);
  }
  return body.data;
}

/** Sends a file to `POST /import/<kind>` with the token; answers the HTTP status and the JSON report or error. */
export async function uploadImport(kind, file, options = {}) {
  const params = new URLSearchParams({ file: file.name });
  if (options.dryRun) params.set("dryRun", "true");
  let response;
  try {
    response = await fetch(`/import/${encodeURIComponent(kind)}?${params}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", ...authHeaders() },
      body: file,
    });
  } catch {
    throw new ApiError("Le hub ne répond pas : vérifiez qu'il est démarré.", "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`Réponse illisible du hub (HTTP ${response.status}).`, "HTTP");
  }
  return { status: response.status, body };
}

/** Saves a Blob under a file name (used for exports fetched with the token, and CSV built here). */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A plain link cannot carry an Authorization header: with a token, the export is fetched here and
 * saved; without one, the browser follows the link itself.
 */
export async function downloadWithToken(href) {
  const response = await fetch(href, { headers: authHeaders() });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      message = (await response.json()).error ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(`Export impossible : ${message}`, "EXPORT");
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? href.split("?")[0].split("/").pop();
  saveBlob(await response.blob(), fileName);
}
