/**
 * The plain-data form of a recorder's state, as it crosses the worker/main-thread boundary
 * (structured clone) and lands in a RunResult: numbers, strings and compressed base64
 * histograms only.
 */
import type { ClientNoise } from './client-noise.js';

export interface CommandSnapshot {
  /** The command's label in the Plan (e.g. "GET", or a user-given name). */
  label: string;
  /** Replies recorded with a latency (errors are counted apart, in `errors`). */
  ops: number;
  /** Null replies among `ops` (cache misses). */
  nulls: number;
  /** Error replies and transport failures by kind: ERR, MOVED, timeout, ... */
  errors: Record<string, number>;
  /** Commands still in flight when the stage stopped waiting for them (not in `errors`). */
  abandoned?: number;
  /**
   * Entries of `response` that are lower bounds: commands that never completed (timed out or
   * abandoned), recorded with the time they had waited when rbench gave up on them.
   */
  lowerBounds?: number;
  /** Response time (from the intended start), base64 HDR; null when nothing was recorded. */
  response: string | null;
  /**
   * Service time (from the actual send), base64 HDR; null when it is the same as the response
   * time (closed loop, where the two are identical and only one is kept).
   */
  service: string | null;
}

export interface RecorderSnapshot {
  version: 1;
  /** One second's worth (reset after each) or everything since the phase started. */
  kind: 'interval' | 'total';
  phase: string;
  /** Interval number within the phase (0, 1, ...); for totals, the number of intervals taken. */
  seq: number;
  /** Start and end of the covered time, in the recording thread's clock (microseconds). */
  startUs: number;
  endUs: number;
  commands: CommandSnapshot[];
  /** Open model: how late commands left compared with their intended time (base64 HDR), or null. */
  sendLag: string | null;
  /** Open model: commands dropped because the backlog was full. */
  dropped: number;
  /** Open model: commands due before the stage ended that were still waiting to be sent. */
  unsent?: number;
  /**
   * Open model: the waits of the commands never sent (dropped or unsent), base64 HDR, or null.
   * They belong to no command (none was picked yet) and count in the phase's response time.
   */
  neverSent?: string | null;
  /** Totals only: what the load loop saw of the stage (see StageAccounting). */
  accounting?: StageAccounting;
  /** Named counts that are not commands, e.g. pub/sub deliveries the publishers were promised. */
  counters: Record<string, number>;
  /** Cluster targets, totals only: the same counts per node, labelled "host:port". */
  nodes?: CommandSnapshot[];
  /** Measured phases, totals only: the recording thread's own event-loop delay, utilization and GC pauses. */
  client?: ClientNoise;
}

/** The name src/worker and src/pool use for a stage's (phase's) encoded snapshot. */
export type EncodedStageSnapshot = RecorderSnapshot;

/** A worker's own view of a stage, for the schedule accounting and the stall verdict. */
export interface StageAccounting {
  /** Commands written (every one is answered, failed, or abandoned). */
  sent: number;
  abandoned: number;
  /** Wall-clock start and end of the stage on this worker (ms since the epoch, fractional). */
  startEpochMs: number;
  endEpochMs: number;
  /** Stretches of 10 ms or more with no reply while commands were outstanding: [start, end] epoch ms. */
  gaps: [number, number][];
  /** Connections this worker drove in the stage (0: it had no share and saw nothing). */
  connections: number;
}
