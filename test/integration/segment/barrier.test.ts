/** The segment barrier against a real redis-server: one start instant, missing segments named, misuse caught. */
import { afterEach, describe, expect, test } from 'vitest';
import { BarrierLink } from '../../../src/segment/barrier-link.js';
import { barrierKey, SegmentBarrier } from '../../../src/segment/barrier.js';
import { readTargetClock } from '../../../src/segment/target-clock.js';
import { RuntimeError, UsageError } from '../../../src/shared/errors.js';
import { connectTo, targetFor, useRedis } from '../../helpers/redis.js';

const redis = useRedis();
const links: BarrierLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});

function barrier(runId: string, index: number, count: number, timeoutMs = 10_000): SegmentBarrier {
  const link = new BarrierLink(targetFor(redis()), null);
  links.push(link);
  return new SegmentBarrier({ link, runId, index, count, timeoutMs, marginMs: 100 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SegmentBarrier', () => {
  test('segments arriving 300 ms apart get one start instant, after the last arrival', async () => {
    const arrivedAt: number[] = [];
    const starts = await Promise.all(
      [0, 1, 2].map(async (i) => {
        await sleep(i * 300);
        const b = barrier('same-start', i, 3);
        arrivedAt.push(Date.now());
        const start = await b.arrive('stage-1');
        await b.waitUntil(start);
        return { start, woke: b.targetNowMs() };
      }),
    );
    expect(new Set(starts.map((s) => s.start)).size).toBe(1);
    expect(starts[0]!.start).toBeGreaterThanOrEqual(Math.max(...arrivedAt));
    // Each woke at the instant (on the machine's clock, which is the server's here), not before.
    for (const s of starts) {
      expect(s.woke).toBeGreaterThanOrEqual(s.start);
      expect(s.woke - s.start).toBeLessThan(100);
    }
    // A second point is a new meeting: the barrier is reusable.
    const again = await Promise.all([0, 1, 2].map((i) => barrier('same-start', i, 3).arrive('reset-1')));
    expect(new Set(again).size).toBe(1);
  });

  test('a segment that never comes is named when the timeout ends', async () => {
    const errors = await Promise.all([0, 2].map((i) => barrier('one-missing', i, 3, 600).arrive('stage-0').catch((e: unknown) => e)));
    for (const err of errors) {
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as Error).message).toBe('segment 1 of 3 did not reach stage-0 within 0.6s (run id "one-missing")');
    }
  });

  test('a second process with the same index, or a reused run id, is refused', async () => {
    await Promise.all([0, 1].map((i) => barrier('used-before', i, 2).arrive('stage-0')));
    const err = await barrier('used-before', 1, 2).arrive('stage-0').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/segment 1 of run "used-before" already reached stage-0 from another process/);
  });

  test('segments started with different counts are refused', async () => {
    const results = await Promise.all([barrier('counts', 0, 2).arrive('stage-0'), barrier('counts', 1, 3).arrive('stage-0', () => false)].map((p) => p.catch((e: unknown) => e)));
    expect(results.some((r) => r instanceof UsageError && /was started with 3 segments, this one with 2|was started with 2 segments, this one with 3/.test(r.message))).toBe(true);
  });

  test('keys expire, and the clock offset to the server is near zero on one machine', async () => {
    await Promise.all([0, 1].map((i) => barrier('expiry', i, 2, 5000).arrive('stage-0')));
    const conn = await connectTo(redis());
    try {
      const ttl = Number(await conn.call(['PTTL', barrierKey('expiry', 'stage-0')]));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * 5000 + 60_000);
      const reading = await readTargetClock(conn);
      expect(reading.rttMs).not.toBeNull();
      expect(Math.abs(reading.offsetMs)).toBeLessThan(5);
    } finally {
      await conn.close();
    }
  });
});
