/**
 * The closed loop's pipeline depth is per server socket: a plain connection keeps `pipeline`
 * commands in flight, a cluster connection (one socket per master) keeps `pipeline` per master;
 * it is topped up once half that window is free, in one write.
 */
import { describe, expect, it } from 'vitest';
import { runStage } from '../../../src/worker/stage-runner.js';
import { FakeConnection, LagRecorder, source, TickingClock, type Flush } from './fakes.js';

async function writes(sockets: number, pipeline: number, answerPerTurn = Infinity): Promise<Flush[]> {
  const clock = new TickingClock(1);
  const flushes: Flush[] = [];
  const connections = [0, 1].map((i) => {
    const c = new FakeConnection(i, flushes, clock, () => undefined);
    c.sockets = sockets;
    c.answerPerTurn = answerPerTurn;
    return c;
  });
  await runStage({
    spec: { name: 'closed', kind: 'measure', pipeline, connections: 2, rate: null, durationMs: null, requests: 200, mix: 0, phase: 0, round: 0, resetBefore: false },
    connections,
    source,
    recorder: new LagRecorder(),
    clock,
    workerIndex: 0,
    workers: 1,
    shouldStop: () => false,
    drainTimeoutMs: 100,
  });
  return flushes;
}

async function firstWrites(sockets: number, pipeline: number): Promise<Flush[]> {
  return (await writes(sockets, pipeline)).slice(0, 2);
}

/** The sizes of the writes after the first fill, while the stage still had requests to send. */
async function refillSizes(pipeline: number, answerPerTurn: number): Promise<number[]> {
  const all = await writes(1, pipeline, answerPerTurn);
  return all.slice(2, -2).map((f) => f.commands);
}

describe('closed-loop pipeline depth', () => {
  it('fills a one-socket connection to the pipeline depth', async () => {
    expect(await firstWrites(1, 8)).toEqual([{ conn: 0, commands: 8 }, { conn: 1, commands: 8 }]);
  });

  it('fills a connection with three sockets (a 3-master cluster) to three times the depth', async () => {
    expect(await firstWrites(3, 8)).toEqual([{ conn: 0, commands: 24 }, { conn: 1, commands: 24 }]);
  });

  it('refills once half the window is answered when replies trickle in one by one', async () => {
    const sizes = await refillSizes(16, 1);
    expect(sizes.length).toBeGreaterThan(5);
    expect(new Set(sizes)).toEqual(new Set([8]));
  });

  it('refills the whole window in one write when the batch comes back at once', async () => {
    expect(new Set(await refillSizes(16, Infinity))).toEqual(new Set([16]));
  });

  it('refills after every reply at depth 1 and 2', async () => {
    expect(new Set(await refillSizes(2, 1))).toEqual(new Set([1]));
    expect(new Set(await refillSizes(1, 1))).toEqual(new Set([1]));
  });
});
