import autocannon from "autocannon";
import {
  backendTicks,
  cpuTicksOf,
  latencySummary,
  machineBusyTicks,
  memoryOf,
  round1,
  round2,
  ticksToMs,
  waitForQuiet,
  type BackendWatcher,
} from "./harness";
import { targetFor, type Target } from "./read-answers";
import {
  REQUEST_TIMEOUT_S,
  TARGETS,
  type LoadFigures,
  type QueryResult,
  type RunningServer,
  type ServerKind,
  type Settings,
} from "./read-settings";

// ---------------------------------------------------------------------------------------------
// Load

/** One load run's raw measurements; a server's figures for a query and connection count combine its runs. */
export interface Sample {
  /** Response times of the 2xx responses (ms). */
  latencies: number[];
  durationS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverMs: number | null;
  postgresMs: number | null;
  loadGeneratorMs: number;
  otherMs: number | null;
}

export async function sample(
  server: RunningServer,
  target: Target,
  connections: number,
  durationS: number,
  backends: BackendWatcher | null,
): Promise<Sample> {
  const pid = server.child.pid;
  const latencies: number[] = [];
  const serverTicks = pid === undefined ? null : cpuTicksOf(pid);
  const backendsBefore = backends ? await backends.snapshot() : null;
  const machineTicks = machineBusyTicks();
  const benchCpu = process.cpuUsage();
  const instance = autocannon({
    url: target.url,
    method: "POST",
    headers: target.headers,
    body: target.body,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: REQUEST_TIMEOUT_S,
  });
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  const benchUsed = process.cpuUsage(benchCpu);
  const serverTicksAfter = pid === undefined ? null : cpuTicksOf(pid);
  const backendsAfter = backends ? await backends.snapshot() : null;
  const machineTicksAfter = machineBusyTicks();
  const serverMs = serverTicks === null || serverTicksAfter === null ? null : ticksToMs(serverTicksAfter - serverTicks);
  const postgresMs = backendsBefore && backendsAfter ? ticksToMs(backendTicks(backendsBefore, backendsAfter)) : null;
  const loadGeneratorMs = (benchUsed.user + benchUsed.system) / 1000;
  const ownMs = (serverMs ?? 0) + (postgresMs ?? 0) + loadGeneratorMs;
  return {
    latencies,
    durationS: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverMs,
    postgresMs,
    loadGeneratorMs,
    otherMs: machineTicks === null || machineTicksAfter === null ? null : Math.max(0, ticksToMs(machineTicksAfter - machineTicks) - ownMs),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** The sum of a measurement over runs, or null when one run could not take it. */
const sumOf = (samples: Sample[], pick: (s: Sample) => number | null) => {
  const values = samples.map(pick);
  return values.some((v) => v === null) ? null : sum(values as number[]);
};

/** A server's figures over its runs: every response's latency, requests over the runs' total duration. */
export function figuresOf(connections: number, samples: Sample[], pid: number | undefined): LoadFigures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = latencies.length;
  const durationS = sum(samples.map((s) => s.durationS));
  const perRequest = (ms: number | null) => (ms === null || requests === 0 ? null : round2(ms / requests));
  const otherMs = sumOf(samples, (s) => s.otherMs);
  const memory = memoryOf(pid);
  return {
    connections,
    runs: samples.length,
    durationS: round2(durationS),
    requests,
    requestsPerSecond: round1(requests / durationS),
    latencyMs: latencySummary(latencies),
    non2xx: sum(samples.map((s) => s.non2xx)),
    errors: sum(samples.map((s) => s.errors)),
    timeouts: sum(samples.map((s) => s.timeouts)),
    rssMiB: memory?.rssMiB ?? null,
    peakRssMiB: memory?.peakRssMiB ?? null,
    serverCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.serverMs)),
    postgresCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.postgresMs)),
    loadGeneratorCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.loadGeneratorMs)) ?? 0,
    otherProcessesCpuPercent: otherMs === null ? null : Math.round((otherMs / (durationS * 1000)) * 100),
  };
}

export async function warmUp(target: Target, settings: Settings): Promise<void> {
  await autocannon({
    url: target.url,
    method: "POST",
    headers: target.headers,
    body: target.body,
    connections: TARGETS.connections,
    duration: settings.warmupS,
    timeout: REQUEST_TIMEOUT_S,
  });
}

/**
 * Loads the servers in turn: for each query and connection count, `rounds` runs each, the order alternating
 * (hub, floor, floor, hub, …) so that a drift of the machine's speed during the query weighs on both alike.
 * Their figures combine every run of theirs.
 */
export async function measureInTurn(
  servers: RunningServer[],
  settings: Settings,
  queries: QueryResult[],
  backends: BackendWatcher | null,
): Promise<void> {
  const runS = settings.durationS / settings.rounds;
  for (const query of queries) {
    const targets = servers.map((server) => ({ server, target: targetFor(server, query.name, query.variables, settings.analystToken) }));
    await waitForQuiet(settings, query.name);
    for (const { target } of targets) await warmUp(target, settings);
    for (const connections of settings.connections) {
      const samples = new Map<ServerKind, Sample[]>(servers.map((s) => [s.kind, []]));
      for (let round = 0; round < settings.rounds; round++) {
        for (const { server, target } of round % 2 === 0 ? targets : [...targets].reverse()) {
          samples.get(server.kind)?.push(await sample(server, target, connections, runS, backends));
        }
      }
      let pair = query.runs.find((r) => r.connections === connections);
      if (!pair) query.runs.push((pair = { connections, hub: null, floor: null, p50Ratio: null, throughputRatio: null }));
      for (const server of servers) {
        const figures = figuresOf(connections, samples.get(server.kind) ?? [], server.child.pid);
        pair[server.kind] = figures;
        const failed = figures.non2xx + figures.errors + figures.timeouts;
        console.log(
          `  ${server.kind.padEnd(5)} ${query.name.padEnd(12)} c=${String(connections).padStart(2)}  ` +
            `${String(figures.requestsPerSecond).padStart(7)} req/s  p50 ${figures.latencyMs.p50} ms  p99 ${figures.latencyMs.p99} ms` +
            `${figures.otherProcessesCpuPercent ? `  (other processes ${figures.otherProcessesCpuPercent}% CPU)` : ""}` +
            `${failed > 0 ? `  FAILURES ${failed}` : ""}`,
        );
      }
    }
  }
}
