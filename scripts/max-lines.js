#!/usr/bin/env node
// The habit "no source file over 500 lines", checked: lists every file of src/ (and the folders named) past the bound.
const { readdirSync, readFileSync, statSync } = require("node:fs");
const path = require("node:path");

const MAX_LINES = 500;
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src"];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else if (/\.(ts|js)$/.test(name)) yield file;
  }
}

const tooLong = [];
for (const root of roots) {
  for (const file of files(root)) {
    const lines = readFileSync(file, "utf8").split("\n").length - 1;
    if (lines > MAX_LINES) tooLong.push(`${file}: ${lines} lines`);
  }
}
if (tooLong.length > 0) {
  console.error(`Files over ${MAX_LINES} lines (split them along their jobs):\n${tooLong.join("\n")}`);
  process.exit(1);
}
