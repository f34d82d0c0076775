/** Segments: shares that add up to the scenario, each key filled once, one global open-model grid. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildPlan, segmentPlan, splitPlan, totalPlan, type Plan } from '../../../src/plan/index.js';
import { validateScenarioText } from '../../../src/scenario/index.js';

function plan(connections: number, rate: number | null, requests: number | null, setupCount: number, workers: number): Plan {
  const text = [
    'name: seg',
    'keyspace: { keys: 1000 }',
    requests === null ? 'duration: 5s' : `requests: ${requests}`,
    rate === null ? '' : `rate: ${rate}/s`,
    `connections: ${connections}`,
    'setup:',
    `  - command: "SET {key} x"`,
    `    count: ${setupCount}`,
    'mix:',
    '  - command: "GET {key}"',
  ].join('\n');
  const result = validateScenarioText(text, 'seg.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildPlan(result.scenario, { workers, cpuCount: 8 });
}

describe('segmentPlan', () => {
  test('segment I of N gets its share; the shares add up to the totals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 7, max: 200 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        (count, connections, requests, setupCount) => {
          const base = plan(connections, 9000, requests, Math.max(1, setupCount), 2);
          const segments = Array.from({ length: count }, (_, index) => segmentPlan(base, { index, count }));
          const sum = (pick: (p: Plan) => number) => segments.reduce((a, p) => a + pick(p), 0);
          expect(sum((p) => p.phases[0]!.connections)).toBe(connections);
          expect(sum((p) => p.phases[0]!.requests!)).toBe(requests);
          expect(sum((p) => p.phases[0]!.rate!)).toBeCloseTo(9000, 6);
          expect(sum((p) => p.setup[0]!.count)).toBe(Math.max(1, setupCount));
          // The merged report's plan is the scenario's again.
          const { segment: _s, ...expected } = base;
          expect(totalPlan(segments)).toEqual(expected);
        },
      ),
    );
  });

  test('every setup send happens once over all segments and their workers (each key filled once)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2000 }), (count, workers, setupCount) => {
        const base = plan(24, null, null, setupCount, workers);
        const sends: number[] = [];
        for (let index = 0; index < count; index++) {
          for (const share of splitPlan(segmentPlan(base, { index, count }))) {
            const step = share.setup[0]!;
            for (let i = 0; i < step.count; i++) sends.push(step.start + i);
          }
        }
        expect(sends.sort((a, b) => a - b)).toEqual(Array.from({ length: setupCount }, (_, i) => i));
      }),
    );
  });

  test('N segments x W workers own distinct slots of one grid, evenly spaced at 1/rate', () => {
    const count = 3;
    const workers = 4;
    const base = plan(24, 12_000, null, 1, workers);
    const firstDueUs: number[] = [];
    for (let index = 0; index < count; index++) {
      const seg = segmentPlan(base, { index, count });
      for (const share of splitPlan(seg)) {
        // The stage runner: first command at slot/workers/workerRate, then every 1/workerRate.
        const workerRate = share.phases[0]!.rate!;
        expect(share.scheduleCount).toBe(count * workers);
        expect(workerRate * share.scheduleCount).toBeCloseTo(12_000, 6);
        firstDueUs.push((share.scheduleIndex * 1e6) / workerRate / share.scheduleCount);
      }
    }
    const sorted = firstDueUs.sort((a, b) => a - b);
    // 12 workers, one command each in the first period of 12 slots: 0, 83.3, 166.7, ... us.
    sorted.forEach((us, k) => expect(us).toBeCloseTo((k * 1e6) / 12_000, 6));
  });

  test('segments running different worker counts still fill the grid without collisions', () => {
    const base = plan(12, 6000, null, 1, 1);
    const due = new Set<number>();
    // Segment 0 on a 4-core machine (3 workers), segment 1 on a 2-core one (1 worker).
    for (const [index, workers] of [
      [0, 3],
      [1, 1],
    ] as const) {
      for (const share of splitPlan(segmentPlan({ ...base, workers }, { index, count: 2 }))) {
        const periodUs = 1e6 / share.phases[0]!.rate!;
        const first = (share.scheduleIndex * 1e6) / share.phases[0]!.rate! / share.scheduleCount;
        for (let k = 0; k < 20; k++) due.add(Math.round(first + k * periodUs));
      }
    }
    const slots = [...due].map((us) => Math.round((us * 6000) / 1e6));
    expect(new Set(slots).size).toBe(slots.length);
  });

  test('one segment is the plan itself; out-of-range choices are refused', () => {
    const base = plan(10, null, null, 10, 2);
    expect(segmentPlan(base, { index: 0, count: 1 })).toBe(base);
    expect(() => segmentPlan(base, { index: 3, count: 3 })).toThrow(RangeError);
    // Unsegmented workers keep their seeds and schedule positions.
    expect(splitPlan(base).map((s) => [s.scheduleIndex, s.scheduleCount])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
