/**
 * How the open model puts due commands on the wire: commands due together share one connection
 * and one write, a command waits at most COALESCE_US for the ones due right after it, and at low
 * rates nothing waits. Driven with fake connections that answer on the next turn and a clock
 * that moves a little every time it is read (each event-loop turn costs time, as on a machine).
 */
import { describe, expect, it } from 'vitest';
import { COALESCE_US, runStage } from '../../../src/worker/stage-runner.js';
import { FakeConnection, LagRecorder, source, TickingClock, type Flush } from './fakes.js';

async function run(options: { rate: number; requests: number; connections: number; pipeline: number; clock: TickingClock; onFlush?: (flushes: Flush[]) => void }) {
  const flushes: Flush[] = [];
  const afterFlush = options.onFlush ?? (() => undefined);
  const connections = Array.from({ length: options.connections }, (_, i) => new FakeConnection(i, flushes, options.clock, afterFlush));
  const recorder = new LagRecorder();
  const outcome = await runStage({
    spec: { name: 'open', kind: 'measure', pipeline: options.pipeline, connections: options.connections, rate: options.rate, durationMs: null, requests: options.requests, mix: 0, phase: 0, round: 0, resetBefore: false },
    connections,
    source,
    recorder,
    clock: options.clock,
    workerIndex: 0,
    workers: 1,
    shouldStop: () => false,
    drainTimeoutMs: 100,
  });
  return { flushes, recorder, outcome };
}

describe('open model sends', () => {
  it('at a high rate, commands due within the coalescing window leave in one write on one connection', async () => {
    // 200k/s: a command every 5 us, so about ten fall in one window.
    const { flushes, recorder, outcome } = await run({ rate: 200_000, requests: 2000, connections: 4, pipeline: 64, clock: new TickingClock(2) });
    expect(outcome.sent).toBe(2000);
    expect(recorder.replies).toBe(2000);
    const perFlush = 2000 / flushes.length;
    expect(perFlush).toBeGreaterThan(4); // one write each would be 1
    // Rotating per write spreads the load: every connection carries about a quarter.
    for (let c = 0; c < 4; c++) {
      const carried = flushes.filter((f) => f.conn === c).reduce((sum, f) => sum + f.commands, 0);
      expect(carried).toBeGreaterThan(400);
      expect(carried).toBeLessThan(600);
    }
    // Waiting for company is bounded: nothing waits much past the window.
    expect(Math.max(...recorder.lags)).toBeLessThan(COALESCE_US + 20);
  });

  it('at a low rate, each command leaves on time on its own', async () => {
    // 10k/s: a command every 100 us, longer than the window, so no command waits for another.
    const { flushes, recorder } = await run({ rate: 10_000, requests: 300, connections: 4, pipeline: 16, clock: new TickingClock(1) });
    expect(flushes.every((f) => f.commands === 1)).toBe(true);
    expect(Math.max(...recorder.lags)).toBeLessThan(10);
    expect(new Set(flushes.map((f) => f.conn)).size).toBe(4);
  });

  it('after a stall, the backlog fills one connection after another, a pipeline per write', async () => {
    const clock = new TickingClock(1);
    let stalled = false;
    // 100k/s: a stall of 400 us leaves about 40 commands due at once.
    const { flushes, recorder } = await run({
      rate: 100_000,
      requests: 400,
      connections: 4,
      pipeline: 16,
      clock,
      onFlush: (all) => {
        if (!stalled && all.length === 5) {
          stalled = true;
          clock.stall(400);
        }
      },
    });
    expect(stalled).toBe(true);
    const full = flushes.filter((f) => f.commands === 16);
    expect(full.length).toBeGreaterThanOrEqual(2);
    // The full writes after the stall went to different connections, one after another.
    expect(full[0]!.conn).not.toBe(full[1]!.conn);
    // The stalled commands kept their intended times: their lag shows the stall.
    expect(Math.max(...recorder.lags)).toBeGreaterThan(300);
    expect(flushes.reduce((sum, f) => sum + f.commands, 0)).toBe(400);
  });
});
