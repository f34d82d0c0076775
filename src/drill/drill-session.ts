/**
 * Runs a drill beside a load run, on the main thread: when the drilled phase starts it starts the
 * verifying writer and arms the action; at `at` it fires the action; when the phase ends it stops
 * the writer; afterwards it reads the writes back from the master and assembles the DrillResult.
 * It watches Sentinel on its own (a follower with +switch-master) to know when the new master
 * was found; the workers follow the master with followers of their own.
 */
import { Connection } from '../client/connection.js';
import { SentinelFollower, type MasterSwitch } from '../client/sentinel/sentinel-follower.js';
import { dataNodeTarget } from '../client/sentinel/sentinel-lookup.js';
import { describeEndpoint, type ClusterTarget, type Endpoint, type SentinelTarget, type StandaloneTarget } from '../client/target-url.js';
import type { EncodedStageSnapshot } from '../metrics/index.js';
import type { DrillResult } from '../report/drill-result.js';
import type { PhaseResult } from '../report/run-result.js';
import { monotonicClock, type Clock } from '../shared/clock.js';
import { ClusterSlotFollower } from './cluster-slot-follower.js';
import { drillTimeline, errorsBySecond } from './drill-timeline.js';
import type { DrillSpec } from './drill-spec.js';
import { trigger, type LocalProcess } from './triggers.js';
import { UnavailabilityTracker } from './unavailability.js';
import { VerifyingWriter } from './verifying-writer.js';

export interface DrillSessionOptions {
  spec: DrillSpec;
  /** The master at start, with the data-node credentials. */
  target: StandaloneTarget;
  sentinel: SentinelTarget | null;
  /** A cluster target: the writer's keys go to a slot of the drilled master (`target`) and follow that slot. */
  cluster?: ClusterTarget | null;
  /** Processes rbench started, for kill-master. */
  localProcesses?: readonly LocalProcess[];
  clock?: Clock;
  /** Called the moment the action is sent (the live metrics mark it). */
  onEvent?: () => void;
}

const MISSING_SAMPLE = 10;

export class DrillSession {
  private readonly spec: DrillSpec;
  private readonly clock: Clock;
  private readonly tracker: UnavailabilityTracker;
  private follower: SentinelFollower | null = null;
  private slots: ClusterSlotFollower | null = null;
  private writerConn: Connection | null = null;
  private writer: VerifyingWriter | null = null;
  private stage = -1;
  private phaseStartUs: number | null = null;
  private eventUs: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private firing: Promise<void> | null = null;
  private triggerText = '';
  private triggerError: string | null = null;
  private masterBefore: string | null = null;
  private firstSwitch: MasterSwitch | null = null;
  private readonly intervals: EncodedStageSnapshot[][] = [];

  constructor(private readonly options: DrillSessionOptions) {
    this.spec = options.spec;
    this.clock = options.clock ?? monotonicClock;
    this.tracker = new UnavailabilityTracker(this.spec.stallAfterMs * 1000);
    this.triggerText = `${this.spec.action} (not sent)`;
  }

  /** Connects the follower and the writer; call before the run starts. */
  async prepare(): Promise<void> {
    if (this.options.sentinel !== null) {
      this.follower = new SentinelFollower(this.options.sentinel, { clock: this.clock, onSwitch: (change) => this.onSwitch(change) });
      await this.follower.start();
    }
    const runId = Date.now().toString(36);
    const cluster = this.options.cluster ?? null;
    if (cluster !== null) {
      this.slots = new ClusterSlotFollower(cluster, this.options.target, this.clock);
      await this.slots.start(runId);
    }
    if (this.spec.writer) {
      const conn = new Connection({
        target: this.options.target,
        clientName: 'rbench-drill-writer',
        commandTimeoutMs: Math.max(5000, this.spec.pauseMs + 2000),
        reconnect: { initialMs: 20, maxMs: 500 },
        ...(this.follower ? { resolveEndpoint: this.follower.resolve } : {}),
        ...(this.slots ? { resolveEndpoint: this.slots.resolve } : {}),
      });
      await conn.connect();
      this.follower?.follow(conn);
      this.writerConn = conn;
      // On a cluster every key carries the tag, so all of them live in the drilled master's slot.
      const prefix = this.slots ? `rbench:drill:{${this.slots.tag}}:` : `rbench:drill:${runId}:`;
      const slots = this.slots;
      this.writer = new VerifyingWriter({
        conn,
        prefix,
        wait: this.spec.wait,
        clock: this.clock,
        onWrite: (w) => this.tracker.observe(w),
        ...(slots ? { onMoved: (message: string) => slots.noteMoved(message) } : {}),
      });
    }
  }

  /** The hooks for runSession's observer. */
  readonly observer = {
    onStageStart: (stage: number, name: string, kind: string): void => {
      if (this.stage >= 0 || kind !== 'measure' || name !== this.spec.phase) return;
      this.stage = stage;
      this.phaseStartUs = this.clock.nowUs();
      this.writer?.start();
      this.timer = setTimeout(() => {
        this.firing = this.fire();
      }, this.spec.atMs);
    },
    onInterval: (stage: number, worker: number, snapshot: EncodedStageSnapshot): void => {
      if (stage !== this.stage) return;
      (this.intervals[worker] ??= []).push(snapshot);
    },
    onStageDone: (stage: number): void => {
      if (stage !== this.stage) return;
      if (this.timer) clearTimeout(this.timer);
      void this.writer?.stop();
    },
  };

  private async fire(): Promise<void> {
    const master = this.currentMaster();
    this.masterBefore = describeEndpoint(master);
    this.eventUs = this.clock.nowUs();
    this.tracker.markEvent(this.eventUs);
    this.options.onEvent?.();
    this.slots?.watch();
    try {
      this.triggerText = await trigger(this.spec.action, {
        master: this.options.sentinel ? dataNodeTarget(this.options.sentinel, master) : this.options.target,
        sentinel: this.options.sentinel,
        pauseMs: this.spec.pauseMs,
        pauseWith: this.spec.pauseWith,
        localProcesses: this.options.localProcesses ?? [],
      });
    } catch (error) {
      this.triggerText = `${this.spec.action} (failed)`;
      this.triggerError = error instanceof Error ? error.message : String(error);
    }
  }

  private onSwitch(change: MasterSwitch): void {
    if (this.eventUs !== null && this.firstSwitch === null && change.atUs >= this.eventUs) this.firstSwitch = change;
  }

  private currentMaster(): Endpoint {
    return this.follower?.current ?? this.slots?.current ?? this.options.target.endpoint;
  }

  /** After the run: stops the writer, reads the writes back from the master, and builds the result. */
  async finish(phase: PhaseResult | undefined): Promise<DrillResult> {
    if (this.timer) clearTimeout(this.timer);
    await this.firing;
    await this.writer?.stop();
    let master = this.currentMaster();
    if (this.follower) master = await this.follower.refresh().catch(() => master);
    if (this.slots) master = await this.slots.refresh().catch(() => master);
    const masterAfter = describeEndpoint(master);
    const window = this.tracker.result(masterAfter);
    const sinceStartS = (us: number | null) => (us === null || this.phaseStartUs === null ? null : (us - this.phaseStartUs) / 1e6);
    const writes = await this.verifyWrites(master);
    return {
      action: this.spec.action,
      phase: this.spec.phase,
      plannedAtS: this.spec.atMs / 1000,
      eventAtS: sinceStartS(this.eventUs),
      trigger: this.triggerText,
      triggerError: this.triggerError,
      masterBefore: this.masterBefore,
      masterAfter,
      unavailability: {
        windowMs: window.windowUs / 1000,
        startAtS: sinceStartS(window.startUs),
        endAtS: sinceStartS(window.endUs),
        firstFailure: window.firstFailure,
        stallThresholdMs: this.spec.stallAfterMs,
      },
      discovery: this.discovery(),
      writes,
      timeline: phase ? drillTimeline(phase.timeline, errorsBySecond(this.intervals)) : [],
    };
  }

  /** When rbench knew the new master: Sentinel's switch, or (cluster) the writer's slot seen with a new owner. */
  private discovery(): DrillResult['discovery'] {
    const change = this.slots?.change ?? null;
    const found = change ?? this.firstSwitch;
    const via = change !== null ? change.how : (this.firstSwitch?.via ?? null);
    return { newMasterFoundMs: found === null || this.eventUs === null ? null : (found.atUs - this.eventUs) / 1000, via };
  }

  private async verifyWrites(master: Endpoint): Promise<DrillResult['writes']> {
    const w = this.writer;
    const base = { wait: this.spec.wait, verifyError: null as string | null };
    if (w === null) return { sent: 0, acknowledged: 0, failed: 0, notReplicated: 0, missing: 0, missingNotReplicated: 0, missingSample: [], ...base };
    const counts = { sent: w.sent, acknowledged: w.acknowledged.length, failed: w.failed, notReplicated: w.notReplicated.length };
    const target = this.options.sentinel ? dataNodeTarget(this.options.sentinel, master) : { ...this.options.target, endpoint: master };
    const conn = new Connection({ target, reconnect: false, clientName: 'rbench-drill-verify' });
    try {
      await conn.connect();
      const { missing, missingNotReplicated } = await w.verify(conn);
      await w.cleanUp(conn).catch(() => {});
      return { ...counts, missing: missing.length, missingNotReplicated: missingNotReplicated.length, missingSample: missing.slice(0, MISSING_SAMPLE).map((s) => w.key(s)), ...base };
    } catch (error) {
      return { ...counts, missing: 0, missingNotReplicated: 0, missingSample: [], wait: this.spec.wait, verifyError: error instanceof Error ? error.message : String(error) };
    } finally {
      await conn.close().catch(() => {});
    }
  }

  /** Closes the follower and the writer's connection. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.writer?.stop();
    await this.writerConn?.close().catch(() => {});
    await this.follower?.close();
  }
}
