/**
 * One `rbench run`: start the workers on a plan, show progress, handle Ctrl-C, and assemble the
 * RunResult from what the workers measured. The first SIGINT stops sending and waits (bounded)
 * for replies in flight, so the result still holds everything done so far.
 */
import type { Deployment } from '../deployment/deployment.js';
import { ClientNoiseMonitor, initHistogramBackend, type ClientNoise, type EncodedStageSnapshot } from '../metrics/index.js';
import type { Plan } from '../plan/index.js';
import { lowerCoordinatorPriority } from '../pool/coordinator-priority.js';
import { startPool } from '../pool/worker-pool.js';
import { buildPhaseResult } from '../report/phase-result.js';
import { assembleRunResult } from '../report/run-assembly.js';
import type { PhaseResult, RunResult } from '../report/run-result.js';
import type { StageSpec } from '../worker/stage-spec.js';
import { buildWorkerJobs } from '../worker/worker-job.js';
import type { StageSync } from '../segment/stage-sync.js';
import { ProgressLine } from './progress-line.js';
import { exitCodeFor, onStopSignal } from './signals.js';
import { attachServerLatency, serverLatencyPlan } from './server-latency-attribution.js';
import { ServerLatencyProbe } from './server-latency-probe.js';
import { rbenchVersion } from './version.js';

export interface RunSessionOptions {
  plan: Plan;
  scenario: unknown;
  /** Where the load goes (a cluster routes by slot inside each worker, a Sentinel deployment follows its master). */
  deployment: Deployment;
  serverVersion: string | null;
  /** CLIENT SETNAME of load connections; null where the server refuses it (from the server probe). */
  clientName?: string | null;
  quiet: boolean;
  /** Watches the run from the main thread (a drill does). */
  observer?: SessionObserver;
  /**
   * Called after each stage (setup, warm-up, measured phase, with its result) before the next one
   * starts; answering 'stop' skips the stages left (a sweep's early stop). Errors it throws are
   * reported as warnings and the run goes on.
   */
  afterStage?: (stage: AfterStageInfo) => Promise<'continue' | 'stop'> | 'continue' | 'stop';
  /**
   * Deletes the scenario's keys (reset: setup); called before every stage the plan marks
   * `resetBefore`. Absent: no reset (plan.reset none, or nothing to delete).
   */
  resetKeys?: () => Promise<{ keysDeleted: number }>;
  /** A segmented run: wait for the other segments before each stage, and time phases on the shared clock. */
  sync?: StageSync;
}

/** Main-thread hooks into a running session. */
export interface SessionObserver {
  /** A stage starts (its index into `stages`, its name and kind). */
  onStageStart?(stage: number, name: string, kind: 'setup' | 'warmup' | 'measure'): void;
  onInterval?(stage: number, worker: number, snapshot: EncodedStageSnapshot): void;
  /** A stage ended; `totals` are the workers' final snapshots (null where a worker failed). */
  onStageDone?(stage: number, totals: readonly (EncodedStageSnapshot | null)[]): void;
  /** A few times a second: the workers' live counters (the live metrics read in-flight). */
  onTick?(live: { ops: number; errors: number; inFlight: number }): void;
}

export interface AfterStageInfo {
  index: number;
  kind: StageSpec['kind'];
  name: string;
  /**
   * The measured phase's result once its last round is in (all rounds merged); null for setup
   * and warm-up stages and for earlier rounds.
   */
  phase: PhaseResult | null;
  /** True for the last stage of the first setup (the data is loaded, load has not started). */
  lastSetup: boolean;
}

export interface RunSessionOutcome {
  result: RunResult;
  interrupted: boolean;
}

/** Runs the plan to its end (or to an interruption) and returns the result. */
export async function runSession(options: RunSessionOptions): Promise<RunSessionOutcome> {
  await initHistogramBackend('wasm');
  const { plan } = options;
  const startedAt = new Date();
  const { deployment } = options;
  const jobs = buildWorkerJobs(plan, deployment.loadSpec(options.clientName === undefined ? {} : { clientName: options.clientName }));
  const observer = options.observer ?? {};
  const stages = jobs[0]!.stages;
  const intervals: EncodedStageSnapshot[][][] = stages.map(() => jobs.map(() => []));
  const resets = new Map<number, { keysDeleted: number; durationMs: number }>();
  const warnings = new Set<string>();
  const progress = new ProgressLine(options.quiet);
  let currentStage = -1;
  const stageStartedAt: number[] = [];
  const sync = options.sync;
  // The server's own latency: LATENCY HISTOGRAM before and after each measured stage.
  const serverPlan = serverLatencyPlan(plan.mix);
  const serverLatency = new ServerLatencyProbe(deployment, serverPlan);
  const withServerLatency = (phase: PhaseResult): PhaseResult => {
    const view = serverLatency.view(phase.name);
    if (view !== null) attachServerLatency(phase, serverPlan, view);
    return phase;
  };

  // The main thread's own pauses during each measured stage (the workers measure theirs).
  const mainMonitors = new Map<number, ClientNoiseMonitor>();
  const mainNoise = new Map<number, ClientNoise>();
  const stopMainMonitor = (stage: number) => {
    const monitor = mainMonitors.get(stage);
    mainMonitors.delete(stage);
    if (monitor) mainNoise.set(stage, monitor.stop());
  };

  const firstSetupEnd = stages.findIndex((st, i) => st.kind === 'setup' && stages[i + 1]?.kind !== 'setup');

  const pool = startPool(jobs, {
    onBeforeStage: async (stage) => {
      if (!stages[stage]!.resetBefore || options.resetKeys === undefined) return;
      const started = performance.now();
      try {
        const { keysDeleted } = await options.resetKeys();
        resets.set(stage, { keysDeleted, durationMs: performance.now() - started });
      } catch (err) {
        // A proxy or managed service may refuse SCAN: one warning, and the run goes on unreset.
        warnings.add(`reset not done (${err instanceof Error ? err.message : String(err)}): each phase starts from the data the phase before left; --reset none silences this`);
      }
    },
    // A segmented run: meet the other segments before each stage, start at the instant agreed.
    ...(sync && { beforeStage: (stage: number) => sync.beforeStage({ index: stage, ...stages[stage]! }, () => interrupts > 0) }),
    onStageStart: async (stage) => {
      if (stages[stage]!.kind === 'measure') {
        await serverLatency.before(stage);
        mainMonitors.set(stage, new ClientNoiseMonitor());
      }
      if (sync) await sync.waitForStart(stage, () => interrupts > 0);
      currentStage = stage;
      stageStartedAt[stage] = sync?.nowMs() ?? Date.now();
      progress.startStage(stageLabel(stage), stages[stage]!.durationMs);
      observer.onStageStart?.(stage, stages[stage]!.name, stages[stage]!.kind);
    },
    onInterval: (stage, worker, _elapsedMs, snapshot) => {
      intervals[stage]![worker]!.push(snapshot);
      progress.interval(worker, snapshot);
      observer.onInterval?.(stage, worker, snapshot);
    },
    onStageDone: async (stage, totals) => {
      progress.endStage();
      stopMainMonitor(stage);
      if (stages[stage]!.kind === 'measure') await serverLatency.after(stage, stages[stage]!.name);
      observer.onStageDone?.(stage, totals);
      stageTotals[stage] = totals;
      if (options.afterStage === undefined || interrupts > 0) return;
      const spec = stages[stage]!;
      try {
        const lastRound = spec.kind === 'measure' && measuredStagesOf(spec.phase!).at(-1) === stage;
        const phase = lastRound ? phaseResult(spec.phase!, false) : null;
        const answer = await options.afterStage({ index: stage, kind: spec.kind, name: spec.name, phase, lastSetup: stage === firstSetupEnd });
        if (answer === 'stop') pool.skipRemaining();
      } catch (err) {
        warnings.add(`after ${spec.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    onWarning: (_worker, message) => warnings.add(message),
  });
  const stageTotals: ((EncodedStageSnapshot | null)[] | undefined)[] = stages.map(() => undefined);

  /** "pipeline=16 (round 2/3)" when the plan has rounds. */
  function stageLabel(stage: number): string {
    const spec = stages[stage]!;
    return plan.rounds > 1 ? `${spec.name} (round ${spec.round + 1}/${plan.rounds})` : spec.name;
  }

  /** The measured stages of plan phase `p`, in run order (one per round). */
  function measuredStagesOf(p: number): number[] {
    return stages.flatMap((st, i) => (st.kind === 'measure' && st.phase === p ? [i] : []));
  }

  /**
   * Reset before a phase's round: the deletion marked on the first stage of its unit, plus the
   * time the setup after it took (both are preparation, not load).
   */
  function resetFor(measured: number): { keysDeleted: number; durationMs: number } | null {
    let setupMs = 0;
    for (let i = measured - 1; i >= 0 && stages[i]!.kind !== 'measure'; i--) {
      if (stages[i]!.kind === 'setup') setupMs += stageSpanMs(i);
      const r = resets.get(i);
      if (r !== undefined) return { keysDeleted: r.keysDeleted, durationMs: r.durationMs + setupMs };
    }
    return resets.get(measured) ?? null;
  }

  /** How long a stage ran: its longest worker span. */
  function stageSpanMs(stage: number): number {
    const spans = (stageTotals[stage] ?? []).flatMap((t) => (t === null ? [] : [(t.endUs - t.startUs) / 1000]));
    return spans.length > 0 ? Math.max(...spans) : 0;
  }

  /** Plan phase `p` from the rounds that ran (all of them merged), or null when none did. */
  function phaseResult(p: number, partial: boolean): PhaseResult | null {
    const ran = measuredStagesOf(p).filter((s) => stageTotals[s]?.some((t) => t !== null));
    if (ran.length === 0) return null;
    const phasePlan = plan.phases[p]!;
    const phase = buildPhaseResult({
      name: phasePlan.name,
      pipeline: phasePlan.pipeline,
      connections: phasePlan.connections,
      workers: jobs.length,
      rate: phasePlan.rate,
      rounds: ran.map((s) => ({ totals: stageTotals[s]!, intervals: intervals[s]!, reset: resetFor(s), mainThread: mainNoise.get(s) ?? null })),
      partial,
      maxErrorRate: plan.maxErrorRate,
      timelineHdr: sync !== undefined,
    });
    // When the first round was released: on the shared clock in a segmented run.
    return { ...withServerLatency(phase), startedAt: isoTime(stageStartedAt[ran[0]!]) };
  }

  let interrupts = 0;
  const releaseSignals = onStopSignal((signal) => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(`\nrbench: ${signal === 'SIGINT' ? 'interrupted' : `${signal} received`}; waiting for replies in flight (a second signal quits at once)\n`);
      pool.interrupt();
    } else {
      process.exit(exitCodeFor(signal));
    }
  });
  lowerCoordinatorPriority(); // after startPool: the worker threads keep the default priority
  const ticker = setInterval(() => {
    const live = pool.live();
    progress.tick(live);
    observer.onTick?.(live);
  }, 250);
  let run;
  try {
    run = await pool.done;
  } finally {
    clearInterval(ticker);
    releaseSignals();
    progress.clear();
    for (const stage of [...mainMonitors.keys()]) stopMainMonitor(stage);
    await serverLatency.close();
  }

  stages.forEach((_, st) => {
    stageTotals[st] ??= run.stageTotals[st];
  });
  const phases: PhaseResult[] = [];
  plan.phases.forEach((_, p) => {
    const last = measuredStagesOf(p).at(-1) ?? -1;
    const phase = phaseResult(p, run.interrupted && last >= currentStage);
    if (phase !== null) phases.push(phase);
  });
  const result = assembleRunResult({
    rbenchVersion: rbenchVersion(),
    target: { url: deployment.display, topology: deployment.kind, serverVersion: options.serverVersion, nodes: deployment.namedNodes(), readFrom: deployment.readFrom },
    scenario: options.scenario,
    plan,
    startedAt,
    endedAt: new Date(),
    interrupted: run.interrupted,
    setupTotals: stages.flatMap((st, i) => (st.kind === 'setup' ? [run.stageTotals[i]!] : [])),
    phases,
    failures: run.failures,
    warnings: [...warnings],
  });
  return { result, interrupted: run.interrupted };
}

/** When a stage was released, as ISO text (the shared clock for a segmented run). */
function isoTime(ms: number | undefined): string {
  return new Date(ms ?? Date.now()).toISOString();
}
