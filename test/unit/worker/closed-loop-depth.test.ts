/**
 * The closed loop's pipeline depth is per server socket: a plain connection keeps `pipeline`
 * commands in flight, a cluster connection (one socket per master) keeps `pipeline` per master.
 */
import { describe, expect, it } from 'vitest';
import { runStage } from '../../../src/worker/stage-runner.js';
import { FakeConnection, LagRecorder, source, TickingClock, type Flush } from './fakes.js';

async function firstWrites(sockets: number, pipeline: number): Promise<Flush[]> {
  const clock = new TickingClock(1);
  const flushes: Flush[] = [];
  const connections = [0, 1].map((i) => {
    const c = new FakeConnection(i, flushes, clock, () => undefined);
    c.sockets = sockets;
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
  return flushes.slice(0, 2);
}

describe('closed-loop pipeline depth', () => {
  it('fills a one-socket connection to the pipeline depth', async () => {
    expect(await firstWrites(1, 8)).toEqual([{ conn: 0, commands: 8 }, { conn: 1, commands: 8 }]);
  });

  it('fills a connection with three sockets (a 3-master cluster) to three times the depth', async () => {
    expect(await firstWrites(3, 8)).toEqual([{ conn: 0, commands: 24 }, { conn: 1, commands: 24 }]);
  });
});
