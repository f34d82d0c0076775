/**
 * A worker's per-phase recorder: for each command of the mix, a response-time histogram, a
 * service-time histogram (open model only), the op count, null replies and errors by kind.
 *
 * Hot path: record() writes into the *interval* histograms only. Once per snapshot the interval
 * is encoded, added into the cumulative histograms (exact HDR addition) and reset. That halves
 * the per-record cost compared with recording everything twice, at the price of an add per
 * histogram per second (tens of microseconds).
 *
 * One recorder per phase: at a phase change the worker takes the totals and destroys it.
 */
import type { Histogram } from 'hdr-histogram-js';
import { monotonicClock, type Clock } from '../shared/clock.js';
import { createHistogram, encodeHistogram } from './histogram-backend.js';
import type { CommandSnapshot, RecorderSnapshot } from './stage-snapshot.js';

export interface RecorderOptions {
  phase: string;
  /** One label per command index of the mix; record(i, ...) refers to labels[i]. */
  labels: string[];
  /** Keep service time apart from response time (open model). Closed loop: false. */
  separateServiceTime: boolean;
  /** Clock for interval boundaries; tests pass a ManualClock. */
  clock?: Clock;
}

/** The transport kind of a command that got no reply in time (src/client/error-kinds.ts). */
const TIMEOUT_KIND = 'timeout';

/** The counters and histograms of one command over one span of time. */
class CommandStats {
  readonly response: Histogram = createHistogram();
  readonly service: Histogram | null;
  ops = 0;
  nulls = 0;
  abandoned = 0;
  /** Entries of the histograms that are lower bounds (never completed). */
  lowerBounds = 0;
  readonly errors = new Map<string, number>();

  constructor(separateService: boolean) {
    this.service = separateService ? createHistogram() : null;
  }

  /** Adds another span's counts into this one (exact HDR addition). */
  add(other: CommandStats): void {
    if (other.response.totalCount > 0) {
      this.response.add(other.response);
      if (this.service !== null && other.service !== null) this.service.add(other.service);
    }
    this.ops += other.ops;
    this.nulls += other.nulls;
    this.abandoned += other.abandoned;
    this.lowerBounds += other.lowerBounds;
    for (const [kind, n] of other.errors) this.errors.set(kind, (this.errors.get(kind) ?? 0) + n);
  }

  reset(): void {
    if (this.response.totalCount > 0) {
      this.response.reset();
      this.service?.reset();
    }
    this.ops = 0;
    this.nulls = 0;
    this.abandoned = 0;
    this.lowerBounds = 0;
    this.errors.clear();
  }

  /** A command that never completed: its wait so far, marked as a lower bound. */
  recordLowerBound(responseUs: number, serviceUs: number): void {
    this.response.recordValue(responseUs);
    this.service?.recordValue(serviceUs);
    this.lowerBounds++;
  }

  snapshot(label: string): CommandSnapshot {
    const empty = this.response.totalCount === 0;
    return {
      label,
      ops: this.ops,
      nulls: this.nulls,
      errors: Object.fromEntries(this.errors),
      abandoned: this.abandoned,
      lowerBounds: this.lowerBounds,
      response: empty ? null : encodeHistogram(this.response),
      service: empty || this.service === null ? null : encodeHistogram(this.service),
    };
  }

  destroy(): void {
    this.response.destroy();
    this.service?.destroy();
  }
}

/** Open-model schedule health: send lag, drops and commands never sent (absent in closed loop). */
class ScheduleStats {
  readonly sendLag: Histogram | null;
  /** Waits of the commands never sent (dropped, or still due at the end). */
  readonly neverSent: Histogram | null;
  dropped = 0;
  unsent = 0;
  constructor(open: boolean) {
    this.sendLag = open ? createHistogram() : null;
    this.neverSent = open ? createHistogram() : null;
  }
  add(other: ScheduleStats): void {
    if (this.sendLag !== null && other.sendLag !== null && other.sendLag.totalCount > 0) this.sendLag.add(other.sendLag);
    if (this.neverSent !== null && other.neverSent !== null && other.neverSent.totalCount > 0) this.neverSent.add(other.neverSent);
    this.dropped += other.dropped;
    this.unsent += other.unsent;
  }
  reset(): void {
    this.sendLag?.reset();
    this.neverSent?.reset();
    this.dropped = 0;
    this.unsent = 0;
  }
  destroy(): void {
    this.sendLag?.destroy();
    this.neverSent?.destroy();
  }
}

/** Per-phase recorder; structurally the StageRecorder that src/worker's loop records into. */
export class LatencyRecorder {
  readonly phase: string;
  readonly labels: readonly string[];
  private readonly interval: CommandStats[];
  private readonly totals: CommandStats[];
  private readonly intervalLag: ScheduleStats;
  private readonly totalLag: ScheduleStats;
  private readonly clock: Clock;
  private readonly phaseStartUs: number;
  private intervalStartUs: number;
  private intervalSeq = 0;
  private destroyed = false;
  private readonly counters: Record<string, number> = {};

  constructor(options: RecorderOptions) {
    this.phase = options.phase;
    this.labels = [...options.labels];
    this.clock = options.clock ?? monotonicClock;
    this.interval = options.labels.map(() => new CommandStats(options.separateServiceTime));
    this.totals = options.labels.map(() => new CommandStats(options.separateServiceTime));
    this.intervalLag = new ScheduleStats(options.separateServiceTime);
    this.totalLag = new ScheduleStats(options.separateServiceTime);
    this.phaseStartUs = this.intervalStartUs = this.clock.nowUs();
  }

  /**
   * Records one reply: latency from the intended start and from the actual send, in
   * microseconds (serviceUs is ignored in closed loop, where it equals responseUs).
   * `nullReply` marks a miss (nil), counted in `nulls` as well as in `ops`.
   */
  record(cmdIndex: number, responseUs: number, serviceUs: number, nullReply = false): void {
    const s = this.interval[cmdIndex]!;
    s.response.recordValue(responseUs);
    if (s.service !== null) s.service.recordValue(serviceUs);
    s.ops++;
    // Counted on every reply, not under an if: the client warm-up's PINGs never answer null, so a
    // branch taken first in the measured phase (GETs of missing keys) threw its optimised code
    // away there ("insufficient type feedback", `--trace-deopt`).
    s.nulls += nullReply ? 1 : 0;
  }

  /** Counts a null reply (a miss) for a command whose latency is recorded with record(). */
  recordNull(cmdIndex: number): void {
    this.interval[cmdIndex]!.nulls++;
  }

  /**
   * Counts an error of the given kind (ERR, MOVED, timeout, ...). An error reply's latency is not
   * put in the histograms (an instant error would flatter the percentiles of real work); a
   * timeout's is, as a lower bound: the caller waited at least that long and got nothing.
   */
  recordError(cmdIndex: number, kind: string, responseUs = 0, serviceUs = responseUs): void {
    const s = this.interval[cmdIndex]!;
    s.errors.set(kind, (s.errors.get(kind) ?? 0) + 1);
    if (kind === TIMEOUT_KIND) s.recordLowerBound(responseUs, serviceUs);
  }

  /** A command abandoned in flight at the end of the stage: counted apart, its wait a lower bound. */
  recordAbandoned(cmdIndex: number, responseUs: number, serviceUs: number): void {
    const s = this.interval[cmdIndex]!;
    s.abandoned++;
    s.recordLowerBound(responseUs, serviceUs);
  }

  /** Open model: a command never sent (dropped, or due at the end), with the wait it had. */
  recordNeverSent(waitUs: number): void {
    this.intervalLag.neverSent?.recordValue(waitUs < 0 ? 0 : waitUs);
  }

  /** Open model: commands still due when the stage ended. */
  recordUnsent(count: number): void {
    this.intervalLag.unsent += count;
  }

  /** Open model: how late a command left compared with its intended time. */
  recordSendLag(lagUs: number): void {
    this.intervalLag.sendLag?.recordValue(lagUs < 0 ? 0 : lagUs);
  }

  /** Open model: commands dropped because the backlog was full. */
  recordDropped(count: number): void {
    this.intervalLag.dropped += count;
  }

  /** Adds to a named counter (totals only: counters are reported once per phase). */
  count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }

  /** Encodes the interval since the last call, folds it into the totals and starts a new one. */
  snapshotInterval(): RecorderSnapshot {
    this.assertLive();
    const now = this.clock.nowUs();
    const snap = this.build('interval', this.interval, this.intervalLag, this.intervalSeq, this.intervalStartUs, now);
    this.foldInterval();
    this.intervalSeq++;
    this.intervalStartUs = now;
    return snap;
  }

  /**
   * Everything since the phase started, including the interval in progress (which is folded
   * in, so the next interval snapshot starts after it).
   */
  snapshotTotals(): RecorderSnapshot {
    this.assertLive();
    const now = this.clock.nowUs();
    this.foldInterval();
    this.intervalStartUs = now;
    return this.build('total', this.totals, this.totalLag, this.intervalSeq, this.phaseStartUs, now);
  }

  /** Frees every histogram (WebAssembly memory is not garbage-collected). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const s of this.interval) s.destroy();
    for (const s of this.totals) s.destroy();
    this.intervalLag.destroy();
    this.totalLag.destroy();
  }

  private foldInterval(): void {
    for (let i = 0; i < this.interval.length; i++) {
      const s = this.interval[i]!;
      this.totals[i]!.add(s);
      s.reset();
    }
    this.totalLag.add(this.intervalLag);
    this.intervalLag.reset();
  }

  private build(
    kind: RecorderSnapshot['kind'],
    stats: CommandStats[],
    lag: ScheduleStats,
    seq: number,
    startUs: number,
    endUs: number,
  ): RecorderSnapshot {
    return {
      version: 1,
      kind,
      phase: this.phase,
      seq,
      startUs,
      endUs,
      commands: stats.map((s, i) => s.snapshot(this.labels[i]!)),
      sendLag: lag.sendLag === null || lag.sendLag.totalCount === 0 ? null : encodeHistogram(lag.sendLag),
      dropped: lag.dropped,
      unsent: lag.unsent,
      neverSent: lag.neverSent === null || lag.neverSent.totalCount === 0 ? null : encodeHistogram(lag.neverSent),
      counters: kind === 'total' ? { ...this.counters } : {},
    };
  }

  private assertLive(): void {
    if (this.destroyed) throw new Error(`recorder for phase ${this.phase} was used after destroy()`);
  }
}
