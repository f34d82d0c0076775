/** Fakes for driving the load loop (runStage) without a server: a clock, connections, a source, a recorder. */
import { CommandEncoder } from '../../../src/resp/encoder.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { CommandSource, LoadConnection, ReplyHandler, StageRecorder } from '../../../src/worker/ports.js';
import type { StageSpec } from '../../../src/worker/stage-spec.js';

/** Moves `stepUs` per read; `stall(us)` makes the next read jump ahead (a paused thread). */
export class TickingClock implements Clock {
  private us = 1_000_000;
  private pendingJump = 0;
  constructor(private readonly stepUs: number) {}
  nowUs(): number {
    this.us += this.stepUs + this.pendingJump;
    this.pendingJump = 0;
    return this.us;
  }
  stall(us: number): void {
    this.pendingJump += us;
  }
}

export interface Flush {
  conn: number;
  commands: number;
}

/** Counts what each flush carries and answers its commands on the next turns, `answerPerTurn` a turn. */
export class FakeConnection implements LoadConnection {
  readonly encoder = new CommandEncoder(4096);
  inFlight = 0;
  canSend = true;
  /** Server sockets behind this connection (a cluster connection has one per master). */
  sockets = 1;
  /** Replies delivered per event-loop turn: a server that answers a batch in pieces. */
  answerPerTurn = Infinity;
  private unsent: number[] = [];
  private onReply: ReplyHandler = () => undefined;

  constructor(
    private readonly index: number,
    private readonly flushes: Flush[],
    private readonly clock: Clock,
    private readonly afterFlush: (flushes: Flush[]) => void,
  ) {}

  enqueue(tag: number, intendedUs: number): void {
    this.inFlight++;
    this.unsent.push(tag, intendedUs);
  }

  flush(): void {
    const batch = this.unsent;
    this.unsent = [];
    this.encoder.take();
    this.flushes.push({ conn: this.index, commands: batch.length / 2 });
    this.afterFlush(this.flushes);
    const sentUs = this.clock.nowUs();
    const answerFrom = (from: number): void => {
      const nowUs = this.clock.nowUs();
      const to = Math.min(batch.length, from + 2 * this.answerPerTurn);
      for (let i = from; i < to; i += 2) {
        this.inFlight--;
        this.onReply(batch[i]!, batch[i + 1]!, sentUs, nowUs, null, false);
      }
      if (to < batch.length) setImmediate(() => answerFrom(to));
    };
    setImmediate(() => answerFrom(0));
  }

  setReplyHandler(handler: ReplyHandler): void {
    this.onReply = handler;
  }
  setValueHandler(): void {}
  setWakeHandler(): void {}
  abandonInFlight(): void {}
}

export const source: CommandSource = {
  pick: () => 0,
  emit: (_entry, enc) => {
    enc.command(1).arg('PING');
    return 1;
  },
};

export class LagRecorder implements StageRecorder {
  readonly lags: number[] = [];
  replies = 0;
  record(): void {
    this.replies++;
  }
  recordError(): void {}
  recordAbandoned(): void {}
  recordNeverSent(): void {}
  recordUnsent(): void {}
  recordSendLag(lagUs: number): void {
    this.lags.push(lagUs);
  }
  recordDropped(): void {}
}

/** A measured stage's spec (closed loop, 300 ms, 2 connections at depth 4) with `over` changed. */
export const stageSpec = (over: Partial<StageSpec>): StageSpec => ({
  name: 'p',
  kind: 'measure',
  pipeline: 4,
  connections: 2,
  rate: null,
  durationMs: 300,
  requests: null,
  mix: 0,
  phase: 0,
  round: 0,
  resetBefore: false,
  ...over,
});
