/** Every default the plan fills in, in one place so the docs and the code agree. */
export const PLAN_DEFAULTS = {
  durationMs: 10_000,
  connections: 50,
  pipeline: [1],
  warmupMs: 0,
  /** Fixed, so two runs of the same scenario send the same commands unless a seed is given. */
  seed: 1,
  keys: 10_000,
  fields: 100,
  members: 1000,
  valueBytes: 64,
  weight: 1,
  roleConnections: 1,
  zipfExponent: 0.99,
  gaussianMean: 0.5,
  gaussianStddev: 0.1,
  hotspotKeys: 0.2,
  hotspotTraffic: 0.8,
  rounds: 1,
  /** An `errors` verdict (and exit 1) above 1% failed or never-completed commands. */
  maxErrorRate: 0.01,
} as const;

/** Commands whose nil reply means "not found", so a hit ratio is reported unless `hitRatio: false`. */
export const LOOKUP_COMMANDS = new Set(['GET', 'HGET', 'LINDEX', 'ZSCORE', 'GETEX', 'GETDEL']);

/** Commands that feed a blocking-pop consumer. */
export const PRODUCER_COMMANDS = new Set(['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX', 'ZADD', 'LMOVE', 'RPOPLPUSH']);

/** `workers: auto`: leave one core to the main thread, but run at least one worker. */
export function autoWorkers(cpuCount: number): number {
  return Math.max(1, cpuCount - 1);
}
