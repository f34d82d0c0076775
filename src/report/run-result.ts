/**
 * The RunResult: everything a run measured, as plain versioned data. The JSON report is this
 * object; the terminal view is a pure function of it. Secrets never appear in it.
 */
import type { LatencySummary, PhaseClientNoise, ServerLatencySummary } from '../metrics/index.js';
import type { CapacityResult } from './capacity-result.js';
import type { DrillResult } from './drill-result.js';

/** What a reader should know before trusting a phase's figures; computed in verdicts.ts. */
export type Verdict =
  | { kind: 'not-steady'; metric: 'throughput' | 'p99'; firstThird: number; lastThird: number; changePct: number; message: string }
  | { kind: 'stall'; atS: number; durationS: number; round: number; message: string }
  | { kind: 'client-bound'; utilization?: number; sendLagP99Us?: number; message: string }
  | { kind: 'errors'; errorRate: number; maxErrorRate: number; kinds: Record<string, number>; message: string };

export const SCHEMA_VERSION = 1;

/** Counts and latency of a set of commands (a whole phase, or one command of it). */
export interface OpStats {
  ops: number;
  opsPerSec: number;
  errors: Record<string, number>;
  /** Nil replies among `ops` (cache misses for lookups). */
  nulls: number;
  /**
   * Response time: from the intended start (open model) or from the send (closed loop).
   * Commands that never completed are in it with the wait they had when rbench gave up on them;
   * `latencyUs.lowerBounds` counts those entries.
   */
  latencyUs: LatencySummary & { lowerBounds?: number };
  /** Commands still in flight when the phase stopped waiting for them (not counted in `errors`). */
  abandoned?: number;
  /** Service time from the actual send; null in the closed loop, where it equals latencyUs. */
  serviceTimeUs: LatencySummary | null;
  /**
   * The server's own time for these commands during the phase (LATENCY HISTOGRAM, summed over the
   * nodes the load went to; percentiles are log2 bucket upper bounds). null with
   * `serverLatencyReason` where the server cannot say; absent where nobody asked.
   */
  serverLatencyUs?: ServerLatencySummary | null;
  serverLatencyReason?: string;
}

export interface TimelineRow {
  /** Seconds since the phase started (the row covers [t, t + durationS)). */
  t: number;
  /** How long the row covers: 1 s, less for the last row of a round (absent in older reports). */
  durationS?: number;
  /** The round the row belongs to, when the phase ran several (absent otherwise). */
  round?: number;
  ops: number;
  /** ops / durationS. */
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  errors: number;
  /** A segment's report only: the row's response-time histogram, for `rbench merge`. */
  hdr?: string;
}

/** Open-model schedule health; null in the closed loop. */
export interface ScheduleStats {
  targetRate: number;
  achievedRate: number;
  /** How late commands left compared with their intended time. */
  sendLagUs: LatencySummary;
  /** Commands that left more than 1 ms after their intended time. */
  lateSends: number;
  /** Commands never sent because the backlog was full. */
  dropped: number;
  /**
   * Every command the schedule called for, accounted for (absent in older reports):
   * scheduled = completed + errorReplies + transportFailures + dropped + unsent + abandoned.
   */
  scheduled?: number;
  /** Successful replies. */
  completed?: number;
  /** Commands the server answered with an error. */
  errorReplies?: number;
  /** Commands lost to the connection: reset, closed, timeout, refused, ... */
  transportFailures?: number;
  /** Due before the phase ended, still waiting to be sent then. */
  unsent?: number;
  /** In flight when the phase stopped waiting for replies. */
  abandoned?: number;
}

/** One round of a phase (phases run `rounds` times, interleaved with the other phases). */
export interface RoundStats {
  opsPerSec: number;
  p50Us: number;
  p90Us?: number;
  p99Us: number;
  p999Us?: number;
  maxUs?: number;
  /** Failed and never-completed commands in the round. */
  errors: number;
  /** Commands attempted in the round (successes plus `errors`). */
  attempted?: number;
}

/** A stretch in which no worker got a reply while commands were outstanding. */
export interface Stall {
  /** Seconds from the phase start (the first round's, for later rounds: their own start). */
  atS: number;
  durationS: number;
  /** The round it happened in. */
  round: number;
}

export interface PhaseResult {
  name: string;
  /**
   * Wall-clock time the phase (its first round) started; for a segmented run on the target's
   * clock, which all segments share.
   */
  startedAt?: string;
  pipeline: number;
  connections: number;
  workers: number;
  /** Target rate in commands/s, or null for the closed loop. */
  rate: number | null;
  durationS: number;
  totals: OpStats;
  commands: Record<string, OpStats>;
  timeline: TimelineRow[];
  schedule: ScheduleStats | null;
  /** Pub/sub scenarios: deliveries PUBLISH promised (subscribers that got each message), received, lost. */
  pubsub: { promised: number; delivered: number; lost: number } | null;
  /** True when the run was interrupted during this phase. */
  partial: boolean;
  /** Cluster targets: ops/s, latency and errors per node ("host:port"). */
  nodes?: Record<string, OpStats>;
  /** Cluster targets: redirects and retries (cluster.moved, cluster.ask, cluster.tryagain, cluster.clusterdown). */
  cluster?: Record<string, number>;
  /** What a reader should know before trusting the figures (absent in older reports). */
  verdicts?: Verdict[];
  /** Each round's figures; `opsPerSec` of the phase is their median (absent in older reports). */
  rounds?: RoundStats[];
  /** Keys deleted and time spent resetting before the phase's rounds (not load); null without reset. */
  reset?: { keysDeleted: number; durationMs: number } | null;
  /** The longest stretches without any reply, longest first (at most 16; absent in older reports). */
  stalls?: Stall[];
  /**
   * rbench's own noise during the phase: event-loop delay, utilization (max over workers, which the
   * client-bound verdict reads) and GC pauses, combined, per worker and for the main thread.
   */
  client?: PhaseClientNoise;
}

export interface Comparison {
  baseline: string;
  other: string;
  /** other ops/s divided by baseline ops/s. */
  throughputRatio: number;
  /** other p99 divided by baseline p99. */
  p99Ratio: number;
  /** Min and max ops/s over each side's rounds (absent in older reports). */
  throughputRange?: { baseline: [number, number]; other: [number, number] };
  /** The two sides' ranges overlap: the difference is within the measured noise (needs rounds >= 2). */
  withinNoise?: boolean;
}

export interface RunResult {
  schemaVersion: typeof SCHEMA_VERSION;
  rbench: { version: string };
  environment: { node: string; os: string; cpus: number; hostname: string };
  target: {
    url: string;
    topology: 'standalone' | 'cluster' | 'sentinel';
    serverVersion: string | null;
    nodes: string[];
    /** Where the load went: 'replica' with --read-from replica or ?readFrom=replica (absent in older reports). */
    readFrom?: 'master' | 'replica';
  };
  scenario: unknown;
  plan: unknown;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  /** Setup steps: commands sent and errors, not timed. */
  setup: { label: string; ops: number; errors: Record<string, number> }[];
  phases: PhaseResult[];
  comparisons: Comparison[];
  /** Workers that failed, with their error; the result holds what the others measured. */
  failures: { worker: number; message: string }[];
  warnings: string[];
  /** A segmented run (--segment I/N): which part this report is; absent for one-process runs and merged reports. */
  segment?: SegmentInfo;
  /** A merged report (rbench merge): the run id and each segment's environment. */
  merged?: MergedInfo;
  /** A failover drill's measurements (rbench drill); absent for plain runs. */
  drill?: DrillResult;
  /** `rbench sweep` only: steps, knee, max within SLO, memory per key, projection. */
  capacity?: CapacityResult;
}

/** Which segment of a segmented run a report holds. */
export interface SegmentInfo {
  index: number;
  count: number;
  runId: string;
  /** The target's clock minus this machine's, in ms, as measured at the first barrier (0 without TIME). */
  clockOffsetMs: number;
}

/** What `rbench merge` adds: where the segments ran. */
export interface MergedInfo {
  runId: string;
  count: number;
  segments: { index: number; environment: RunResult['environment']; startedAt: string; clockOffsetMs: number; warnings: string[] }[];
}
