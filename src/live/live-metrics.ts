/**
 * Live metrics of a running rbench in the Prometheus text format (prom-client): per phase and
 * command the completed commands and errors by kind (counters), the merged last second's
 * throughput and latency quantiles, the open model's send lag and drops, commands in flight, the
 * stage running, and a drill's planned and actual event. Fed from the main thread's session
 * hooks; a finished stage's counters are set to its final totals, so they equal the report.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { mergeSnapshots, type EncodedStageSnapshot } from '../metrics/index.js';
import { LastSecond, QUANTILES } from './last-second.js';

interface StageState {
  name: string;
  kind: string;
  last: LastSecond;
  /** What the counters hold so far, per command label: ops and errors by kind; and drops. */
  ops: Map<string, number>;
  errors: Map<string, Map<string, number>>;
  dropped: number;
  done: boolean;
}

export class LiveMetrics {
  readonly registry = new Registry();
  private readonly stages = new Map<number, StageState>();
  private readonly commands: Counter<'phase' | 'command'>;
  private readonly errors: Counter<'phase' | 'command' | 'kind'>;
  private readonly dropped: Counter<'phase'>;
  private readonly throughput: Gauge<'phase' | 'command'>;
  private readonly latency: Gauge<'phase' | 'command' | 'quantile'>;
  private readonly sendLag: Gauge<'phase' | 'quantile'>;
  private readonly inFlight: Gauge;
  private readonly running: Gauge<'phase' | 'kind'>;
  private readonly drillPlanned: Gauge<'action' | 'phase'>;
  private readonly drillEvent: Gauge<'action' | 'phase'>;

  constructor() {
    const registers = [this.registry];
    this.commands = new Counter({ name: 'rbench_commands_total', help: 'Commands completed with a reply that is not an error, per phase and command', labelNames: ['phase', 'command'], registers });
    this.errors = new Counter({ name: 'rbench_errors_total', help: 'Error replies and transport failures, per phase, command and kind (ERR, MOVED, timeout, ...)', labelNames: ['phase', 'command', 'kind'], registers });
    this.dropped = new Counter({ name: 'rbench_dropped_total', help: 'Open model: commands never sent because the backlog was full', labelNames: ['phase'], registers });
    this.throughput = new Gauge({ name: 'rbench_throughput_ops_per_second', help: 'Completed commands per second over the last second, all workers merged', labelNames: ['phase', 'command'], registers });
    this.latency = new Gauge({ name: 'rbench_latency_seconds', help: 'Response-time quantiles over the last second, from the merged HDR histograms (quantile 1 is the max)', labelNames: ['phase', 'command', 'quantile'], registers });
    this.sendLag = new Gauge({ name: 'rbench_schedule_lag_seconds', help: 'Open model: how late commands left against their intended time over the last second (quantile 1 is the max)', labelNames: ['phase', 'quantile'], registers });
    this.inFlight = new Gauge({ name: 'rbench_in_flight', help: 'Commands sent and not yet answered, all workers, as of their last interval', registers });
    this.running = new Gauge({ name: 'rbench_stage_running', help: '1 while the stage (setup, warmup or measure) runs, 0 once it ended', labelNames: ['phase', 'kind'], registers });
    this.drillPlanned = new Gauge({ name: 'rbench_drill_planned_seconds', help: "Drill: when the action is planned, in seconds after the drilled phase's start", labelNames: ['action', 'phase'], registers });
    this.drillEvent = new Gauge({ name: 'rbench_drill_event_timestamp_seconds', help: 'Drill: when the action was sent (Unix time); absent until then', labelNames: ['action', 'phase'], registers });
  }

  /** The session hooks (see SessionObserver in src/cli/run-session.ts). */
  readonly observer = {
    onStageStart: (stage: number, name: string, kind: string): void => {
      this.stages.set(stage, { name, kind, last: new LastSecond(), ops: new Map(), errors: new Map(), dropped: 0, done: false });
      this.running.set({ phase: name, kind }, 1);
    },
    onInterval: (stage: number, worker: number, snapshot: EncodedStageSnapshot): void => {
      const state = this.stages.get(stage);
      if (!state || state.done) return;
      state.last.add(worker, snapshot);
      this.count(state, snapshot);
    },
    onStageDone: (stage: number, totals?: readonly (EncodedStageSnapshot | null)[]): void => {
      const state = this.stages.get(stage);
      if (!state) return;
      const present = (totals ?? []).filter((t): t is EncodedStageSnapshot => t !== null);
      // The totals include what the last intervals did not: the counters end at the report's figures.
      if (present.length > 0) this.countUpTo(state, mergeSnapshots(present));
      state.done = true;
      this.running.set({ phase: state.name, kind: state.kind }, 0);
      for (const c of state.last.merged()?.commands ?? []) {
        this.throughput.remove({ phase: state.name, command: c.label });
        for (const q of QUANTILES) this.latency.remove({ phase: state.name, command: c.label, quantile: String(q) });
      }
      for (const q of QUANTILES) this.sendLag.remove({ phase: state.name, quantile: String(q) });
    },
    onTick: (live: { inFlight: number }): void => {
      this.inFlight.set(live.inFlight);
    },
  };

  /** Forgets everything (`run --runs N`: each run starts from zero, like its report). */
  reset(): void {
    this.stages.clear();
    this.registry.resetMetrics();
  }

  /** A drill's plan, known before the run starts. */
  drillPlannedAt(action: string, phase: string, atS: number): void {
    this.drillPlanned.set({ action, phase }, atS);
  }

  /** A drill's action was sent now. */
  drillFired(action: string, phase: string, unixS: number): void {
    this.drillEvent.set({ action, phase }, unixS);
  }

  /** The exposition text, with the last-second gauges brought up to date first. */
  async text(): Promise<string> {
    for (const state of this.stages.values()) {
      if (state.done) continue;
      const second = state.last.merged();
      if (!second) continue;
      for (const c of second.commands) {
        this.throughput.set({ phase: state.name, command: c.label }, c.opsPerSec);
        for (const [q, us] of c.latencyUs) this.latency.set({ phase: state.name, command: c.label, quantile: String(q) }, us / 1e6);
      }
      for (const [q, us] of second.sendLagUs) this.sendLag.set({ phase: state.name, quantile: String(q) }, us / 1e6);
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Adds one interval's counts. */
  private count(state: StageState, snapshot: EncodedStageSnapshot): void {
    for (const c of snapshot.commands) {
      const phase = state.name;
      if (c.ops > 0) this.commands.inc({ phase, command: c.label }, c.ops);
      state.ops.set(c.label, (state.ops.get(c.label) ?? 0) + c.ops);
      const kinds = state.errors.get(c.label) ?? new Map<string, number>();
      state.errors.set(c.label, kinds);
      for (const [kind, n] of Object.entries(c.errors)) {
        if (n > 0) this.errors.inc({ phase, command: c.label, kind }, n);
        kinds.set(kind, (kinds.get(kind) ?? 0) + n);
      }
    }
    if (snapshot.dropped > 0) this.dropped.inc({ phase: state.name }, snapshot.dropped);
    state.dropped += snapshot.dropped;
  }

  /** Raises the counters to the stage's totals (never lowers them: counters only go up). */
  private countUpTo(state: StageState, totals: EncodedStageSnapshot): void {
    const phase = state.name;
    for (const c of totals.commands) {
      const more = c.ops - (state.ops.get(c.label) ?? 0);
      // inc(0) makes the series exist, so a command that never completed still shows as 0.
      this.commands.inc({ phase, command: c.label }, Math.max(0, more));
      state.ops.set(c.label, Math.max(c.ops, state.ops.get(c.label) ?? 0));
      const kinds = state.errors.get(c.label) ?? new Map<string, number>();
      for (const [kind, n] of Object.entries(c.errors)) {
        const extra = n - (kinds.get(kind) ?? 0);
        if (extra > 0) this.errors.inc({ phase, command: c.label, kind }, extra);
      }
    }
    const extraDropped = totals.dropped - state.dropped;
    if (extraDropped > 0) this.dropped.inc({ phase }, extraDropped);
  }
}
