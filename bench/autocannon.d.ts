/**
 * The part of autocannon 8's programmatic API the benches use (the package ships no types;
 * @types/autocannon stops at 7). Checked against node_modules/autocannon/lib/{init,run,aggregateResult}.js.
 */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    /** What a request is made of; `setupRequest` may change it before each send (autocannon lib/httpRequestBuilder.js). */
    interface RequestParams {
      method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }

    /**
     * One entry of `requests`: a client sends them in turn, starting again after the last. `context` is the client's, reset
     * each time it starts the list again; `onResponse` gets the body as a string and the headers as sent (lib/requestIterator.js).
     */
    interface Request extends RequestParams {
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | null;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
    }

    interface Options {
      url: string;
      requests?: Request[];
      method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
      headers?: Record<string, string>;
      body?: string | Buffer;
      connections?: number;
      pipelining?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds a request may take before it counts as a timeout. */
      timeout?: number;
      /** Sample interval of the per-second counters, in milliseconds. */
      sampleInt?: number;
      excludeErrorStats?: boolean;
    }

    /** hdr-histogram-percentiles-obj: whole milliseconds (latency) or counts per sample (requests). */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }

    interface Result {
      /** Seconds, measured by autocannon. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      "1xx": number;
      "2xx": number;
      "3xx": number;
      "4xx": number;
      "5xx": number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }

    /** The run: an event emitter that is also a promise of its result. */
    interface Instance extends EventEmitter, PromiseLike<Result> {
      on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): this;
      on(event: "reqError", listener: (error: Error) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
