#!/usr/bin/env node
// @ts-check

/**
 * `npm start`: compile only when the sources changed (scripts/build-if-changed.js), then run the hub in this same
 * process: no second Node start-up, no shell, between the build check and the hub (a warm restart's budget is 3 s).
 */
const path = require("node:path");
const { buildIfChanged, runTsc } = require("./build-if-changed.js");

const root = path.resolve(__dirname, "..");
const code = buildIfChanged({ root, build: runTsc });
if (code !== 0) process.exit(code);
require(path.join(root, "dist", "src", "main.js"));
