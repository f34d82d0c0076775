/** rbench's own noise: a stalled loop, garbage collection and a busy loop are seen, and workers combine. */
import { describe, expect, it } from 'vitest';
import { ClientNoiseMonitor, combineClientNoise, combineRoundsClientNoise, type ClientNoise } from '../../../src/metrics/client-noise.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ClientNoiseMonitor', () => {
  it('sees a 40 ms stall of the loop, and a quiet loop beside it', async () => {
    const monitor = new ClientNoiseMonitor();
    await sleep(100);
    const start = Date.now();
    while (Date.now() - start < 40); // the stall
    await sleep(100);
    const noise = monitor.stop();
    expect(noise.eventLoopDelayUs.max).toBeGreaterThanOrEqual(35_000);
    expect(noise.eventLoopDelayUs.max).toBeLessThan(1_000_000);
    // Most 1 ms ticks were on time: the 1 ms period itself is not counted as delay.
    expect(noise.eventLoopDelayUs.p50).toBeLessThan(noise.eventLoopDelayUs.max / 4);
    expect(noise.utilization).toBeGreaterThan(0.05);
    expect(noise.utilization).toBeLessThanOrEqual(1);
  });

  it('counts garbage-collection pauses', async () => {
    const monitor = new ClientNoiseMonitor();
    let keep: unknown[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50_000; i++) keep.push({ i, s: `x${i}` });
      keep = [];
      await sleep(1);
    }
    const noise = monitor.stop();
    expect(noise.gc.count).toBeGreaterThan(0);
    expect(noise.gc.totalMs).toBeGreaterThan(0);
    expect(noise.gc.maxMs).toBeLessThanOrEqual(noise.gc.totalMs);
  });
});

describe('combineClientNoise', () => {
  const worker = (maxUs: number, utilization: number, gcMs: number): ClientNoise => ({
    eventLoopDelayUs: { p50: maxUs / 10, p99: maxUs / 2, max: maxUs },
    utilization,
    gc: { count: 2, totalMs: 2 * gcMs, maxMs: gcMs },
  });

  it('takes the worst worker for delay and utilization, and adds GC over workers', () => {
    const main = worker(100, 0.01, 0);
    const combined = combineClientNoise([worker(2000, 0.4, 1), worker(9000, 0.9, 3)], main);
    expect(combined.eventLoopDelayUs).toEqual({ p50: 900, p99: 4500, max: 9000 });
    expect(combined.utilization).toBe(0.9);
    expect(combined.gc).toEqual({ count: 4, totalMs: 8, maxMs: 3 });
    expect(combined.workers).toHaveLength(2);
    expect(combined.mainThread).toBe(main);
  });

  it('with rounds, merges each worker over its rounds before combining workers (workers[] stays one per worker)', () => {
    const combined = combineRoundsClientNoise(
      [
        [worker(1000, 0.5, 1), worker(3000, 0.6, 2)],
        [worker(5000, 0.4, 4), worker(2000, 0.7, 1)],
      ],
      [worker(100, 0.01, 0), worker(300, 0.02, 0)],
    )!;
    expect(combined.workers).toHaveLength(2);
    expect(combined.workers[0]).toEqual({ eventLoopDelayUs: { p50: 500, p99: 2500, max: 5000 }, utilization: 0.5, gc: { count: 4, totalMs: 10, maxMs: 4 } });
    expect(combined.utilization).toBe(0.7);
    expect(combined.gc).toEqual({ count: 8, totalMs: 16, maxMs: 4 });
    expect(combined.mainThread!.eventLoopDelayUs.max).toBe(300);
    expect(combineRoundsClientNoise([[undefined]], [])).toBeNull();
  });
});
