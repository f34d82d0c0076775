/**
 * Drives one stage on one worker's connections: the closed loop (each connection keeps
 * `pipeline` commands in flight) or the open model (commands due on a fixed schedule).
 *
 * Open model, after wrk2: command j of this worker is due at t0 + (workerIndex + j * workers) / rate,
 * so the workers interleave on one global grid and never burst together. A command that cannot
 * leave on time (every connection full, or down) waits and keeps its intended time; latency is
 * measured from that time, so a server stall shows up in every command that queued behind it
 * instead of being hidden (coordinated omission). The schedule never resets after a stall.
 *
 * Commands due together leave together: a tick puts everything due on one connection (while it
 * has pipeline room) and the next tick starts on the next connection, so every connection gets
 * its share over time but a burst costs one write, not one per command. At high rates a command
 * also waits up to COALESCE_US for the commands due right after it. That wait is the tool's own
 * and shows in the send lag and the response time (tens of µs at p50); in exchange one write
 * carries several commands, and the CPU it saves keeps the tail of the send lag out of the
 * millisecond range on a busy machine (p99 ~0.25 ms instead of 1-3 ms at 50k/s here).
 */
import { isNull } from '../resp/values.js';
import type { Clock } from '../shared/clock.js';
import { afterCurrentWork } from '../shared/job-queue.js';
import type { CommandSource, LoadConnection, StageRecorder } from './ports.js';
import type { StageSpec } from './stage-spec.js';

/** Open model: how long a due command may wait for the ones due right after it (one write for all). */
export const COALESCE_US = 50;

export interface StageRunnerOptions {
  spec: StageSpec;
  connections: LoadConnection[];
  source: CommandSource;
  recorder: StageRecorder;
  clock: Clock;
  workerIndex: number;
  workers: number;
  /** True once the main thread (or a signal) asks this stage to stop. */
  shouldStop: () => boolean;
  /** Open model: due-but-unsent commands above this are dropped (counted). */
  maxBacklog?: number;
  /** After the stage stops sending, how long to wait for replies still in flight. */
  drainTimeoutMs?: number;
  /** Mix entries whose integer reply matters (PUBLISH: how many subscribers got it). */
  integerEntries?: readonly boolean[];
  /** Called with such an entry's integer reply. */
  onInteger?: (entry: number, value: number) => void;
}

export interface StageOutcome {
  sent: number;
  completed: number;
  dropped: number;
  /** Replies that had not come back when the drain wait ended. */
  abandoned: number;
  startedUs: number;
  endedUs: number;
}

/** Runs one stage to its end (duration, request count, or stop) and resolves with its counts. */
export function runStage(options: StageRunnerOptions): Promise<StageOutcome> {
  return new StageRunner(options).run();
}

class StageRunner {
  private readonly spec: StageSpec;
  private readonly conns: LoadConnection[];
  private readonly source: CommandSource;
  private readonly recorder: StageRecorder;
  private readonly clock: Clock;
  private readonly open: boolean;
  private readonly maxBacklog: number;
  /** Open model: the gap between this worker's commands. */
  private readonly workerPeriodUs: number;
  private readonly drainTimeoutMs: number;

  private t0 = 0;
  private deadlineUs = Infinity;
  private requestsLeft = Infinity;
  private sent = 0;
  private completed = 0;
  private dropped = 0;
  private stopping = false;
  private finished = false;
  private nextDueUs = 0;
  private rr = 0; // round-robin cursor over connections
  private refillScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private resolve: (outcome: StageOutcome) => void = () => {};
  private readonly dirty: boolean[];
  private readonly integerEntries: readonly boolean[] | undefined;
  private readonly onRefill = () => this.refill();
  private readonly onTick = () => this.tick();

  constructor(private readonly options: StageRunnerOptions) {
    this.spec = options.spec;
    this.conns = options.connections.slice(0, Math.max(1, options.spec.connections));
    this.source = options.source;
    this.recorder = options.recorder;
    this.clock = options.clock;
    this.open = options.spec.rate !== null && options.spec.rate > 0;
    // spec.rate is this worker's share; it owns every W-th slot of the global grid.
    this.workerPeriodUs = this.open ? 1e6 / options.spec.rate! : 0;
    this.maxBacklog = options.maxBacklog ?? Math.max(1000, Math.ceil((options.spec.rate ?? 0) * 2));
    this.drainTimeoutMs = options.drainTimeoutMs ?? 5000;
    this.dirty = this.conns.map(() => false);
    this.integerEntries = options.integerEntries;
  }

  run(): Promise<StageOutcome> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.t0 = this.clock.nowUs();
      if (this.spec.durationMs !== null) this.deadlineUs = this.t0 + this.spec.durationMs * 1000;
      if (this.spec.requests !== null) this.requestsLeft = this.spec.requests;
      this.conns.forEach((conn, i) => {
        conn.setReplyHandler((tag, intendedUs, sentUs, nowUs, errorKind, isNull) =>
          this.onReply(i, tag, intendedUs, sentUs, nowUs, errorKind, isNull),
        );
        conn.setWakeHandler(() => this.wake(i));
        conn.setValueHandler((tag, intendedUs, sentUs, nowUs, errorKind, value) => {
          if (errorKind === null && typeof value === 'number' && tag >= 0) this.options.onInteger?.(tag, value);
          this.onReply(i, tag, intendedUs, sentUs, nowUs, errorKind, value === null || isNull(value));
        });
      });
      if (this.requestsLeft <= 0) return this.beginStop();
      if (this.open) {
        // Worker w's commands sit at w/rate, (w + W)/rate, ...: spread evenly over workers.
        this.nextDueUs = this.t0 + (this.options.workerIndex * 1e6) / this.spec.rate! / this.options.workers;
        this.tick();
      } else {
        for (let i = 0; i < this.conns.length; i++) this.fill(i, this.t0);
      }
    });
  }

  /** Closed loop: top a connection up to `pipeline` in flight and write once. */
  private fill(i: number, nowUs: number): void {
    const conn = this.conns[i]!;
    if (!conn.canSend) return;
    let wrote = false;
    const room = this.spec.pipeline * conn.sockets;
    while (conn.inFlight < room && this.requestsLeft > 0 && !this.stopping) {
      this.sendOne(conn, nowUs);
      wrote = true;
    }
    if (wrote) conn.flush();
  }

  private sendOne(conn: LoadConnection, intendedUs: number): void {
    const entry = this.source.pick();
    const written = this.source.emit(entry, conn.encoder);
    // A MULTI ... EXEC block is several commands; only the last reply (EXEC) is the transaction's.
    for (let k = 1; k < written; k++) conn.enqueue(-1, intendedUs);
    conn.enqueue(entry, intendedUs, this.integerEntries !== undefined && this.integerEntries[entry] === true);
    this.sent++;
    this.requestsLeft--;
  }

  private onReply(
    i: number,
    tag: number,
    intendedUs: number,
    sentUs: number,
    nowUs: number,
    errorKind: string | null,
    isNull: boolean,
  ): void {
    if (tag >= 0) {
      this.completed++;
      if (errorKind === null) this.recorder.record(tag, nowUs - intendedUs, nowUs - sentUs, isNull);
      else this.recorder.recordError(tag, errorKind, nowUs - intendedUs);
    }
    if (this.stopping) {
      if (this.totalInFlight() === 0) this.finish();
      return;
    }
    // The stop flag is checked once per socket chunk, in refill(); the deadline here is cheaper.
    if (nowUs >= this.deadlineUs) return this.beginStop();
    if (this.requestsLeft <= 0) {
      if (this.totalInFlight() === 0) this.beginStop();
      return;
    }
    this.dirty[i] = true;
    if (!this.refillScheduled) {
      // One refill after the whole socket chunk is decoded: many replies, one write.
      this.refillScheduled = true;
      afterCurrentWork(this.onRefill);
    }
  }

  private refill(): void {
    this.refillScheduled = false;
    if (this.stopping) return;
    if (this.open) {
      this.dirty.fill(false);
      this.tick(); // checks the stop flag itself
      return;
    }
    if (this.options.shouldStop()) return this.beginStop();
    const now = this.clock.nowUs();
    for (let i = 0; i < this.conns.length; i++) {
      if (!this.dirty[i]) continue;
      this.dirty[i] = false;
      this.fill(i, now);
    }
  }

  private wake(i: number): void {
    if (this.stopping) return;
    if (this.open) {
      this.tick();
      return;
    }
    this.fill(i, this.clock.nowUs());
  }

  /** Open model: send every command that is due, then sleep until the next one. */
  private tick(): void {
    // tick() is also called on replies and wake-ups: cancel the pending one, or every call would
    // start another self-rescheduling loop and the loops would pile up.
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    if (this.stopping) return;
    const now = this.clock.nowUs();
    if (now >= this.deadlineUs || this.options.shouldStop()) return this.beginStop();
    if (this.shouldCoalesce(now)) {
      this.immediate = setImmediate(this.onTick);
      return;
    }
    const n = this.conns.length;
    let sentAny = false;
    while (this.nextDueUs <= now && this.requestsLeft > 0) {
      let chosen = -1;
      for (let k = 0; k < n; k++) {
        const i = (this.rr + k) % n;
        const candidate = this.conns[i]!;
        if (candidate.canSend && candidate.inFlight < this.spec.pipeline * candidate.sockets) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0) break; // every connection is full: the rest waits, keeping its time
      this.rr = chosen; // the rest of this tick's commands go on the same connection
      this.sendOne(this.conns[chosen]!, this.nextDueUs);
      this.dirty[chosen] = true;
      sentAny = true;
      this.recorder.recordSendLag(now - this.nextDueUs);
      this.nextDueUs += this.workerPeriodUs;
    }
    if (sentAny) this.rr = (this.rr + 1) % n;
    for (let i = 0; i < n; i++) {
      if (this.dirty[i]) {
        this.dirty[i] = false;
        this.conns[i]!.flush();
      }
    }
    // Bounded backlog: commands due long ago that still found no connection are dropped.
    const backlog = Math.floor((now - this.nextDueUs) / this.workerPeriodUs);
    if (backlog > this.maxBacklog) {
      const drop = backlog - this.maxBacklog;
      this.dropped += drop;
      this.recorder.recordDropped(drop);
      this.nextDueUs += drop * this.workerPeriodUs;
      this.requestsLeft -= drop;
    }
    if (this.requestsLeft <= 0) {
      if (this.totalInFlight() === 0) this.beginStop();
      return;
    }
    const waitUs = this.nextDueUs - now;
    // Timers are only good to about a millisecond: sleep with setTimeout while the next command is
    // far, then spin on setImmediate for the last stretch so sends leave close to their time.
    if (waitUs > 1500) {
      this.timer = setTimeout(this.onTick, Math.min(Math.floor(waitUs / 1000) - 1, 250));
    } else {
      this.immediate = setImmediate(this.onTick);
    }
  }

  /**
   * Whether the due commands should wait a little for the next ones: only while the oldest has
   * waited less than COALESCE_US and another command falls due before that wait ends (at low
   * rates nothing would join, so nothing waits).
   */
  private shouldCoalesce(now: number): boolean {
    const oldest = this.nextDueUs;
    if (oldest > now) return false; // nothing due yet
    const windowEndUs = oldest + COALESCE_US;
    if (now >= windowEndUs) return false;
    const due = Math.floor((now - oldest) / this.workerPeriodUs) + 1;
    const firstNotDueUs = oldest + due * this.workerPeriodUs;
    return firstNotDueUs < windowEndUs && this.requestsLeft > due;
  }

  private totalInFlight(): number {
    let total = 0;
    for (const conn of this.conns) total += conn.inFlight;
    return total;
  }

  private beginStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.totalInFlight() === 0) return this.finish();
    this.drainTimer = setTimeout(() => this.finish(), this.drainTimeoutMs);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.resolve({
      sent: this.sent,
      completed: this.completed,
      dropped: this.dropped,
      abandoned: this.totalInFlight(),
      startedUs: this.t0,
      endedUs: this.clock.nowUs(),
    });
  }
}
