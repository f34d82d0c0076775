/**
 * Splitting a plan across worker threads. Totals (connections, rate, requests, setup counts) are
 * divided deterministically with remainders going to the first workers, so the shares always add
 * up to the plan and the same plan on the same worker count always splits the same way.
 */
import type { Plan, SegmentPlan } from './types.js';

export interface PhaseShare {
  name: string;
  connections: number;
  /** This worker's part of the target rate, or null in the closed loop. */
  rate: number | null;
  requests: number | null;
}

export interface SetupShare {
  label: string;
  /** Index of this worker's first send; with `{key}` walking keys in order, the first key it writes. */
  start: number;
  count: number;
}

export interface WorkerShare {
  workerIndex: number;
  workerCount: number;
  /** This worker's seed: different per worker, the same for the same plan seed and index. */
  seed: number;
  /** Open model: this worker's place on the global grid (see segment.ts); workerIndex/workerCount unsegmented. */
  scheduleIndex: number;
  scheduleCount: number;
  phases: PhaseShare[];
  setup: SetupShare[];
  subscriberConnections: number;
  /** Connections per consumer group, in plan.roles.consumers order. */
  consumerConnections: number[];
}

/** `total` split over `parts`: equal shares, the remainder one each to the first parts. */
export function splitEvenly(total: number, parts: number, index: number): number {
  const base = Math.floor(total / parts);
  return base + (index < total % parts ? 1 : 0);
}

/** `total` split in proportion to `weights`; the remainder one each to the first parts with weight. */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % weights.length) {
    if (weights[i]! > 0) {
      shares[i]!++;
      left--;
    }
  }
  return shares;
}

/** A per-worker seed derived from the plan seed (splitmix32), so workers do not draw the same sequence. */
export function workerSeed(seed: number, workerIndex: number): number {
  let z = (seed + Math.imul(workerIndex + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Where worker `workerIndex` of `workerCount` sits on the global open-model grid: its slot index
 * and the number of slots per period (the `workerIndex`/`workers` the stage runner spreads by).
 */
export function scheduleSlot(segment: SegmentPlan | undefined, workerIndex: number, workerCount: number): { index: number; count: number } {
  if (segment === undefined) return { index: workerIndex, count: workerCount };
  return { index: segment.index + segment.count * workerIndex, count: segment.count * workerCount };
}

/** Each worker's share of `plan`; workerCount is usually plan.workers. */
export function splitPlan(plan: Plan, workerCount: number = plan.workers): WorkerShare[] {
  if (!Number.isInteger(workerCount) || workerCount < 1) throw new RangeError(`workerCount must be a whole number >= 1, got ${workerCount}`);
  // Rate and requests follow the connections, so a worker without connections has nothing to miss.
  const phaseShares = plan.phases.map((phase) => {
    const connections = Array.from({ length: workerCount }, (_, i) => splitEvenly(phase.connections, workerCount, i));
    const requests = phase.requests === null ? null : splitByWeights(phase.requests, connections);
    return connections.map((c, i): PhaseShare => ({
      name: phase.name,
      connections: c,
      rate: phase.rate === null ? null : (phase.rate * c) / phase.connections,
      requests: requests === null ? null : requests[i]!,
    }));
  });
  return Array.from({ length: workerCount }, (_, i): WorkerShare => {
    const phases = phaseShares.map((shares) => shares[i]!);
    const slot = scheduleSlot(plan.segment, i, workerCount);
    const setup = plan.setup.map((step, k) => {
      let start = plan.segment?.setupStarts[k] ?? 0;
      for (let j = 0; j < i; j++) start += splitEvenly(step.count, workerCount, j);
      return { label: step.label, start, count: splitEvenly(step.count, workerCount, i) };
    });
    return {
      workerIndex: i,
      workerCount,
      // A segment's workers draw their own sequences: seeded by their global slot.
      seed: workerSeed(plan.seed, slot.index),
      scheduleIndex: slot.index,
      scheduleCount: slot.count,
      phases,
      setup,
      subscriberConnections: plan.roles.subscribers ? splitEvenly(plan.roles.subscribers.connections, workerCount, i) : 0,
      consumerConnections: plan.roles.consumers.map((g) => splitEvenly(g.connections, workerCount, i)),
    };
  });
}
