#!/usr/bin/env node
// @ts-check

/**
 * Before `npm start` (scripts/start.js) and `npm run token`: compile with tsc only when the compiled code is not that of the
 * sources. A warm restart then skips the ~6–15 s of an incremental tsc that has nothing to do. `--always` compiles
 * in any case (`npm run build`), recording the sources' digest too.
 *
 * "The sources" are every .ts file of tsconfig.build.json's `include`, the two tsconfig files and package-lock.json
 * (installed type packages), read by content: a digest of their paths and bytes is written to dist/ after each
 * successful build and compared before the next. Content, not modification times: a checkout, a copy keeping old
 * times or a clock change cannot make stale code look fresh, and an added, removed or renamed file changes the digest.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
const { createHash } = require("node:crypto");
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const BUILD_CONFIG = "tsconfig.build.json";
const DIGEST_FILE = path.join("dist", ".sources-digest");
const OUTPUT = path.join("dist", "src", "main.js");
const CONFIG_FILES = ["tsconfig.json", BUILD_CONFIG, "package-lock.json"];

/**
 * The repository-relative paths of the build's inputs, sorted.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  /** @type {{ include?: string[], extends?: string }} */
  const config = JSON.parse(readFileSync(path.join(root, BUILD_CONFIG), "utf8"));
  const include = config.include ?? JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8")).include ?? [];
  /** @type {string[]} */
  const files = CONFIG_FILES.filter((file) => existsSync(path.join(root, file)));
  /** @param {string} relative */
  const walk = (relative) => {
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute)) {
        if (name !== "node_modules" && !name.startsWith(".")) walk(path.join(relative, name));
      }
    } else if (relative.endsWith(".ts")) {
      files.push(relative);
    }
  };
  for (const entry of include) walk(entry);
  return files.map((file) => file.split(path.sep).join("/")).sort();
}

/**
 * A digest of the inputs' paths and contents.
 * @param {string} root
 * @returns {string}
 */
function sourcesDigest(root) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

/**
 * Why a build is needed, or null when dist/ was built from exactly these sources.
 * @param {string} root
 * @returns {string | null}
 */
function staleReason(root) {
  if (!existsSync(path.join(root, OUTPUT))) return `${OUTPUT} absent`;
  const digestFile = path.join(root, DIGEST_FILE);
  if (!existsSync(digestFile)) return "aucune trace de la dernière compilation";
  return readFileSync(digestFile, "utf8").trim() === sourcesDigest(root) ? null : "sources modifiées";
}

/**
 * Builds when needed (always with `always`, as `npm run build` does); returns the exit code. `build` runs the
 * compiler and returns its exit code.
 * @param {{ root: string, build: (root: string) => number, always?: boolean, log?: (line: string) => void }} options
 * @returns {number}
 */
function buildIfChanged({ root, build, always = false, log = (line) => console.error(line) }) {
  const reason = always ? "demandée" : staleReason(root);
  if (reason === null) {
    log("ctg-hub : code compilé à jour, pas de compilation");
    return 0;
  }
  // Digest taken before compiling: a source edited during the build makes the next start compile again.
  const digest = sourcesDigest(root);
  log(`ctg-hub : compilation (${reason})…`);
  const code = build(root);
  if (code === 0) writeFileSync(path.join(root, DIGEST_FILE), `${digest}\n`);
  return code;
}

/**
 * The build: `tsc -p tsconfig.build.json`, its output on this terminal; returns its exit code.
 * @param {string} root
 * @returns {number}
 */
function runTsc(root) {
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, "-p", BUILD_CONFIG], { cwd: root, stdio: "inherit" });
  return result.status ?? 1;
}

module.exports = { buildIfChanged, runTsc, sourceFiles, sourcesDigest, staleReason, DIGEST_FILE };

if (require.main === module) {
  const always = process.argv.includes("--always");
  process.exitCode = buildIfChanged({
    root: path.resolve(__dirname, ".."),
    build: runTsc,
    always,
    log: always ? () => undefined : undefined,
  });
}
