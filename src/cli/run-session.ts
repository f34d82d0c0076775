/**
 * One `rbench run`: start the workers on a plan, show progress, handle Ctrl-C, and assemble the
 * RunResult from what the workers measured. The first SIGINT stops sending and waits (bounded)
 * for replies in flight, so the result still holds everything done so far.
 */
import { cpus, hostname, platform, release } from 'node:os';
import { redactUrl } from '../client/redact.js';
import type { ClusterTarget, StandaloneTarget } from '../client/target-url.js';
import { firstKeyPositions, readOnlyCommands } from '../scenario/index.js';
import { initHistogramBackend, mergeSnapshots, type EncodedStageSnapshot } from '../metrics/index.js';
import type { Plan } from '../plan/index.js';
import { startPool } from '../pool/worker-pool.js';
import { buildPhaseResult } from '../report/phase-result.js';
import { SCHEMA_VERSION, type Comparison, type PhaseResult, type RunResult } from '../report/run-result.js';
import { buildWorkerJobs } from '../worker/worker-job.js';
import { ProgressLine } from './progress-line.js';
import { rbenchVersion } from './version.js';

export interface RunSessionOptions {
  plan: Plan;
  scenario: unknown;
  /** A cluster target routes by slot inside each worker. */
  target: StandaloneTarget | ClusterTarget;
  serverVersion: string | null;
  quiet: boolean;
  /** Cluster targets: 'replica' sends read-only commands to replicas. Default 'master'. */
  readFrom?: 'master' | 'replica';
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
  const cluster = options.target.kind === 'cluster';
  const replicaReads = cluster && options.readFrom === 'replica' ? readOnlyCommands() : [];
  const jobs = buildWorkerJobs(plan, options.target, 2, cluster ? firstKeyPositions() : {}, replicaReads);
  const stages = jobs[0]!.stages;
  const intervals: EncodedStageSnapshot[][][] = stages.map(() => jobs.map(() => []));
  const warnings = new Set<string>();
  const progress = new ProgressLine(options.quiet);
  let currentStage = -1;

  const pool = startPool(jobs, {
    onStageStart: (stage) => {
      currentStage = stage;
      progress.startStage(stages[stage]!.name, stages[stage]!.durationMs);
    },
    onInterval: (stage, worker, _elapsedMs, snapshot) => {
      intervals[stage]![worker]!.push(snapshot);
      progress.interval(worker, snapshot);
    },
    onStageDone: () => progress.endStage(),
    onWarning: (_worker, message) => warnings.add(message),
  });

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nrbench: interrupted; waiting for replies in flight (Ctrl-C again to quit at once)\n');
      pool.interrupt();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  const ticker = setInterval(() => progress.tick(pool.live()), 250);
  let run;
  try {
    run = await pool.done;
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', onSigint);
    progress.clear();
  }

  const phases: PhaseResult[] = [];
  const setup: RunResult['setup'] = [];
  stages.forEach((stage, s) => {
    const totals = run.stageTotals[s]!;
    if (totals.every((t) => t === null)) return;
    if (stage.kind === 'setup') {
      const merged = mergeSnapshots(totals.filter((t): t is EncodedStageSnapshot => t !== null));
      for (const c of merged.commands) if (c.ops > 0 || Object.keys(c.errors).length > 0) setup.push({ label: c.label, ops: c.ops, errors: c.errors });
      return;
    }
    if (stage.kind !== 'measure') return;
    const phasePlan = plan.phases.find((p) => p.name === stage.name)!;
    phases.push(
      buildPhaseResult({
        name: stage.name,
        pipeline: stage.pipeline,
        connections: phasePlan.connections,
        workers: jobs.length,
        rate: phasePlan.rate,
        totals,
        intervals: intervals[s]!,
        partial: run.interrupted && s >= currentStage,
      }),
    );
  });

  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    rbench: { version: rbenchVersion() },
    environment: { node: process.version, os: `${platform()} ${release()}`, cpus: cpus().length, hostname: hostname() },
    target: {
      url: options.target.display,
      topology: options.target.kind,
      serverVersion: options.serverVersion,
      nodes: nodeNames(options.target, phases),
    },
    scenario: options.scenario,
    plan: redactPlan(plan),
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    interrupted: run.interrupted,
    setup,
    phases,
    comparisons: comparePhases(phases),
    failures: run.failures,
    warnings: [...warnings],
  };
  return { result, interrupted: run.interrupted };
}

/** Every later phase against the first: the pipelined-vs-unpipelined comparison. */
export function comparePhases(phases: PhaseResult[]): Comparison[] {
  const base = phases[0];
  if (!base) return [];
  return phases.slice(1).map((other) => ({
    baseline: base.name,
    other: other.name,
    throughputRatio: base.totals.opsPerSec > 0 ? other.totals.opsPerSec / base.totals.opsPerSec : 0,
    p99Ratio: base.totals.latencyUs.p99 > 0 ? other.totals.latencyUs.p99 / base.totals.latencyUs.p99 : 0,
  }));
}

function nodeNames(target: StandaloneTarget | ClusterTarget, phases: PhaseResult[]): string[] {
  if (target.kind === 'standalone') {
    return [target.endpoint.transport === 'tcp' ? `${target.endpoint.host}:${target.endpoint.port}` : target.endpoint.path];
  }
  // The nodes that answered during the run; the seeds when nothing ran.
  const seen = new Set(phases.flatMap((p) => Object.keys(p.nodes ?? {})));
  return seen.size > 0 ? [...seen].sort() : target.seeds.map((s) => `${s.host}:${s.port}`);
}

/** The plan as reported: its target URL with any password removed. */
function redactPlan(plan: Plan): Plan {
  return { ...plan, target: plan.target === null ? null : redactUrl(plan.target) };
}
