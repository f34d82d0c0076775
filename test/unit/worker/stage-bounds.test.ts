/**
 * A stage ends on time whatever the server does: no replies at all (a frozen or dead server), in
 * the closed loop and the open model. What was in flight is abandoned with its wait recorded,
 * what was due and never sent is counted as unsent, and nothing reaches the stage afterwards.
 */
import { describe, expect, it } from 'vitest';
import { CommandEncoder } from '../../../src/resp/encoder.js';
import { monotonicClock } from '../../../src/shared/clock.js';
import type { LoadConnection, ReplyHandler, StageRecorder } from '../../../src/worker/ports.js';
import { runStage } from '../../../src/worker/stage-runner.js';
import { FakeConnection, source, stageSpec, type Flush } from './fakes.js';

/** A connection to a server that never answers: commands pile up until abandoned. */
class SilentConnection implements LoadConnection {
  readonly encoder = new CommandEncoder(4096);
  canSend = true;
  sockets = 1;
  private pending: number[] = [];
  private onReply: ReplyHandler = () => undefined;
  lateReply: (() => void) | null = null;

  get inFlight(): number {
    return this.pending.length / 2;
  }
  enqueue(tag: number, intendedUs: number): void {
    this.pending.push(tag, intendedUs);
  }
  flush(): void {
    this.encoder.take();
  }
  setReplyHandler(handler: ReplyHandler): void {
    this.onReply = handler;
  }
  setValueHandler(): void {}
  setWakeHandler(): void {}
  abandonInFlight(): void {
    const lost = this.pending;
    this.pending = [];
    const now = monotonicClock.nowUs();
    for (let i = 0; i < lost.length; i += 2) this.onReply(lost[i]!, lost[i + 1]!, lost[i + 1]!, now, 'closed', false);
    // What a socket would do after the stage: a reply arriving late, to whatever handler is set.
    this.lateReply = () => this.onReply(0, now, now, monotonicClock.nowUs(), null, false);
  }
}

class CountingRecorder implements StageRecorder {
  replies = 0;
  errors = 0;
  abandoned: number[] = [];
  neverSent: number[] = [];
  unsent = 0;
  dropped = 0;
  record(): void {
    this.replies++;
  }
  recordError(): void {
    this.errors++;
  }
  recordAbandoned(_entry: number, responseUs: number): void {
    this.abandoned.push(responseUs);
  }
  recordNeverSent(waitUs: number): void {
    this.neverSent.push(waitUs);
  }
  recordUnsent(count: number): void {
    this.unsent += count;
  }
  recordSendLag(): void {}
  recordDropped(count: number): void {
    this.dropped += count;
  }
}

/** A 500 ms open-model stage at 1000/s on a connection that is down throughout. */
async function openModelOnDeadConnection(maxBacklog: number) {
  const conn = new SilentConnection();
  conn.canSend = false;
  const recorder = new CountingRecorder();
  const outcome = await runStage({
    spec: stageSpec({ rate: 1000, connections: 1, durationMs: 500 }),
    connections: [conn],
    source,
    recorder,
    clock: monotonicClock,
    workerIndex: 0,
    workers: 1,
    shouldStop: () => false,
    drainTimeoutMs: 100,
    maxBacklog,
  });
  return { outcome, recorder };
}

describe('stage bounds', () => {
  it('ends a closed-loop stage at its deadline plus the drain when nothing answers', async () => {
    const conns = [new SilentConnection(), new SilentConnection()];
    const recorder = new CountingRecorder();
    const started = Date.now();
    const outcome = await runStage({ spec: stageSpec({}), connections: conns, source, recorder, clock: monotonicClock, workerIndex: 0, workers: 1, shouldStop: () => false, drainTimeoutMs: 200 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3000);
    // Each connection held its pipeline; all of it was abandoned with the time it had waited.
    expect(outcome.sent).toBe(8);
    expect(outcome.abandoned).toBe(8);
    expect(recorder.abandoned).toHaveLength(8);
    expect(Math.min(...recorder.abandoned)).toBeGreaterThanOrEqual(400_000);
    expect(recorder.errors).toBe(0);
    // The whole stage was a gap without replies.
    expect(outcome.gaps.length).toBe(2);
    expect(outcome.gaps[1]! - outcome.gaps[0]!).toBeGreaterThanOrEqual(400_000);
    // A reply that comes after the stage ended is ignored (it used to reach a destroyed recorder).
    conns[0]!.lateReply!();
    expect(recorder.replies).toBe(0);
  });

  it('counts the open-model commands still due at the end as unsent, with their waits', async () => {
    const { outcome, recorder } = await openModelOnDeadConnection(100_000);
    expect(outcome.sent).toBe(0);
    expect(outcome.unsent).toBeGreaterThanOrEqual(495);
    expect(outcome.unsent).toBeLessThanOrEqual(501);
    expect(recorder.unsent).toBe(outcome.unsent);
    expect(recorder.neverSent).toHaveLength(outcome.unsent);
    // The oldest waited about the whole phase.
    expect(Math.max(...recorder.neverSent)).toBeGreaterThanOrEqual(490_000);
  });

  it('drops past the backlog and records each dropped wait', async () => {
    const { outcome, recorder } = await openModelOnDeadConnection(100);
    expect(outcome.dropped).toBeGreaterThan(300);
    expect(recorder.dropped).toBe(outcome.dropped);
    expect(outcome.dropped + outcome.unsent).toBeGreaterThanOrEqual(495);
    expect(recorder.neverSent).toHaveLength(outcome.dropped + outcome.unsent);
  });

  it('sends the backlog due before the end during the drain, and gives it up when interrupted', async () => {
    const run = async (aborted: boolean) => {
      const flushes: Flush[] = [];
      const conn = new FakeConnection(0, flushes, monotonicClock, () => undefined);
      // Down for the whole phase, back 100 ms after it: the backlog can leave only in the drain.
      conn.canSend = false;
      setTimeout(() => (conn.canSend = true), 400);
      const recorder = new CountingRecorder();
      const outcome = await runStage({
        spec: stageSpec({ rate: 1000, connections: 1, pipeline: 1000, durationMs: 300 }),
        connections: [conn],
        source,
        recorder,
        clock: monotonicClock,
        workerIndex: 0,
        workers: 1,
        shouldStop: () => false,
        isAborted: () => aborted,
        drainTimeoutMs: 1000,
        maxBacklog: 100_000,
      });
      return { outcome, recorder };
    };
    const drained = await run(false);
    expect(drained.outcome.unsent).toBe(0);
    expect(drained.outcome.sent).toBeGreaterThanOrEqual(295);
    expect(drained.outcome.sent).toBeLessThanOrEqual(301);
    expect(drained.recorder.replies).toBe(drained.outcome.sent);
    const interrupted = await run(true);
    expect(interrupted.outcome.sent).toBe(0);
    expect(interrupted.outcome.unsent).toBeGreaterThanOrEqual(295);
  });
});
