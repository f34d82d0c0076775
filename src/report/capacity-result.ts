/**
 * The `capacity` section of a RunResult (written by `rbench sweep`): per-step throughput and
 * latency, the highest throughput within the SLO, the knee of the latency curve, memory per key,
 * and the shard projection. Plain data; the terminal view is capacity-report.ts.
 */

/** Latency limits (microseconds) and error share of an SLO; the plan's SloPlan, as reported. */
export interface CapacitySlo {
  latencyUs: Partial<Record<'p50' | 'p90' | 'p99' | 'p999' | 'max', number>>;
  errorRate: number | null;
}

export interface CapacityStep {
  /** The phase name, e.g. `rate=20000/s`. */
  name: string;
  /** The swept variable's value in this step. */
  value: number;
  /** Open model: the step's target rate; null in the closed loop. */
  targetRate: number | null;
  /** Completed commands per second. */
  opsPerSec: number;
  /** Response time (from the intended start in the open model), microseconds. */
  latencyUs: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** Failed plus dropped commands over every command attempted. */
  errorRate: number;
  /** null when the scenario has no SLO. */
  meetsSlo: boolean | null;
  /** Why the step misses the SLO, e.g. "p99 5.20ms > 2.00ms". */
  sloMisses: string[];
  /** Why this step counts as saturated (null when it does not). */
  saturated: string | null;
  partial: boolean;
}

export interface CapacityPoint {
  step: string;
  value: number;
  opsPerSec: number;
  p99Us: number;
}

export interface MemorySample {
  /** `main`, or the name of a `{key:NAME}` keyspace. */
  keyspace: string;
  sampled: number;
  /** Sampled names that existed (MEMORY USAGE answered). */
  found: number;
  /** Mean MEMORY USAGE (SAMPLES 0) of the keys found, bytes. */
  bytesPerKey: number;
  /** Key types seen, with counts. */
  types: Record<string, number>;
  /** Mean fields / members / elements per key for hashes, sets, zsets, lists, streams; null for strings. */
  elementsPerKey: number | null;
  /** bytesPerKey / elementsPerKey (key overhead included); null for strings. */
  bytesPerElement: number | null;
  /** What an element is for the dominant type: field, member, element, entry. */
  elementName: string | null;
}

export interface MemoryResult {
  /** When the "after" figures were read: once setup loaded the data, or after the whole sweep. */
  measured: 'after setup' | 'after the sweep';
  usedMemoryBefore: number;
  usedMemoryAfter: number;
  keysBefore: number;
  keysAfter: number;
  /** (used_memory after - before) / (keys after - before); null when no keys were added. */
  bytesPerKeyFromInfo: number | null;
  samples: MemorySample[];
  /** The figure projections use: the sampled MEMORY USAGE mean, or the INFO delta without samples. */
  bytesPerKey: number | null;
  /** The server's maxmemory in bytes; null when unlimited (0). */
  maxmemory: number | null;
}

export interface ProjectionResult {
  planOpsPerSec: number | null;
  planKeys: number | null;
  headroom: number;
  /** Per-shard throughput used, and where it came from. */
  shardOpsPerSec: number | null;
  shardOpsSource: string | null;
  shardMemoryBytes: number | null;
  shardMemorySource: string | null;
  bytesPerKey: number | null;
  shardsForThroughput: number | null;
  shardsForMemory: number | null;
  /** max(shardsForThroughput, shardsForMemory), or null when neither could be computed. */
  shards: number | null;
  /** The calculation and its assumptions, one line each, as printed. */
  notes: string[];
}

export interface CapacityResult {
  over: string;
  /** Every value the sweep planned, in order; `steps` holds those that ran. */
  plannedValues: number[];
  steps: CapacityStep[];
  /** Why the sweep stopped before its last value; null when every step ran. */
  stoppedEarly: string | null;
  slo: CapacitySlo | null;
  /** The step with the highest throughput that meets the SLO; null without an SLO or when none does. */
  maxWithinSlo: CapacityPoint | null;
  /** The last step before latency rises sharply; null when it never does. */
  knee: (CapacityPoint & { method: string }) | null;
  /** The one-sentence answer. */
  summary: string;
  memory: MemoryResult | null;
  projection: ProjectionResult | null;
}
