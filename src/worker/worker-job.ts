/**
 * A worker's whole job, built on the main thread from the Plan: where to connect (the
 * deployment's LoadSpec, plain data), what to send, and the stages to run (setup steps, warm-ups,
 * measured phases), already split for this worker.
 */
import { routesBySlot, type LoadSpec } from '../deployment/deployment-spec.js';
import type { Plan, WorkerShare } from '../plan/index.js';
import { clientWarmupParts, clientWarmupRequests, clusterKeyPlan, splitPlan } from '../plan/index.js';
import { stageSpec, type StageSpec } from './stage-spec.js';
import { clientWarmupMixId, phaseMixId, setupMixId, workloadLayout, type WorkloadLayout } from './workload-layout.js';

export interface WorkerJob {
  /** The deployment and how to talk to it (contains the passwords; never reaches a report). */
  load: LoadSpec;
  /** Slot-routed deployments: key spaces (null = main) that get rbench's per-group hash tags. */
  autoTagKeyspaces: (string | null)[];
  plan: Plan;
  /** The mixes and role slots, with the ids stages name them by; workers compile from it. */
  layout: WorkloadLayout;
  share: WorkerShare;
  stages: StageSpec[];
}

/** Commands in flight per connection while filling keys during setup. */
const SETUP_PIPELINE = 32;

/** One job per worker; every job lists the same stages in the same order (the barrier needs it). */
export function buildWorkerJobs(plan: Plan, load: LoadSpec): WorkerJob[] {
  const shares = splitPlan(plan, plan.workers);
  const autoTagKeyspaces = routesBySlot(load.deployment) ? clusterKeyPlan(plan).autoTag : [];
  const layout = workloadLayout(plan);
  return shares.map((share) => ({ load, autoTagKeyspaces, plan, layout, share, stages: stagesFor(plan, layout, share) }));
}

/**
 * The stage list: for every (round, phase) pair in run order, the setup (before the first phase,
 * and again before every phase when the plan resets), the warm-up, then the measured phase.
 */
function stagesFor(plan: Plan, layout: WorkloadLayout, share: WorkerShare): StageSpec[] {
  const stages: StageSpec[] = [];
  const setupConnections = Math.max(1, Math.max(...share.phases.map((p) => p.connections), 1));
  const setupStages = (round: number, resetBefore: boolean): StageSpec[] =>
    share.setup.map((step, i) => ({
      name: `setup ${step.label}`,
      kind: 'setup',
      pipeline: SETUP_PIPELINE,
      connections: setupConnections,
      rate: null,
      durationMs: null,
      requests: step.count,
      mix: setupMixId(layout, i),
      phase: null,
      round,
      resetBefore: resetBefore && i === 0,
    }));
  runOrder(plan).forEach(({ phase: p, round }, n) => {
    const phase = plan.phases[p]!;
    const mine = share.phases[p]!;
    const reset = plan.reset === 'setup';
    const unit: StageSpec[] = n === 0 || reset ? setupStages(round, reset) : [];
    const common = { pipeline: phase.pipeline, connections: mine.connections, rate: mine.rate, mix: phaseMixId(layout, p), phase: p, round, resetBefore: false };
    if (phase.warmupMs > 0) unit.push({ ...common, name: `warm-up ${phase.name}`, kind: 'warmup', durationMs: phase.warmupMs, requests: null });
    unit.push({ ...common, name: phase.name, kind: 'measure', durationMs: phase.durationMs, requests: mine.requests });
    // With no setup steps the reset goes right before the phase's first stage.
    if (reset && unit[0] !== undefined) unit[0].resetBefore = true;
    stages.push(...unit);
  });
  const warmupMs = plan.clientWarmupMs ?? 0;
  const first = runOrder(plan)[0];
  if (warmupMs > 0 && first !== undefined) {
    // On every worker and segment alike (the barriers need the same stages everywhere): a share
    // that rounds to no PING ends the stage at once.
    const mine = share.phases[first.phase]!;
    // Shaped like the first phase (closed loop or its rate, its depth) over every connection the
    // stages will use, so the same code paths are warm; in two parts (see clientWarmupParts).
    const parts = clientWarmupParts(warmupMs, clientWarmupRequests(mine.requests)).map(({ durationMs, requests }): StageSpec => ({
      name: 'client warm-up',
      kind: 'warmup',
      pipeline: plan.phases[first.phase]!.pipeline,
      connections: setupConnections,
      rate: mine.rate,
      durationMs,
      requests,
      mix: clientWarmupMixId(layout),
      phase: null,
      round: 0,
      resetBefore: false,
    }));
    stages.unshift(...parts);
  }
  // One field order for every kind of stage (see stageSpec), whatever order each was built in.
  return stages.map(stageSpec);
}

/** (phase, round) pairs in the order they run: A B A B for a run, A A B B for a sweep. */
export function runOrder(plan: Plan): { phase: number; round: number }[] {
  const order: { phase: number; round: number }[] = [];
  const phases = plan.phases.length;
  if (plan.roundOrder === 'consecutive') {
    for (let p = 0; p < phases; p++) for (let r = 0; r < plan.rounds; r++) order.push({ phase: p, round: r });
  } else {
    for (let r = 0; r < plan.rounds; r++) for (let p = 0; p < phases; p++) order.push({ phase: p, round: r });
  }
  return order;
}
