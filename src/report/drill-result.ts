/**
 * What a failover drill measured, as it appears under `drill` in the JSON report. Times are
 * seconds since the start of the drilled phase (the same clock as the phase timeline) or
 * milliseconds for durations.
 */

/** The actions a drill can trigger. */
export type DrillAction = 'sentinel-failover' | 'cluster-failover' | 'pause-master' | 'kill-master';

/** One second of load around the event: the phase timeline with errors by kind. */
export interface DrillTimelineRow {
  /** How long the row covers (the last is usually partial; absent in older reports). */
  durationS?: number;
  t: number;
  ops: number;
  opsPerSec: number;
  p99Us: number;
  errors: Record<string, number>;
}

export interface DrillResult {
  action: DrillAction;
  /** The measured phase the drill ran in. */
  phase: string;
  /** When the action was planned (`at`). */
  plannedAtS: number;
  /** When the action was sent; null when it never was (the phase ended first). */
  eventAtS: number | null;
  /** What was done, e.g. "SENTINEL FAILOVER mymaster via 127.0.0.1:26379". */
  trigger: string;
  /** Why the action failed, when it did (the load and the measurements still ran). */
  triggerError: string | null;
  /** The master before and after the drill ("host:port"); equal when no failover happened. */
  masterBefore: string | null;
  masterAfter: string | null;
  unavailability: {
    /** From the first failed or stalled write to the first write acknowledged by the master after the drill; 0 when none failed or stalled. */
    windowMs: number;
    startAtS: number | null;
    endAtS: number | null;
    /** The error kind of the first failed write, or "stall" when it only took too long. */
    firstFailure: string | null;
    /** A write slower than this counts as a stall. */
    stallThresholdMs: number;
  };
  discovery: {
    /** From the event to the moment rbench knew the new master; null when the master did not change. */
    newMasterFoundMs: number | null;
    /** How it learned: Sentinel's +switch-master announcement, its own lookup after an error, or (cluster) a MOVED reply naming the slot's new owner. */
    via: 'switch-master' | 'lookup' | 'moved' | null;
  };
  /** The verifying writer: unique writes sent during the phase, read back after it. */
  writes: {
    sent: number;
    /** Acknowledged by the master (and, with `wait`, by enough replicas). */
    acknowledged: number;
    failed: number;
    /** With `wait`: acknowledged by the master but by fewer replicas than asked (not in `acknowledged`). */
    notReplicated: number;
    /** Acknowledged writes missing when read back from the master after the drill. */
    missing: number;
    /** Of the `notReplicated` writes, how many are missing. */
    missingNotReplicated: number;
    /** Up to 10 missing keys, for a look with redis-cli. */
    missingSample: string[];
    /** WAIT sent after each write, or null. */
    wait: { replicas: number; timeoutMs: number } | null;
    /** Why the read-back failed, when it did (then `missing` is not known and is 0). */
    verifyError: string | null;
  };
  /** Per second of the phase: throughput, p99 and errors by kind. */
  timeline: DrillTimelineRow[];
}
