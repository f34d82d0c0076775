/**
 * A worker's whole job, built on the main thread from the Plan: where to connect, what to send,
 * and the stages to run (setup steps, warm-ups, measured phases), already split for this worker.
 */
import type { KeyPositions } from '../client/cluster/command-scan.js';
import type { ClusterTarget, SentinelTarget, StandaloneTarget } from '../client/target-url.js';
import type { Plan, WorkerShare } from '../plan/index.js';
import { clusterKeyPlan, splitPlan } from '../plan/index.js';
import type { StageSpec } from './stage-spec.js';

export interface WorkerJob {
  /** Contains the password, if any: it stays in memory and never reaches a report. */
  target: StandaloneTarget | ClusterTarget;
  /** Set for sentinel:// targets: the load connections follow the master it names (target is the master at start). */
  sentinel: SentinelTarget | null;
  protocol: 2 | 3;
  /** Cluster targets: where each command's first key is, for routing by slot. */
  keyPositions: KeyPositions;
  /** Replica mode (cluster or sentinel, --read-from replica): the read-only commands, which go to replicas. */
  replicaReads: string[];
  /** CLIENT SETNAME of standalone load and role connections; null where the server refuses it (proxies). */
  clientName: string | null;
  /** Cluster targets: key spaces (null = main) that get rbench's per-group hash tags. */
  autoTagKeyspaces: (string | null)[];
  plan: Plan;
  share: WorkerShare;
  stages: StageSpec[];
}

/** Commands in flight per connection while filling keys during setup. */
const SETUP_PIPELINE = 32;

/** Mix index of the measured mix; setup step i uses mix i + 1. */
export const MAIN_MIX = 0;

/**
 * Mix index of phase `p`: the measured mix, or (when the phase has its own value size, as in a
 * value-size sweep) its own copy compiled after the setup mixes. Workers compile the same list.
 */
export function phaseMixIndex(plan: Plan, p: number): number {
  if (plan.phases[p]?.data === undefined) return MAIN_MIX;
  return 1 + plan.setup.length + plan.phases.slice(0, p).filter((phase) => phase.data !== undefined).length;
}

export interface WorkerJobOptions {
  protocol?: 2 | 3;
  /** sentinel:// targets: the Sentinel deployment to follow. */
  sentinel?: SentinelTarget | null;
  /** Cluster targets: first-key positions per command. */
  keyPositions?: KeyPositions;
  /** Replica mode (--read-from replica): the read-only commands. */
  replicaReads?: string[];
  /** CLIENT SETNAME of load connections; null where the server refuses it (proxies). Default 'rbench'. */
  clientName?: string | null;
}

/** One job per worker; every job lists the same stages in the same order (the barrier needs it). */
export function buildWorkerJobs(plan: Plan, target: StandaloneTarget | ClusterTarget, options: WorkerJobOptions = {}): WorkerJob[] {
  const shares = splitPlan(plan, plan.workers);
  const autoTagKeyspaces = target.kind === 'cluster' ? clusterKeyPlan(plan).autoTag : [];
  const common = {
    target,
    sentinel: options.sentinel ?? null,
    protocol: options.protocol ?? 2,
    keyPositions: options.keyPositions ?? {},
    replicaReads: options.replicaReads ?? [],
    clientName: options.clientName === undefined ? 'rbench' : options.clientName,
    autoTagKeyspaces,
  };
  return shares.map((share) => ({ ...common, plan, share, stages: stagesFor(plan, share) }));
}

function stagesFor(plan: Plan, share: WorkerShare): StageSpec[] {
  const stages: StageSpec[] = [];
  const setupConnections = Math.max(1, Math.max(...share.phases.map((p) => p.connections), 1));
  share.setup.forEach((step, i) => {
    stages.push({
      name: `setup ${step.label}`,
      kind: 'setup',
      pipeline: SETUP_PIPELINE,
      connections: setupConnections,
      rate: null,
      durationMs: null,
      requests: step.count,
      mix: i + 1,
    });
  });
  plan.phases.forEach((phase, p) => {
    const mine = share.phases[p]!;
    if (phase.warmupMs > 0) {
      stages.push({
        name: `warm-up ${phase.name}`,
        kind: 'warmup',
        pipeline: phase.pipeline,
        connections: mine.connections,
        rate: mine.rate,
        durationMs: phase.warmupMs,
        requests: null,
        mix: phaseMixIndex(plan, p),
      });
    }
    stages.push({
      name: phase.name,
      kind: 'measure',
      pipeline: phase.pipeline,
      connections: mine.connections,
      rate: mine.rate,
      durationMs: phase.durationMs,
      requests: mine.requests,
      mix: phaseMixIndex(plan, p),
    });
  });
  return stages;
}
