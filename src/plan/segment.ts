/**
 * Segments: one scenario run by N rbench processes (a Kubernetes Indexed Job, say). The scenario's
 * figures stay totals; segment I of N gets its share of connections, target rate, requests, setup
 * sends and role connections, split the way split-plan.ts splits a plan over workers (equal
 * shares, remainders to the first segments), so the N shares always add up to the scenario.
 *
 * The open-model schedule stays one global grid of slots (slot k due at t0 + k / rate): segment I
 * owns slots I, I + N, I + 2N, ... and its worker w owns every W-th of those, so worker w of
 * segment I sits at global slot I + N·w with period N·W / rate. Segments may run different worker
 * counts (W comes from each machine's cores) and still interleave without bursts.
 */
import { splitByWeights, splitEvenly } from './split-plan.js';
import type { Plan } from './types.js';

/** Segment `index` of `count`, in the form the flags take. */
export interface SegmentChoice {
  index: number;
  count: number;
}

/**
 * The plan segment `index` of `count` runs: every total replaced by its share, with the setup
 * offsets and the schedule position in `plan.segment`. A count of 1 returns the plan unchanged.
 */
export function segmentPlan(plan: Plan, choice: SegmentChoice): Plan {
  const { index, count } = choice;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`segment ${index}/${count}: need 0 <= index < count`);
  }
  if (count === 1) return plan;
  const phases = plan.phases.map((phase) => {
    const connections = Array.from({ length: count }, (_, i) => splitEvenly(phase.connections, count, i));
    const mine = connections[index]!;
    return {
      ...phase,
      connections: mine,
      // Rate and requests follow the connections, as they do over workers.
      rate: phase.rate === null ? null : (phase.rate * mine) / phase.connections,
      requests: phase.requests === null ? null : splitByWeights(phase.requests, connections)[index]!,
    };
  });
  const setupStarts = plan.setup.map((step) => {
    let start = 0;
    for (let j = 0; j < index; j++) start += splitEvenly(step.count, count, j);
    return start;
  });
  const setup = plan.setup.map((step) => ({ ...step, count: splitEvenly(step.count, count, index) }));
  const subscribers = plan.roles.subscribers;
  return {
    ...plan,
    phases,
    setup,
    roles: {
      subscribers: subscribers === null ? null : { ...subscribers, connections: splitEvenly(subscribers.connections, count, index) },
      consumers: plan.roles.consumers.map((g) => ({ ...g, connections: splitEvenly(g.connections, count, index) })),
    },
    segment: { index, count, setupStarts },
  };
}

/** The plan's totals again from the N segment plans (what the scenario asked for), for a merged report. */
export function totalPlan(segments: readonly Plan[]): Plan {
  const first = segments[0]!;
  const sum = (values: (number | null)[]): number | null => (values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0));
  const phases = first.phases.map((phase, p) => ({
    ...phase,
    connections: sum(segments.map((s) => s.phases[p]?.connections ?? 0))!,
    // Shares of a rate are fractions: their sum is the total up to rounding, which goes.
    rate: roundRate(sum(segments.map((s) => s.phases[p]?.rate ?? null))),
    requests: sum(segments.map((s) => s.phases[p]?.requests ?? null)),
  }));
  const setup = first.setup.map((step, i) => ({ ...step, count: sum(segments.map((s) => s.setup[i]?.count ?? 0))! }));
  const subscribers = first.roles.subscribers;
  const { segment: _segment, ...rest } = first;
  return {
    ...rest,
    phases,
    setup,
    roles: {
      subscribers: subscribers === null ? null : { ...subscribers, connections: sum(segments.map((s) => s.roles.subscribers?.connections ?? 0))! },
      consumers: first.roles.consumers.map((g, i) => ({ ...g, connections: sum(segments.map((s) => s.roles.consumers[i]?.connections ?? 0))! })),
    },
  };
}

function roundRate(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1e6) / 1e6;
}
