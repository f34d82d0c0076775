/**
 * Starts the worker threads (piscina, one long task per worker), runs the stages back to back
 * behind a start barrier, collects interval snapshots and stage totals, and stops on duration or
 * on request. A worker that fails is reported with its error; the others finish their stages.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { abortRun, createControl, readLive, releasePhase, stopPhase, type ControlBlock } from '../worker/control.js';
import type { WorkerMessage, WorkerResult, WorkerTask } from '../worker/messages.js';
import type { WorkerJob } from '../worker/worker-job.js';
import type { EncodedStageSnapshot } from '../metrics/stage-snapshot.js';
import { configureWorkerHeap } from './worker-heap.js';

export interface StageEvents {
  /** Before a stage is released; the stage waits until a returned promise settles (a reset runs here). */
  onBeforeStage?(stage: number): void | Promise<void>;
  /**
   * Before a stage starts (a segmented run meets the other segments here); 'stop' skips this
   * stage and the rest.
   */
  beforeStage?(stage: number): Promise<'go' | 'stop'> | 'go' | 'stop';
  /** A stage is about to start; the workers are released once a returned promise settles. */
  onStageStart?(stage: number): void | Promise<void>;
  onInterval?(stage: number, worker: number, elapsedMs: number, snapshot: EncodedStageSnapshot): void;
  /**
   * A stage ended on every worker, with each worker's totals. The next stage starts only once a
   * returned promise settles, so a caller may look at the server between stages.
   */
  onStageDone?(stage: number, totals: (EncodedStageSnapshot | null)[]): void | Promise<void>;
  onWarning?(worker: number, message: string): void;
}

export interface PoolRun {
  /** Totals per stage per worker (null where a worker failed before finishing it). */
  stageTotals: (EncodedStageSnapshot | null)[][];
  /** Workers that failed, with their error message. */
  failures: { worker: number; message: string }[];
  /** True when the run was interrupted before its last stage finished. */
  interrupted: boolean;
}

export interface PoolHandle {
  /** Resolves when every stage has run (or the run was stopped). */
  readonly done: Promise<PoolRun>;
  /** Live counters summed over workers, for the progress line. */
  live(): { ops: number; errors: number; inFlight: number };
  /** Stops sending everywhere, waits for in-flight replies (bounded), then resolves `done`. */
  interrupt(): void;
  /** Between stages (from onStageDone): run no further stage, and finish normally. */
  skipRemaining(): void;
  /** Ends the threads at once (second Ctrl-C). */
  destroy(): Promise<void>;
}

/** Starts `jobs.length` workers and runs their stages. */
export function startPool(jobs: WorkerJob[], events: StageEvents = {}): PoolHandle {
  const workers = jobs.length;
  const control = createControl(workers);
  configureWorkerHeap(workers);
  const pool = new Piscina({
    filename: workerEntryUrl(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Infinity,
  });
  const stageCount = jobs[0]?.stages.length ?? 0;
  const stageTotals: (EncodedStageSnapshot | null)[][] = Array.from({ length: stageCount }, () =>
    new Array<EncodedStageSnapshot | null>(workers).fill(null),
  );
  const failures: { worker: number; message: string }[] = [];
  const alive = new Set<number>();
  const ready = new Set<number>();
  const doneInStage: Set<number>[] = Array.from({ length: stageCount }, () => new Set<number>());
  let interrupted = false;
  let skipping = false;
  let wakeCoordinator: () => void = () => {};
  const nudge = () => wakeCoordinator();

  const channels = jobs.map(() => new MessageChannel());
  const tasks = jobs.map((job, w) => {
    alive.add(w);
    const channel = channels[w]!;
    channel.port1.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          ready.add(message.worker);
          break;
        case 'interval':
          events.onInterval?.(message.stage, message.worker, message.elapsedMs, message.snapshot);
          break;
        case 'stage-done':
          stageTotals[message.stage]![message.worker] = message.totals;
          doneInStage[message.stage]!.add(message.worker);
          break;
        case 'warning':
          events.onWarning?.(message.worker, message.message);
          break;
      }
      nudge();
    });
    const task: WorkerTask = { workerIndex: w, workers, control: control.buffer, port: channel.port2, job };
    return pool
      .run(task, { transferList: [channel.port2] as never })
      .then(async (result: WorkerResult) => {
        result.stages.forEach((totals, stage) => {
          if (totals && stageTotals[stage]) stageTotals[stage]![w] = totals;
        });
        // The task's result comes over piscina's own port, which is not ordered with our
        // MessageChannel: the worker's last 'interval' and 'stage-done' may still be queued.
        // Closing port1 now would drop them (the timeline would miss the last second), so wait
        // for the 'stage-done' of every stage the worker finished; the interval before it is in
        // by then, the port being FIFO.
        const finished = result.stages.flatMap((totals, stage) => (totals ? [stage] : []));
        await waitFor(() => finished.every((stage) => doneInStage[stage]?.has(w) === true), PORT_DRAIN_TIMEOUT_MS);
      })
      .catch((err: unknown) => {
        failures.push({ worker: w, message: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        alive.delete(w);
        channel.port1.close();
        nudge();
      });
  });

  // Every change waited for nudges the coordinator (a worker's message or end, an interrupt); a
  // wait with a limit has one timer for it, and a slow poll (below) backs up the nudges. A timer
  // per wake (a 100 ms poll: ten a second) made V8 compile Node's timer code on the main thread
  // about 10 s into a phase: 2-3 ms on a helper thread, late sends where it shares the worker's CPU.
  const waitUntil = async (condition: () => boolean, timeoutMs = Infinity): Promise<void> => {
    let expired = false;
    const limit = Number.isFinite(timeoutMs) ? setTimeout(() => ((expired = true), nudge()), timeoutMs) : null;
    try {
      while (!condition() && !expired) await new Promise<void>((resolve) => (wakeCoordinator = resolve));
    } finally {
      if (limit !== null) clearTimeout(limit);
    }
  };
  const everyAliveIn = (set: Set<number>) => () => [...alive].every((w) => set.has(w));

  const run = async (): Promise<PoolRun> => {
    const backstop = setInterval(nudge, BACKSTOP_POLL_MS);
    try {
      return await runStages();
    } finally {
      clearInterval(backstop);
    }
  };
  const runStages = async (): Promise<PoolRun> => {
    await waitUntil(everyAliveIn(ready));
    for (let stage = 0; stage < stageCount && !interrupted && alive.size > 0; stage++) {
      await events.onBeforeStage?.(stage);
      if (interrupted) break;
      if (events.beforeStage !== undefined && ((await events.beforeStage(stage)) === 'stop' || interrupted)) {
        abortRun(control);
        break;
      }
      await events.onStageStart?.(stage);
      releasePhase(control, stage);
      const durationMs = jobs[0]!.stages[stage]!.durationMs;
      if (durationMs !== null) {
        await waitUntil(() => interrupted || everyAliveIn(doneInStage[stage]!)(), durationMs);
        // Workers watch their own deadline too; this stops any that lag behind.
        stopPhase(control, stage);
      }
      await waitUntil(everyAliveIn(doneInStage[stage]!));
      await events.onStageDone?.(stage, stageTotals[stage]!);
      if (skipping && stage + 1 < stageCount) {
        // Workers wait at the next stage's barrier; the abort flag releases them to finish.
        abortRun(control);
        break;
      }
    }
    await Promise.all(tasks);
    await pool.destroy();
    return { stageTotals, failures, interrupted };
  };

  return {
    done: run(),
    live: () => readLive(control),
    interrupt: () => {
      interrupted = true;
      abortRun(control);
      nudge();
    },
    skipRemaining: () => {
      skipping = true;
    },
    destroy: () => pool.destroy(),
  };
}

export type { ControlBlock };

/** The coordinator looks at what it waits for at least this often, nudged or not. */
const BACKSTOP_POLL_MS = 1000;

/** How long a finished worker's port may take to deliver its last messages. */
const PORT_DRAIN_TIMEOUT_MS = 2000;

/** Polls `condition` on the event loop (so port messages get delivered) until true or timeout. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 5));
}

/**
 * The worker entry: beside us in the bundle (dist/bundle/worker.mjs), else the compiled module
 * (dist/src/worker/entry.js). Tests run from src/, so look for dist/ beside the package root.
 */
function workerEntryUrl(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'worker.mjs');
  if (existsSync(bundled)) return pathToFileURL(bundled).href;
  const sibling = join(here, '..', 'worker', 'entry.js');
  if (existsSync(sibling)) return pathToFileURL(sibling).href;
  let dir = here;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'dist', 'src', 'worker', 'entry.js');
    if (existsSync(candidate)) return pathToFileURL(candidate).href;
    dir = dirname(dir);
  }
  throw new Error('worker entry dist/src/worker/entry.js not found: run `npm run build` first');
}
