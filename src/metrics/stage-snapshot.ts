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
  /** Named counts that are not commands, e.g. pub/sub deliveries the publishers were promised. */
  counters: Record<string, number>;
  /** Cluster targets, totals only: the same counts per node, labelled "host:port". */
  nodes?: CommandSnapshot[];
  /** Measured phases, totals only: the recording thread's own event-loop delay, utilization and GC pauses. */
  client?: ClientNoise;
}

/** The name src/worker and src/pool use for a stage's (phase's) encoded snapshot. */
export type EncodedStageSnapshot = RecorderSnapshot;
