import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sleep, ticksToMs } from "./harness";

/** The processes behind `npm start` as the start-up bench sees them, through /proc (Linux). */

/** `/proc/<pid>/stat` fields after the command name (index 0 is the state), or null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** `root` and its live descendants, through /proc (npm → sh → node scripts/start.js). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((name) => /^[0-9]+$/.test(name))) {
    const fields = statFields(Number(entry));
    if (fields) parents.set(Number(entry), Number(fields[1]));
  }
  const descends = (pid: number): boolean => pid === root || (pid > 1 && parents.has(pid) && descends(parents.get(pid) as number));
  return [...parents.keys()].filter(descends);
}

/** The hub's own process under npm: the node process itself (scripts/start.js), not the `sh -c` npm runs it through. */
export function hubPid(npmPid: number | undefined): number | undefined {
  if (npmPid === undefined || !existsSync("/proc/self/stat")) return npmPid;
  return processTree(npmPid).find((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      return path.basename(argv[0]).startsWith("node") && (argv.includes("scripts/start.js") || argv.includes("dist/src/main.js"));
    } catch {
      return false;
    }
  });
}

/**
 * CPU time `npm start` has used so far: npm, its live descendants (the hub) and the children it has already
 * reaped. On a shared machine a steadier figure than the elapsed time.
 */
export function startCpuMs(npmPid: number | undefined): number | null {
  if (npmPid === undefined || !existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const pid of processTree(npmPid)) {
    const fields = statFields(pid);
    if (!fields) continue;
    // utime, stime; for npm also cutime, cstime (its finished children).
    ticks += Number(fields[11]) + Number(fields[12]) + (pid === npmPid ? Number(fields[13]) + Number(fields[14]) : 0);
  }
  return Math.round(ticksToMs(ticks));
}

/** Resolves once `pid` is gone (false on timeout). */
export async function gone(pid: number, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (performance.now() > deadline) return false;
    await sleep(pollMs);
  }
}
