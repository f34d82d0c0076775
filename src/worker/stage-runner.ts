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
import { isTransportKind } from '../client/error-kinds.js';
import { isNull } from '../resp/values.js';
import type { Clock } from '../shared/clock.js';
import { afterCurrentWork } from '../shared/job-queue.js';
import type { CommandSource, LoadConnection, StageRecorder } from './ports.js';
import type { StageSpec } from './stage-spec.js';

/** Open model: how long a due command may wait for the ones due right after it (one write for all). */
export const COALESCE_US = 50;

/**
 * After a stage stops sending, replies in flight get this long; then they are abandoned, so a
 * phase ends on time even when the server is frozen or gone.
 */
export const DRAIN_TIMEOUT_MS = 3000;

/** Stretches without a completed reply shorter than this are not reported (timer noise). */
export const GAP_MIN_US = 10_000;
/** The longest gaps kept per stage (the main thread intersects the workers' lists). */
const MAX_GAPS = 64;
/** A stage with no deadline ends after this long with no connection able to send and nothing answered. */
const GIVE_UP_US = 15_000_000;
/** How often a closed-loop stage looks at its deadline and the stop flag when no reply arrives. */
const WATCH_INTERVAL_MS = 100;

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
  /** True when the run was interrupted (Ctrl-C, SIGTERM): the open model gives up its backlog at once. */
  isAborted?: () => boolean;
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
  /** Replies (success or error reply) and transport failures: every sent command but the abandoned. */
  completed: number;
  dropped: number;
  /** Open model: commands due before the stage ended that were never sent (nor dropped). */
  unsent: number;
  /** Commands whose replies had not come back when the drain wait ended. */
  abandoned: number;
  startedUs: number;
  endedUs: number;
  /**
   * Stretches of at least GAP_MIN_US in which no reply came back while commands were
   * outstanding: [startUs, endUs, startUs, endUs, ...] in this thread's clock, longest kept.
   */
  gaps: number[];
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
  private unsent = 0;
  private abandoned = 0;
  /** Set while abandonInFlight() fails the commands still out: they are abandoned, not failed. */
  private abandoning = false;
  /** Open model, after the deadline: the backlog due before it is still sent, during the drain. */
  private catchingUp = false;
  private readonly onCatchUp = () => this.catchUp();
  private lastReplyUs = 0;
  /** Commands failed or dropped since the last reply: the load was still waiting for the server. */
  private missesSinceReply = 0;
  private readonly gaps: number[] = [];
  private watchTimer: NodeJS.Timeout | null = null;
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
    this.drainTimeoutMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
    this.dirty = this.conns.map(() => false);
    this.integerEntries = options.integerEntries;
  }

  run(): Promise<StageOutcome> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.t0 = this.clock.nowUs();
      this.lastReplyUs = this.t0;
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
        // Replies drive the closed loop; when none come (server down or frozen) this timer still
        // ends the stage at its deadline or on the stop flag.
        this.watchTimer = setInterval(() => this.watch(), WATCH_INTERVAL_MS);
        for (let i = 0; i < this.conns.length; i++) this.fill(i, this.t0);
      }
    });
  }

  private watch(): void {
    if (this.stopping) return;
    const now = this.clock.nowUs();
    if (now >= this.deadlineUs || this.options.shouldStop()) return this.beginStop();
    // A request-bound stage (setup) has no deadline: give up once nothing could be sent or
    // answered for a long while (the server is gone), instead of waiting forever.
    if (now - this.lastReplyUs > GIVE_UP_US && this.totalInFlight() === 0 && !this.conns.some((c) => c.canSend)) this.beginStop();
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
    if (this.finished) return; // a straggler after the stage ended belongs to no stage
    if (this.abandoning) {
      if (tag >= 0) {
        this.abandoned++;
        this.recorder.recordAbandoned(tag, nowUs - intendedUs, nowUs - sentUs);
      }
      return;
    }
    const transport = errorKind !== null && isTransportKind(errorKind);
    if (tag >= 0) {
      this.completed++;
      if (errorKind === null) this.recorder.record(tag, nowUs - intendedUs, nowUs - sentUs, isNull);
      else this.recorder.recordError(tag, errorKind, nowUs - intendedUs, nowUs - sentUs);
    }
    if (transport) this.missesSinceReply++;
    else this.noteReply(nowUs, intendedUs);
    if (this.stopping) {
      if (this.catchingUp) this.scheduleCatchUp();
      else if (this.totalInFlight() === 0) this.finish();
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

  /**
   * A reply came back: the stretch since the previous one (or since this command was due, if
   * later: at low rates nothing is outstanding between commands) is a gap if it is long.
   */
  private noteReply(nowUs: number, intendedUs: number): void {
    const from = intendedUs > this.lastReplyUs ? intendedUs : this.lastReplyUs;
    if (nowUs - from >= GAP_MIN_US) this.noteGap(from, nowUs);
    this.lastReplyUs = nowUs;
    this.missesSinceReply = 0;
  }

  private noteGap(fromUs: number, toUs: number): void {
    const g = this.gaps;
    if (g.length < 2 * MAX_GAPS) {
      g.push(fromUs, toUs);
      return;
    }
    // Full: replace the shortest kept gap if this one is longer.
    let shortest = 0;
    for (let k = 2; k < g.length; k += 2) if (g[k + 1]! - g[k]! < g[shortest + 1]! - g[shortest]!) shortest = k;
    if (toUs - fromUs > g[shortest + 1]! - g[shortest]!) {
      g[shortest] = fromUs;
      g[shortest + 1] = toUs;
    }
  }

  private refill(): void {
    this.refillScheduled = false;
    if (this.stopping) {
      if (this.catchingUp) this.catchUp();
      return;
    }
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
    if (this.stopping) {
      if (this.catchingUp) this.catchUp();
      return;
    }
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
    const blocked = this.sendDue(now, now);
    // Bounded backlog: commands due long ago that still found no connection are dropped.
    const backlog = Math.floor((now - this.nextDueUs) / this.workerPeriodUs);
    if (backlog > this.maxBacklog) {
      const drop = Math.min(backlog - this.maxBacklog, this.requestsLeft);
      this.dropped += drop;
      this.missesSinceReply += drop;
      this.recorder.recordDropped(drop);
      // Each dropped command waited from its intended time until now: what a caller would have seen.
      for (let k = 0; k < drop; k++) this.recorder.recordNeverSent(now - (this.nextDueUs + k * this.workerPeriodUs));
      this.nextDueUs += drop * this.workerPeriodUs;
      this.requestsLeft -= drop;
    }
    if (this.requestsLeft <= 0) {
      if (this.totalInFlight() === 0) this.beginStop();
      return;
    }
    if (blocked) {
      // A reply or a reconnect wakes the loop; the timer only bounds the wait (no busy spin
      // while every connection is down).
      this.timer = setTimeout(this.onTick, 1);
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
   * Sends the commands due at or before `limitUs` while a connection has room: everything due
   * goes on one connection (up to its pipeline), the next batch on the next. Returns true when
   * it stopped because every connection was full or down.
   */
  private sendDue(now: number, limitUs: number): boolean {
    const n = this.conns.length;
    let sentAny = false;
    let blocked = false;
    while (this.nextDueUs <= limitUs && this.requestsLeft > 0) {
      let chosen = -1;
      for (let k = 0; k < n; k++) {
        const i = (this.rr + k) % n;
        const candidate = this.conns[i]!;
        if (candidate.canSend && candidate.inFlight < this.spec.pipeline * candidate.sockets) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0) {
        blocked = true; // every connection is full or down: the rest waits, keeping its time
        break;
      }
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
    return blocked;
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
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.open) {
      // The stage ends now (its deadline, or the main thread's stop at the duration): commands
      // due before now are still sent during the drain, as connections free up (a healthy run's
      // last milliseconds of queue clear at once). An interrupted run gives them up at once.
      this.deadlineUs = Math.min(this.deadlineUs, this.clock.nowUs());
      if (this.options.isAborted?.() === true) this.countUnsent();
      else if (this.backlogDue()) this.catchingUp = true;
    }
    if (this.totalInFlight() === 0 && !this.catchingUp) return this.finish();
    this.drainTimer = setTimeout(() => this.abandon(), this.drainTimeoutMs);
    if (this.catchingUp) this.catchUp();
  }

  /** Open model: commands due before the deadline and not sent yet remain. */
  private backlogDue(): boolean {
    return this.nextDueUs <= this.deadlineUs - 1e-3 && this.requestsLeft > 0;
  }

  private scheduleCatchUp(): void {
    if (this.refillScheduled) return;
    this.refillScheduled = true;
    afterCurrentWork(this.onRefill);
  }

  /** During the drain: send what was due before the deadline as connections free up, then finish. */
  private catchUp(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.finished) return;
    if (this.backlogDue()) {
      const now = this.clock.nowUs();
      this.sendDue(now, Math.min(now, this.deadlineUs - 1e-3));
    }
    if (this.backlogDue()) {
      this.timer = setTimeout(this.onCatchUp, 1); // replies also call back; this bounds the wait
      return;
    }
    this.catchingUp = false;
    if (this.totalInFlight() === 0) this.finish();
  }

  /**
   * Open model: the commands due before the stage ended that never left. Each is recorded with
   * the wait it had when the stage gave up on it, so a server that stopped answering shows in
   * the response time instead of leaving the schedule silently short.
   */
  private countUnsent(): void {
    const nowUs = this.clock.nowUs();
    const endUs = Math.min(nowUs, this.deadlineUs);
    if (this.nextDueUs >= endUs || this.requestsLeft <= 0) return;
    const due = Math.min(Math.ceil((endUs - this.nextDueUs) / this.workerPeriodUs), this.requestsLeft);
    for (let k = 0; k < due; k++) this.recorder.recordNeverSent(nowUs - (this.nextDueUs + k * this.workerPeriodUs));
    this.unsent = due;
    this.missesSinceReply += due;
    this.recorder.recordUnsent(due);
    this.nextDueUs += due * this.workerPeriodUs;
    this.requestsLeft -= due;
  }

  /** The drain wait is over: what is still in flight is abandoned (recorded with its wait so far). */
  private abandon(): void {
    this.drainTimer = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.catchingUp) {
      this.catchingUp = false;
      this.countUnsent();
    }
    this.abandoning = true;
    for (const conn of this.conns) conn.abandonInFlight();
    this.abandoning = false;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    const endedUs = this.clock.nowUs();
    // Still waiting at the end (a server that never came back): the stretch up to now counts.
    const outstanding = this.totalInFlight() > 0 || this.abandoned > 0 || this.missesSinceReply > 0;
    if (outstanding && endedUs - this.lastReplyUs >= GAP_MIN_US) this.noteGap(this.lastReplyUs, endedUs);
    this.finished = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.resolve({
      sent: this.sent,
      completed: this.completed,
      dropped: this.dropped,
      unsent: this.unsent,
      abandoned: this.abandoned + this.totalInFlight(),
      startedUs: this.t0,
      endedUs,
      gaps: this.gaps,
    });
  }
}
