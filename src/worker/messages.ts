/**
 * Everything that crosses the thread boundary, defined once and imported by both sides.
 * The main thread sends one WorkerTask per worker; the worker answers over its MessagePort
 * with WorkerMessages and returns a WorkerResult when the task ends.
 */
import type { MessagePort } from 'node:worker_threads';
import type { EncodedStageSnapshot } from '../metrics/stage-snapshot.js';
import type { WorkerJob } from './worker-job.js';

export interface WorkerTask {
  workerIndex: number;
  workers: number;
  /** The control block (start barrier, stop flag, live counters). */
  control: SharedArrayBuffer;
  port: MessagePort;
  job: WorkerJob;
}

export type WorkerMessage =
  /** Connected and ready for the first stage. */
  | { type: 'ready'; worker: number }
  /** Once a second during a stage: what happened since the previous interval. */
  | { type: 'interval'; worker: number; stage: number; elapsedMs: number; snapshot: EncodedStageSnapshot }
  /** A stage ended on this worker; its totals. */
  | { type: 'stage-done'; worker: number; stage: number; totals: EncodedStageSnapshot }
  /** Something the user should know that did not stop the worker (a connection lost, say). */
  | { type: 'warning'; worker: number; message: string };

export interface WorkerResult {
  worker: number;
  /** Totals per stage that ran, by stage index (stages skipped after an interruption are absent). */
  stages: (EncodedStageSnapshot | null)[];
}
