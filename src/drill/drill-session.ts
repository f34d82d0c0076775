/**
 * Runs a drill beside a load run, on the main thread: when the drilled phase starts it starts the
 * verifying writer and arms the action; at `at` it fires the action; when the phase ends it stops
 * the writer; afterwards it reads the writes back from the master and assembles the DrillResult.
 * It watches the master on its own (the deployment's MasterWatch: Sentinel's +switch-master, or the
 * owner of the writer's slot on a cluster) to know when the new master was found; the workers
 * follow the master with followers of their own.
 */
import { Connection } from '../client/connection.js';
import { describeEndpoint, type Endpoint } from '../client/target-url.js';
import type { Deployment } from '../deployment/deployment.js';
import type { MasterWatch } from '../deployment/master-watch.js';
import type { EncodedStageSnapshot } from '../metrics/index.js';
import type { DrillResult } from '../report/drill-result.js';
import type { PhaseResult } from '../report/run-result.js';
import { monotonicClock, type Clock } from '../shared/clock.js';
import { drillTimeline, errorsBySecond } from './drill-timeline.js';
import type { DrillSpec } from './drill-spec.js';
import { trigger, type LocalProcess } from './triggers.js';
import { UnavailabilityTracker } from './unavailability.js';
import { VerifyingWriter } from './verifying-writer.js';

export interface DrillSessionOptions {
  spec: DrillSpec;
  /** The drilled deployment (on a cluster, the writer's keys go to a slot of the master its URL names). */
  deployment: Deployment;
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
  private readonly master: MasterWatch;
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
  private readonly intervals: EncodedStageSnapshot[][] = [];

  constructor(private readonly options: DrillSessionOptions) {
    this.spec = options.spec;
    this.clock = options.clock ?? monotonicClock;
    this.tracker = new UnavailabilityTracker(this.spec.stallAfterMs * 1000);
    this.triggerText = `${this.spec.action} (not sent)`;
    this.master = options.deployment.watchMaster(this.clock);
  }

  /** Starts the master watch and connects the writer; call before the run starts. */
  async prepare(): Promise<void> {
    const runId = Date.now().toString(36);
    await this.master.start(runId);
    if (this.spec.writer) {
      const master = this.master;
      const conn = new Connection({
        target: master.actionTarget(),
        clientName: 'rbench-drill-writer',
        commandTimeoutMs: Math.max(5000, this.spec.pauseMs + 2000),
        reconnect: { initialMs: 20, maxMs: 500 },
        ...(master.resolve ? { resolveEndpoint: master.resolve } : {}),
      });
      await conn.connect();
      master.follow(conn);
      this.writerConn = conn;
      // On a cluster every key carries the tag, so all of them live in the drilled master's slot.
      this.writer = new VerifyingWriter({
        conn,
        prefix: master.keyPrefix(runId),
        wait: this.spec.wait,
        clock: this.clock,
        onWrite: (w) => this.tracker.observe(w),
        ...(master.noteMoved ? { onMoved: master.noteMoved } : {}),
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
    this.masterBefore = describeEndpoint(this.master.current());
    this.eventUs = this.clock.nowUs();
    this.tracker.markEvent(this.eventUs);
    this.options.onEvent?.();
    this.master.watch(this.eventUs);
    try {
      this.triggerText = await trigger(this.spec.action, {
        master: this.master.actionTarget(),
        failover: this.options.deployment.failover,
        pauseMs: this.spec.pauseMs,
        pauseWith: this.spec.pauseWith,
        localProcesses: this.options.localProcesses ?? [],
      });
    } catch (error) {
      this.triggerText = `${this.spec.action} (failed)`;
      this.triggerError = error instanceof Error ? error.message : String(error);
    }
  }

  /** After the run: stops the writer, reads the writes back from the master, and builds the result. */
  async finish(phase: PhaseResult | undefined): Promise<DrillResult> {
    if (this.timer) clearTimeout(this.timer);
    await this.firing;
    await this.writer?.stop();
    const known = this.master.current();
    const master = await this.master.refresh().catch(() => known);
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
    const found = this.master.found();
    return { newMasterFoundMs: found === null || this.eventUs === null ? null : (found.atUs - this.eventUs) / 1000, via: found?.via ?? null };
  }

  private async verifyWrites(master: Endpoint): Promise<DrillResult['writes']> {
    const w = this.writer;
    const base = { wait: this.spec.wait, verifyError: null as string | null };
    if (w === null) return { sent: 0, acknowledged: 0, failed: 0, notReplicated: 0, missing: 0, missingNotReplicated: 0, missingSample: [], ...base };
    const counts = { sent: w.sent, acknowledged: w.acknowledged.length, failed: w.failed, notReplicated: w.notReplicated.length };
    const target = this.master.targetAt(master);
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

  /** Closes the master watch and the writer's connection. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.writer?.stop();
    await this.writerConn?.close().catch(() => {});
    await this.master.close();
  }
}
