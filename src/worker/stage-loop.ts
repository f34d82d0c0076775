/**
 * The running half of a stage (see stage-runner.ts, which adds how a stage stops, drains and
 * ends): the closed loop's refills, the open model's schedule, replies and gaps. Every per-command
 * and per-reply call stays inside this class; only the rare turn to stopping calls the subclass.
 */
import { isTransportKind } from '../client/error-kinds.js';
import { isNull } from '../resp/values.js';
import type { Clock } from '../shared/clock.js';
import { afterCurrentWork } from '../shared/job-queue.js';
import type { CommandSource, LoadConnection, StageRecorder } from './ports.js';
import { GAP_MIN_US, keepGap, type StageOutcome } from './stage-outcome.js';
import type { StageSpec } from './stage-spec.js';

/** Open model: how long a due command may wait for the ones due right after it (one write for all). */
export const COALESCE_US = 50;

/**
 * After a stage stops sending, replies in flight get this long; then they are abandoned, so a
 * phase ends on time even when the server is frozen or gone.
 */
export const DRAIN_TIMEOUT_MS = 3000;

/** Open model: within this long of the next command the loop spins on setImmediate, not a timer. */
const SPIN_US = 1500;
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

/** The running stage: sends, replies, the open model's schedule; StageRunner adds how it ends. */
export abstract class StageLoop {
  protected readonly spec: StageSpec;
  protected readonly conns: LoadConnection[];
  private readonly source: CommandSource;
  protected readonly recorder: StageRecorder;
  protected readonly clock: Clock;
  protected readonly open: boolean;
  private readonly maxBacklog: number;
  /** Open model: the gap between this worker's commands. */
  protected readonly workerPeriodUs: number;
  protected readonly drainTimeoutMs: number;

  protected t0 = 0;
  protected deadlineUs = Infinity;
  protected requestsLeft = Infinity;
  protected sent = 0;
  protected completed = 0;
  protected dropped = 0;
  protected unsent = 0;
  protected abandoned = 0;
  /** Set while abandonInFlight() fails the commands still out: they are abandoned, not failed. */
  protected abandoning = false;
  /** Open model, after the deadline: the backlog due before it is still sent, during the drain. */
  protected catchingUp = false;
  protected readonly onCatchUp = () => this.catchUp();
  protected lastReplyUs = 0;
  /** Commands failed or dropped since the last reply: the load was still waiting for the server. */
  protected missesSinceReply = 0;
  protected readonly gaps: number[] = [];
  protected watchTimer: NodeJS.Timeout | null = null;
  protected stopping = false;
  protected finished = false;
  protected nextDueUs = 0;
  private rr = 0; // round-robin cursor over connections
  protected refillScheduled = false;
  protected timer: NodeJS.Timeout | null = null;
  protected immediate: NodeJS.Immediate | null = null;
  protected drainTimer: NodeJS.Timeout | null = null;
  protected resolve: (outcome: StageOutcome) => void = () => {};
  private readonly dirty: boolean[];
  private readonly integerEntries: readonly boolean[] | undefined;
  /** Some connection spreads over several sockets (a cluster's nodes): refill after the poll phase. */
  private readonly refillAfterPoll: boolean;
  protected readonly onRefill = () => this.refill();
  private readonly onTick = () => this.tick();

  constructor(protected readonly options: StageRunnerOptions) {
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
    this.refillAfterPoll = this.conns.some((c) => c.sockets > 1);
  }

  run(): Promise<StageOutcome> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.t0 = this.clock.nowUs();
      this.lastReplyUs = this.t0;
      if (this.spec.durationMs !== null) this.deadlineUs = this.t0 + this.spec.durationMs * 1000;
      if (this.spec.requests !== null) this.requestsLeft = this.spec.requests;
      this.conns.forEach((conn, i) => {
        // The open model's send lag is taken as a command is written: it must leave at once.
        conn.batchWritesPerNode?.(!this.open);
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

  /**
   * Closed loop: once at least half its window has been answered, top a connection up to
   * `pipeline` in flight and write once (depth 1 and 2: after every reply). Replies that trickle in
   * (a 4 KB GET batch the server writes as 64 KB and the rest, one +OK per 64 KB SET) would
   * otherwise make a write, and on the server a read, per reply or two. Two bench:peers runs
   * against the eager refill: SET 64 KB P16 x1.02-x1.39, GET 4 KB P16 x1.11-x1.26, SET 4 KB P16
   * x1.05-x1.07, 3-byte values unchanged.
   */
  private fill(i: number, nowUs: number): void {
    const conn = this.conns[i]!;
    if (!conn.canSend) return;
    let wrote = false;
    const room = this.spec.pipeline * conn.sockets;
    if (conn.inFlight > room / 2) return; // more than half the window still out
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
      // One refill after the whole socket chunk is decoded: many replies, one write. Over several
      // sockets, wait until every socket read in this poll is decoded (setImmediate runs after
      // the poll phase): a refill then sends each node all that is due to it in one write, not
      // one small write per node per chunk (cluster SET P16: 6.9 -> 5.3 us of client CPU per command).
      this.refillScheduled = true;
      if (this.refillAfterPoll) setImmediate(this.onRefill);
      else afterCurrentWork(this.onRefill);
    }
  }

  /**
   * A reply came back: the stretch since the previous one (or since this command was due, if
   * later: at low rates nothing is outstanding between commands) is a gap if it is long.
   */
  private noteReply(nowUs: number, intendedUs: number): void {
    const from = intendedUs > this.lastReplyUs ? intendedUs : this.lastReplyUs;
    if (nowUs - from >= GAP_MIN_US) keepGap(this.gaps, from, nowUs);
    this.lastReplyUs = nowUs;
    this.missesSinceReply = 0;
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
      // Every connection is full or down: a reply or a reconnect calls tick() again. Where the loop
      // spins anyway it goes on spinning: a 1 ms timer set and cleared per wait runs a few hundred
      // times a second, so V8 optimised Node's timer code seconds into a phase, on the load's CPU
      // (20k/s pinned: 3.5-9 ms of compile each at 4-6 s, bursts of late sends). At lower rates the
      // timer bounds the wait (no busy spin).
      if (this.workerPeriodUs <= SPIN_US) this.immediate = setImmediate(this.onTick);
      else this.timer = setTimeout(this.onTick, 1);
      return;
    }
    const waitUs = this.nextDueUs - now;
    // Timers are only good to about a millisecond: sleep with setTimeout while the next command is
    // far, then spin on setImmediate for the last stretch so sends leave close to their time.
    if (waitUs > SPIN_US) {
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
  protected sendDue(now: number, limitUs: number): boolean {
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

  protected totalInFlight(): number {
    let total = 0;
    for (const conn of this.conns) total += conn.inFlight;
    return total;
  }

  /** Stops sending (deadline, request count, stop flag) and starts the drain. */
  protected abstract beginStop(): void;
  /** During the drain: send what was due before the deadline as connections free up. */
  protected abstract catchUp(): void;
  protected abstract scheduleCatchUp(): void;
  /** Resolves run()'s promise with the outcome; once. */
  protected abstract finish(): void;
}
