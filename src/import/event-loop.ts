/**
 * Lets the process answer other requests between two batches. The embedded database runs each statement
 * synchronously and resolves it as a microtask: without a macrotask boundary, an import served by the hub
 * (`POST /import/<kind>`) would hold its event loop, `/healthz` included, from the first batch to the last.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
