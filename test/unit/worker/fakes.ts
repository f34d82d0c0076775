/** Fakes for driving the load loop (runStage) without a server: a clock, connections, a source, a recorder. */
import { CommandEncoder } from '../../../src/resp/encoder.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { CommandSource, LoadConnection, ReplyHandler, StageRecorder } from '../../../src/worker/ports.js';

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

/** Counts what each flush carries and answers every command on the next turn. */
export class FakeConnection implements LoadConnection {
  readonly encoder = new CommandEncoder(4096);
  inFlight = 0;
  canSend = true;
  /** Server sockets behind this connection (a cluster connection has one per master). */
  sockets = 1;
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
    setImmediate(() => {
      const nowUs = this.clock.nowUs();
      for (let i = 0; i < batch.length; i += 2) {
        this.inFlight--;
        this.onReply(batch[i]!, batch[i + 1]!, sentUs, nowUs, null, false);
      }
    });
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

