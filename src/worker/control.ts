/**
 * The SharedArrayBuffer through which the main thread steers workers without messages:
 * a phase "go" word (start barrier), a stop flag, and live counters per worker that the
 * progress line reads without waiting for the next interval snapshot.
 */

const GO = 0; // phase number the workers may start (1-based; 0 = none yet)
const STOP = 1; // phase number that must stop (1-based)
const ABORT = 2; // 1 = interrupted: stop everything, skip remaining phases
const HEADER = 4;
const PER_WORKER = 4; // ops, errors, inFlight, spare

export interface ControlBlock {
  readonly buffer: SharedArrayBuffer;
  readonly words: Int32Array;
  readonly workers: number;
}

/** Allocates the control block for `workers` workers. */
export function createControl(workers: number): ControlBlock {
  const buffer = new SharedArrayBuffer((HEADER + PER_WORKER * workers) * 4);
  return { buffer, words: new Int32Array(buffer), workers };
}

/** Wraps a block received by a worker. */
export function attachControl(buffer: SharedArrayBuffer, workers: number): ControlBlock {
  return { buffer, words: new Int32Array(buffer), workers };
}

/** Main thread: release every worker waiting for `phase` (the start barrier). */
export function releasePhase(control: ControlBlock, phase: number): void {
  Atomics.store(control.words, GO, phase + 1);
  Atomics.notify(control.words, GO);
}

/** Worker: wait (without blocking the event loop) until `phase` is released or the run is aborted. */
export async function waitForPhase(control: ControlBlock, phase: number): Promise<void> {
  for (;;) {
    const go = Atomics.load(control.words, GO);
    if (go >= phase + 1 || isAborted(control)) return;
    const waited = Atomics.waitAsync(control.words, GO, go, 1000);
    if (waited.async) await waited.value;
  }
}

/** Main thread: ask every worker to stop `phase` now (duration over, or interrupted). */
export function stopPhase(control: ControlBlock, phase: number): void {
  Atomics.store(control.words, STOP, Math.max(Atomics.load(control.words, STOP), phase + 1));
}

/** Worker: has `phase` been told to stop? Cheap enough to call every tick. */
export function isPhaseStopped(control: ControlBlock, phase: number): boolean {
  return Atomics.load(control.words, STOP) >= phase + 1 || Atomics.load(control.words, ABORT) !== 0;
}

/** Main thread: interrupted; every worker stops sending and skips what is left. */
export function abortRun(control: ControlBlock): void {
  Atomics.store(control.words, ABORT, 1);
  Atomics.notify(control.words, GO);
}

export function isAborted(control: ControlBlock): boolean {
  return Atomics.load(control.words, ABORT) !== 0;
}

/** Worker: publish live counters (plain stores; the reader only needs a recent value). */
export function publishLive(control: ControlBlock, worker: number, ops: number, errors: number, inFlight: number): void {
  const base = HEADER + worker * PER_WORKER;
  control.words[base] = ops | 0;
  control.words[base + 1] = errors | 0;
  control.words[base + 2] = inFlight | 0;
}

/** Main thread: sum of the live counters over all workers. */
export function readLive(control: ControlBlock): { ops: number; errors: number; inFlight: number } {
  let ops = 0;
  let errors = 0;
  let inFlight = 0;
  for (let w = 0; w < control.workers; w++) {
    const base = HEADER + w * PER_WORKER;
    ops += Atomics.load(control.words, base);
    errors += Atomics.load(control.words, base + 1);
    inFlight += Atomics.load(control.words, base + 2);
  }
  return { ops, errors, inFlight };
}
