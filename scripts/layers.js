#!/usr/bin/env node
// The habit "layers point one way", checked: every relative import of src/ goes to the same folder or to a folder
// of a lower layer. `node scripts/layers.js` lists the imports that point up (and fails); `--count` prints their number.
const { readdirSync, readFileSync, statSync } = require("node:fs");
const path = require("node:path");

/**
 * From the foundation to the top. A folder imports only folders listed before it (or itself); the domains are
 * ordered so that each owns the edges pointing at it (territory is a leaf: it imports no other domain).
 */
const LAYERS = [
  ["common"],
  ["coverage", "auth"],
  ["db"],
  ["graph", "http"],
  ["provenance"],
  ["audit"],
  ["territory"],
  ["sdsf"],
  ["association"],
  ["convention"],
  ["facility"],
  ["indicator"],
  ["followup"],
  ["analytics"],
  ["reference", "synthetic", "import", "dashboard", "config.ts"],
  ["export", "report"],
  ["server"],
  ["cli", "main.ts"],
];
const rank = new Map(LAYERS.flatMap((names, index) => names.map((name) => [name, index])));

/** The layer name of a path under src/: its first folder, or the file's name for a file at the top. */
const layerOf = (file) => path.relative("src", file).split(path.sep)[0];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else if (name.endsWith(".ts")) yield file;
  }
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)"(\.{1,2}\/[^"]+)"/g;
const upward = [];
const unknown = new Set();
for (const file of files("src")) {
  const from = layerOf(file);
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const target = path.normalize(path.join(path.dirname(file), match[1]));
    // Outside src/ (the migrations' classes): not a layer of the code.
    if (path.relative("src", target).startsWith("..")) continue;
    const to = layerOf(`${target}.ts`);
    for (const name of [from, to]) if (!rank.has(name)) unknown.add(name);
    if (rank.has(from) && rank.has(to) && rank.get(to) > rank.get(from)) {
      upward.push(`${file} → ${match[1]} (${from} imports ${to})`);
    }
  }
}

if (unknown.size > 0) {
  console.error(`Folders of src/ missing from scripts/layers.js: ${[...unknown].join(", ")}`);
  process.exit(1);
}
if (process.argv.includes("--count")) {
  console.log(upward.length);
} else if (upward.length > 0) {
  console.error(
    `Imports pointing up (${upward.length}); move the shared piece down, or the edge to the domain it points at:\n${upward.join("\n")}`,
  );
  process.exit(1);
}
