/**
 * How the open model waits when no connection can take the next command (all full or down): at a
 * rate where the loop spins anyway it keeps spinning and sets no timer (a timer set and cleared
 * per wait is code V8 optimises seconds into a phase, on the load's CPU); at a low rate it sleeps
 * on a timer instead of spinning.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandEncoder } from '../../../src/resp/encoder.js';
import { monotonicClock } from '../../../src/shared/clock.js';
import type { LoadConnection, ReplyHandler } from '../../../src/worker/ports.js';
import { runStage } from '../../../src/worker/stage-runner.js';
import type { StageSpec } from '../../../src/worker/stage-spec.js';
import { FakeConnection, LagRecorder, source, stageSpec, type Flush } from './fakes.js';

/** A connection that is down for the whole stage. */
class DownConnection implements LoadConnection {
  readonly encoder = new CommandEncoder(4096);
  readonly canSend = false;
  readonly inFlight = 0;
  readonly sockets = 1;
  enqueue(): void {}
  flush(): void {}
  setReplyHandler(_handler: ReplyHandler): void {}
  setValueHandler(): void {}
  setWakeHandler(): void {}
  abandonInFlight(): void {}
}

function stage(conn: LoadConnection, over: Partial<StageSpec>) {
  return runStage({ spec: stageSpec({ pipeline: 1, connections: 1, durationMs: null, ...over }), connections: [conn], source, recorder: new LagRecorder(), clock: monotonicClock, workerIndex: 0, workers: 1, shouldStop: () => false, drainTimeoutMs: 100 });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('open model waits', () => {
  it('at a high rate, waits for a full connection without a timer', async () => {
    // 100k/s over one connection at depth 1: nearly every command finds it full and waits for a reply.
    const flushes: Flush[] = [];
    const conn = new FakeConnection(0, flushes, monotonicClock, () => undefined);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const outcome = await stage(conn, { rate: 100_000, requests: 3000 });
    expect(outcome.sent).toBe(3000);
    expect(outcome.completed).toBe(3000);
    // One timer per wait would be thousands (each blocked turn set one and the next reply cleared it).
    expect(timers.mock.calls.length).toBeLessThan(20);
  });

  it('at a low rate, sleeps on a timer while every connection is down instead of spinning', async () => {
    // 100/s: a command every 10 ms, far apart, so 300 ms of outage needs only a few hundred timer turns.
    const immediates = vi.spyOn(globalThis, 'setImmediate');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const outcome = await stage(new DownConnection(), { rate: 100, durationMs: 300 });
    expect(outcome.sent).toBe(0);
    expect(outcome.unsent).toBeGreaterThanOrEqual(25);
    // Spinning would be tens of thousands of turns in 300 ms.
    expect(immediates.mock.calls.length).toBeLessThan(100);
    expect(timers.mock.calls.length).toBeGreaterThan(20);
  });
});
