/** Shared set-up for workload tests: a small context with every kind of space configured. */
import { createWorkloadContext, type WorkloadContext, type WorkloadOptions } from '../../../src/workload/context.js';

/** A fixed unix time (2024-01-01T00:00:00Z) in microseconds, so `{now}` is predictable. */
export const FIXED_US = 1_704_067_200_000_000;

export function makeContext(overrides: Partial<WorkloadOptions> = {}): WorkloadContext {
  return createWorkloadContext({
    seed: 42,
    workerIndex: 0,
    workerCount: 1,
    keyspaces: [
      { name: null, prefix: 'key:', keys: 1000, distribution: { kind: 'uniform' } },
      { name: 'dest', prefix: 'dst:', keys: 50, distribution: { kind: 'uniform' } },
    ],
    fields: { cardinality: 20, distribution: { kind: 'uniform' } },
    members: { cardinality: 10_000, distribution: { kind: 'zipf', exponent: 0.99 } },
    value: { size: { kind: 'fixed', bytes: 16 } },
    clockUs: () => FIXED_US,
    ...overrides,
  });
}
