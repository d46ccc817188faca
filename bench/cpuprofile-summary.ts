import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by package and by function, and
 * inclusive time of chosen functions (a function's own time plus everything it called).
 *
 *   node dist/bench/cpuprofile-summary.js <file.cpuprofile | directory (newest profile)> [--top N] [--inclusive a,b,c]
 *
 * Times come from the profile's sample deltas, so they are real time spent on the main thread.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, the hub's own code, Node's internals, or V8 itself. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") return functionName.startsWith("(") ? functionName : "(native/V8 builtins)";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const [first, second] = url.slice(modules + "/node_modules/".length).split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  if (url.startsWith("node:")) return "node (internals)";
  if (url.includes("/dist/src/")) return "ctg-hub (dist/src)";
  if (url.includes("/dist/bench/")) return "ctg-hub (dist/bench)";
  return url;
}

const frameKey = (f: CallFrame) => `${f.functionName || "(anonymous)"}  [${packageOf(f)}] ${path.basename(f.url)}:${f.lineNumber + 1}`;

const DEFAULT_INCLUSIVE = [
  "processHTTPRequest",
  "processGraphQLRequest",
  "parse",
  "validate",
  "execute",
  "executeFields",
  "completeValue",
  "completeListValue",
  "completeObjectValue",
  "resolveField",
  "applyMiddlewares",
  "createHandlerResolver",
  "stringify",
  "prettyJSONStringify",
  "query",
  "handleDataRow",
  "parseRow",
  "loadMany",
  "dispatchBatch",
  "rowsByKeys",
  "nestDotted",
];

function newestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function main(): void {
  const args = process.argv.slice(2);
  const target = args.find((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
  if (!target) throw new Error("usage: node dist/bench/cpuprofile-summary.js <file.cpuprofile|dir> [--top N] [--inclusive a,b]");
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const top = Number(option("--top") ?? 30);
  const inclusiveNames = option("--inclusive")?.split(",") ?? DEFAULT_INCLUSIVE;
  const file = statSync(target).isDirectory() ? newestProfile(target) : target;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const idleUs = [...selfByNode].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, us]) => a + us, 0);
  const busyUs = totalUs - idleUs;

  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  for (const [id, us] of selfByNode) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") continue;
    const pkg = packageOf(frame);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
    const key = frameKey(frame);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
  }

  // Inclusive: each sample counts once for every distinct chosen function on its stack.
  const wanted = new Set(inclusiveNames);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      const frame = byId.get(node)?.callFrame;
      if (frame && wanted.has(frame.functionName)) seen.add(`${frame.functionName} [${packageOf(frame)}]`);
    }
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  const ms = (us: number) => (us / 1000).toFixed(0);
  const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1)}%`;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);

  console.log(
    `${file}\nprofile ${(totalUs / 1e6).toFixed(1)} s, busy (not idle) ${(busyUs / 1e6).toFixed(1)} s; percentages of busy time\n`,
  );
  console.log("Self time by package");
  console.log(
    table(
      ["package", "ms", "%"],
      sorted(selfByPackage).map(([k, us]) => [k, ms(us), pct(us)]),
    ),
  );
  console.log(`\nTop ${top} functions by self time`);
  console.log(
    table(
      ["function [package] file:line", "ms", "%"],
      sorted(selfByFunction)
        .slice(0, top)
        .map(([k, us]) => [k, ms(us), pct(us)]),
    ),
  );
  console.log("\nInclusive time of chosen functions (self + callees)");
  console.log(
    table(
      ["function [package]", "ms", "%"],
      sorted(inclusive).map(([k, us]) => [k, ms(us), pct(us)]),
    ),
  );
}

main();
