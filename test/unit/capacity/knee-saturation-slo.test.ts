import { describe, expect, test } from 'vitest';
import { findKnee } from '../../../src/capacity/knee.js';
import { saturationReason } from '../../../src/capacity/saturation.js';
import { describeSlo, sloMisses } from '../../../src/capacity/slo-check.js';

const rule = { achievedBelow: 0.9, flatSteps: 2, minGain: 0.05 };

describe('findKnee (Kneedle)', () => {
  test('finds the last step before latency shoots up', () => {
    // Throughput follows the target until ~130k, then stalls while p99 explodes.
    const curve = [
      { x: 20_000, y: 300 },
      { x: 40_000, y: 320 },
      { x: 80_000, y: 400 },
      { x: 118_000, y: 900 },
      { x: 131_000, y: 1_800 },
      { x: 133_000, y: 40_000 },
      { x: 132_000, y: 250_000 },
    ];
    expect(findKnee(curve)).toBe(4);
  });

  test('a curve that never rises sharply has no knee', () => {
    expect(findKnee([{ x: 1, y: 100 }, { x: 2, y: 110 }, { x: 3, y: 120 }, { x: 4, y: 150 }])).toBeNull();
  });

  test('needs three points and some spread', () => {
    expect(findKnee([{ x: 1, y: 100 }, { x: 2, y: 10_000 }])).toBeNull();
    expect(findKnee([{ x: 5, y: 100 }, { x: 5, y: 200 }, { x: 5, y: 900 }])).toBeNull();
  });

  test('the knee is never the last point', () => {
    expect(findKnee([{ x: 1, y: 100 }, { x: 2, y: 100 }, { x: 3, y: 100 }, { x: 4, y: 100_000 }])).toBe(2);
  });
});

describe('saturationReason', () => {
  test('open model: achieved below 90% of the target', () => {
    expect(saturationReason([{ targetRate: 10_000, opsPerSec: 9_950 }], rule)).toBeNull();
    expect(saturationReason([{ targetRate: 10_000, opsPerSec: 9_950 }, { targetRate: 20_000, opsPerSec: 14_000 }], rule)).toMatch(
      /14000 ops\/s, 70% of the 20000\/s target/,
    );
  });

  test('closed loop: throughput flat for two steps in a row', () => {
    const steps = [100, 200, 300, 305, 310].map((opsPerSec) => ({ targetRate: null, opsPerSec }));
    expect(saturationReason(steps.slice(0, 4), rule)).toBeNull();
    expect(saturationReason(steps, rule)).toMatch(/not grown by 5% over 310 ops\/s for 2 steps/);
    // A new high resets the count.
    expect(saturationReason([...steps, { targetRate: null, opsPerSec: 400 }], rule)).toBeNull();
  });
});

describe('SLO check', () => {
  const slo = { latencyUs: { p99: 2000 }, errorRate: 0 };
  const step = { latencyUs: { p50: 100, p90: 300, p99: 1500, p999: 5000, max: 9000 }, errorRate: 0, targetRate: 1000, opsPerSec: 1000 };

  test('a step within every objective meets it', () => {
    expect(sloMisses(step, slo, 0.9)).toEqual([]);
  });

  test('each objective missed is named with both figures', () => {
    const bad = { ...step, latencyUs: { ...step.latencyUs, p99: 5200 }, errorRate: 0.01, opsPerSec: 800 };
    expect(sloMisses(bad, slo, 0.9)).toEqual(['p99 5.2ms > 2ms', 'error rate 1% > 0%', 'achieved 800 of 1000/s']);
  });

  test('describes itself in words', () => {
    expect(describeSlo(slo)).toBe('p99 <= 2ms and no errors');
    expect(describeSlo({ latencyUs: { p50: 500, p999: 10_000 }, errorRate: 0.001 })).toBe('p50 <= 500us and p999 <= 10ms and error rate <= 0.1%');
  });
});
