/**
 * The young generation of the load threads' V8 heaps. Every socket write and every reply chunk
 * allocates a little (Node's write request, a Buffer view, a promise job), and at 100k+ commands
 * a second V8's default semi-space (it starts at 1 MB) fills many times a second: each scavenge
 * stops the worker for up to a millisecond or two, and every reply due meanwhile waits, which
 * lands in the p99.9 and max that rbench reports. A larger starting semi-space makes scavenges
 * rarer (they cost by surviving objects, not by space size, so each is no longer).
 *
 * V8 flags are process-wide and read when an isolate is created: set before the workers start.
 * RBENCH_MIN_SEMI_SPACE_MB overrides the size (0 keeps V8's default), for comparing.
 */
import { setFlagsFromString } from 'node:v8';

/** Megabytes; measured in CONTRIBUTING.md's way (see docs/architecture.md, the hot path). */
export const MIN_SEMI_SPACE_MB = 16;

let applied = false;

/** Sizes the young generation of the worker threads started after this call. */
export function sizeWorkerYoungGeneration(env: NodeJS.ProcessEnv = process.env): number {
  const override = env.RBENCH_MIN_SEMI_SPACE_MB;
  const mb = override !== undefined && /^\d+$/.test(override) ? Number(override) : MIN_SEMI_SPACE_MB;
  if (!applied && mb > 0) setFlagsFromString(`--min-semi-space-size=${mb}`);
  applied = true;
  return mb;
}
