/**
 * The control block (src/worker/control.ts) across real threads: a SharedArrayBuffer shared with
 * two worker_threads that run the built module (dist/src/worker/control.js), so the Atomics
 * barrier, the stop and abort flags and the live counters are seen from another thread, as in a run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { abortRun, createControl, isAborted, isPhaseStopped, publishLive, readLive, releasePhase, stopPhase, type ControlBlock } from '../../../src/worker/control.js';

const builtControl = fileURLToPath(new URL('../../../dist/src/worker/control.js', import.meta.url));

/** A worker that waits for a phase, reports, then spins on the stop flag while publishing counters. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
// A pending Atomics.waitAsync does not keep a thread alive; in a run the worker's message port
// does. Here a listener on the parent port plays that part.
parentPort.on('message', () => {});
(async () => {
  const c = await import(workerData.module);
  const control = c.attachControl(workerData.buffer, workerData.workers);
  parentPort.postMessage({ type: 'waiting' });
  await c.waitForPhase(control, workerData.phase);
  parentPort.postMessage({ type: 'released', aborted: c.isAborted(control) });
  let ops = 0;
  while (!c.isPhaseStopped(control, workerData.phase)) {
    ops++;
    c.publishLive(control, workerData.index, ops, 1, workerData.index + 10);
    if (ops % 1000 === 0) await new Promise((r) => setImmediate(r));
  }
  parentPort.postMessage({ type: 'stopped', ops });
})();
`;

interface Started {
  worker: Worker;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** True when a message of `type` arrived (without waiting). */
  has(type: string): boolean;
}

const started: Worker[] = [];

function start(control: ControlBlock, index: number, phase: number): Started {
  const worker = new Worker(WORKER, { eval: true, workerData: { module: pathToFileURL(builtControl).href, buffer: control.buffer, workers: control.workers, index, phase } });
  started.push(worker);
  const seen: Record<string, unknown>[] = [];
  const waiting: Array<() => void> = [];
  worker.on('message', (m: Record<string, unknown>) => {
    seen.push(m);
    for (const w of waiting.splice(0)) w();
  });
  worker.on('error', (e) => {
    throw e;
  });
  return {
    worker,
    has: (type) => seen.some((m) => m.type === type),
    next: async (type, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find((m) => m.type === type);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no '${type}' from worker ${index} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('control block across threads', () => {
  beforeAll(() => {
    if (!existsSync(builtControl)) throw new Error(`${builtControl} is missing: build first (npm run build), or run the tests with npm test`);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.terminate()));
  });

  it('holds every worker at the barrier until the phase is released, then stops them on the flag', async () => {
    const control = createControl(2);
    const workers = [start(control, 0, 0), start(control, 1, 0)];
    await Promise.all(workers.map((w) => w.next('waiting')));
    // Nobody passes the barrier on their own (Atomics.waitAsync times out every second and loops).
    await pause(300);
    expect(workers.map((w) => w.has('released'))).toEqual([false, false]);
    releasePhase(control, 0);
    expect(await Promise.all(workers.map((w) => w.next('released', 5000)))).toEqual([
      { type: 'released', aborted: false },
      { type: 'released', aborted: false },
    ]);
    // The live counters are written by the workers and summed here while they run.
    let live = readLive(control);
    for (let i = 0; i < 200 && (live.ops === 0 || live.inFlight !== 21); i++) {
      await pause(10);
      live = readLive(control);
    }
    expect(live.inFlight).toBe(10 + 11);
    expect(live.errors).toBe(2);
    expect(live.ops).toBeGreaterThan(0);
    expect(workers.map((w) => w.has('stopped'))).toEqual([false, false]);
    stopPhase(control, 0);
    const stopped = await Promise.all(workers.map((w) => w.next('stopped', 5000)));
    expect(stopped.every((m) => (m.ops as number) > 0)).toBe(true);
  });

  it('a worker waiting for a later phase stays put when an earlier one is released', async () => {
    const control = createControl(1);
    const w = start(control, 0, 1);
    await w.next('waiting');
    releasePhase(control, 0);
    await pause(300);
    expect(w.has('released')).toBe(false);
    releasePhase(control, 1);
    expect(await w.next('released', 5000)).toEqual({ type: 'released', aborted: false });
    stopPhase(control, 1);
    await w.next('stopped', 5000);
  });

  it('an abort releases a waiting worker, which sees it aborted and stopped', async () => {
    const control = createControl(1);
    const w = start(control, 0, 3);
    await w.next('waiting');
    await pause(100);
    expect(w.has('released')).toBe(false);
    abortRun(control);
    expect(await w.next('released', 5000)).toEqual({ type: 'released', aborted: true });
    // isPhaseStopped is true once aborted, with no stopPhase call.
    await w.next('stopped', 5000);
  });

  it('stopping one phase does not stop the next; abort stops all; counters sum per worker', () => {
    const control = createControl(2);
    stopPhase(control, 0);
    expect([isPhaseStopped(control, 0), isPhaseStopped(control, 1)]).toEqual([true, false]);
    // A late stop of an earlier phase does not undo a later one.
    stopPhase(control, 2);
    stopPhase(control, 1);
    expect(isPhaseStopped(control, 2)).toBe(true);
    expect(isPhaseStopped(control, 3)).toBe(false);
    abortRun(control);
    expect([isAborted(control), isPhaseStopped(control, 7)]).toEqual([true, true]);
    publishLive(control, 0, 5, 0, 3);
    publishLive(control, 1, 7, 2, 4);
    publishLive(control, 1, 8, 2, 1); // the latest value replaces, it does not add
    expect(readLive(control)).toEqual({ ops: 13, errors: 2, inFlight: 4 });
  });
});
