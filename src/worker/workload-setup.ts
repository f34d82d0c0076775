/**
 * Turns the Plan's workload description into the compiled command mixes a worker sends: the
 * measured mix (index 0) and one single-entry mix per setup step, whose first `{key}` (or
 * `{key:NAME}`) walks that key space in order from this worker's first setup index, so a step
 * without a count fills every key once.
 */
import type { DataSizePlan, KeyspacePlan, Plan, StepPlan } from '../plan/index.js';
import type { WorkerShare } from '../plan/index.js';
import { firstKeySpace } from '../plan/index.js';
import {
  compileMix,
  compileTemplate,
  createWorkloadContext,
  SeqCounter,
  type CommandMix,
  type DistributionOptions,
  type Emitter,
  type KeyspaceOptions,
  type WorkloadContext,
} from '../workload/index.js';
import { DELIVERY_LABEL, queueLabel } from '../shared/role-labels.js';

export { PROMISED_COUNTER } from '../shared/role-labels.js';

export interface CompiledWorkload {
  /** mixes[0] is the measured mix; mixes[i + 1] is setup step i. */
  mixes: CommandMix[];
  /** Report labels of each mix's entries. */
  labels: string[][];
  /** Measured-mix entries whose integer reply is wanted: PUBLISH, to count promised deliveries. */
  integerEntries: boolean[];
  /** One compiled blocking pop per consumer group, in plan.roles.consumers order. */
  consumerEmitters: Emitter[];
}


/** Labels the roles add after a stage's mix labels (same order in every stage). */
export function roleLabels(plan: Plan): string[] {
  const labels: string[] = [];
  if (plan.roles.subscribers) labels.push(DELIVERY_LABEL);
  for (const group of plan.roles.consumers) labels.push(queueLabel(group.label));
  return labels;
}

/** Compiles every mix this worker may send. */
export function compileWorkload(plan: Plan, share: WorkerShare, autoTag: readonly (string | null)[] = []): CompiledWorkload {
  const seq = new SeqCounter(share.workerIndex, share.workerCount);
  const stamped = plan.mix.some((m) => m.stampsValue);
  /** `walk`: the key space that goes in order from `start` (setup steps); the others draw as the plan says. */
  const context = (walk?: { space: string | null; start: number }, data: DataSizePlan = plan.data, stream = 0): WorkloadContext =>
    createWorkloadContext({
      seed: (plan.seed + Math.imul(stream, 0x9e3779b1)) >>> 0,
      workerIndex: share.workerIndex,
      workerCount: share.workerCount,
      keyspaces: [plan.keyspace, ...Object.values(plan.keyspaces)].map((k) =>
        keyspaceOptions(
          k,
          walk !== undefined && walk.space === k.name ? { kind: 'sequential', start: walk.start % Math.max(1, k.keys) } : undefined,
          autoTag.includes(k.name),
        ),
      ),
      fields: { cardinality: plan.fields, distribution: { kind: 'uniform' } },
      members: { cardinality: plan.members, distribution: { kind: 'uniform' } },
      value: { size: data, timestamped: stamped },
      seq,
    });
  const main = context();
  const mixes: CommandMix[] = [compileMix(plan.mix.map((entry) => mixEntry(entry, entry.weight, main)), main)];
  const labels: string[][] = [plan.mix.map((m) => m.label)];
  plan.setup.forEach((step, i) => {
    const start = share.setup[i]?.start ?? 0;
    const ctx = context({ space: firstKeySpace(step) ?? null, start });
    mixes.push(compileMix([mixEntry(step, 1, ctx)], ctx));
    labels.push([step.label]);
  });
  // Phases with their own value size (a value-size sweep) get their own copy of the measured
  // mix, in phase order, at the indexes phaseMixIndex() gives them.
  // Each copy draws its own key stream: the same stream would replay the previous step's keys.
  for (const [p, phase] of plan.phases.entries()) {
    if (phase.data === undefined) continue;
    const ctx = context(undefined, phase.data, p + 1);
    mixes.push(compileMix(plan.mix.map((entry) => mixEntry(entry, entry.weight, ctx)), ctx));
    labels.push(plan.mix.map((m) => m.label));
  }
  const integerEntries = plan.mix.map(
    (m) => plan.roles.subscribers !== null && m.kind === 'command' && m.commands[0]?.template.command === 'PUBLISH',
  );
  const consumerEmitters = plan.roles.consumers.map((group) => compileTemplate(group.command.template, main));
  return { mixes, labels, integerEntries, consumerEmitters };
}

function mixEntry(step: StepPlan, weight: number, ctx: WorkloadContext) {
  return {
    emitters: step.commands.map((c) => compileTemplate(c.template, ctx)),
    weight,
    transaction: step.kind === 'multi',
  };
}

function keyspaceOptions(k: KeyspacePlan, override: DistributionOptions | undefined, groupTags: boolean): KeyspaceOptions {
  // keyPrefix already carries the scenario's hash tag (`{prefix}`), which keeps the keyspace in one
  // cluster slot as the scenario format documents. The workload's own per-group tags are on only
  // for untagged key spaces that multi-key commands use on a cluster (src/plan/cluster-keys.ts).
  return { name: k.name, prefix: k.keyPrefix, keys: k.keys, distribution: override ?? k.distribution, hashtag: groupTags };
}
