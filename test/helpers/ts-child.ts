import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * Runs a TypeScript file of this repository in a real second Node process, transpiled on load with the
 * project's `typescript` (no build, no decorators needed: keep such scripts to plain modules).
 */
const TRANSPILE_ON_LOAD = `
const ts = require("typescript");
const fs = require("node:fs");
require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
require(process.argv[1]);
`;

const ROOT = path.resolve(__dirname, "../..");

export function spawnTs(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ["-e", TRANSPILE_ON_LOAD, path.resolve(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Waits for the child's end, with what it printed. */
export function finished(child: ChildProcess): Promise<ChildResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runTs(script: string, args: string[]): Promise<ChildResult> {
  return finished(spawnTs(script, args));
}
