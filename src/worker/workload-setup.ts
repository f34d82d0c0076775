/**
 * Compiles the command mixes a worker sends, exactly those the job's layout lists (main thread,
 * workload-layout.ts), and finds them by the id each stage names: the measured mix, one
 * single-entry mix per setup step, whose first `{key}` (or `{key:NAME}`) walks that key space in
 * order from this worker's first setup index, so a step without a count fills every key once,
 * and a copy of the measured mix per phase with its own value size.
 */
import type { DataSizePlan, KeyspacePlan, Plan, StepPlan } from '../plan/index.js';
import type { WorkerShare } from '../plan/index.js';
import { CLIENT_WARMUP_COMMANDS, CLIENT_WARMUP_KEY_ARG, firstKeySpace } from '../plan/index.js';
import { parseTemplate } from '../scenario/template-syntax.js';
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
import type { MixLayout, WorkloadLayout } from './workload-layout.js';

/** The client warm-up's random stream: apart from the mixes', so warming up shifts none of their draws. */
const CLIENT_WARMUP_STREAM = -1;

export { PROMISED_COUNTER } from '../shared/role-labels.js';

/** One compiled mix of the layout. */
export interface CompiledMix {
  id: number;
  mix: CommandMix;
  /** Report labels of the mix's entries, as the layout gives them. */
  labels: string[];
  /** Entries whose integer reply is wanted: PUBLISH, to count promised deliveries (none in setup mixes). */
  integerEntries: boolean[];
}

export interface CompiledWorkload {
  /** The mix the layout lists under `id`; throws on an id it does not list. */
  mix(id: number): CompiledMix;
  /** One compiled blocking pop per consumer group, in plan.roles.consumers order. */
  consumerEmitters: Emitter[];
}

/** Compiles every mix of `layout` for this worker. */
export function compileWorkload(plan: Plan, share: WorkerShare, layout: WorkloadLayout, autoTag: readonly (string | null)[] = []): CompiledWorkload {
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
  const measuredIntegers = plan.mix.map(
    (m) => plan.roles.subscribers !== null && m.kind === 'command' && m.commands[0]?.template.command === 'PUBLISH',
  );
  const measured = (ctx: WorkloadContext) => compileMix(plan.mix.map((entry) => mixEntry(entry, entry.weight, ctx)), ctx);
  const compileOne = (layoutMix: MixLayout): { mix: CommandMix; integerEntries: boolean[] } => {
    const source = layoutMix.source;
    switch (source.kind) {
      case 'measured':
        return { mix: measured(main), integerEntries: measuredIntegers };
      case 'setup': {
        const step = plan.setup[source.step];
        if (step === undefined) throw new Error(`mix ${layoutMix.id} is setup step ${source.step}, but the plan has ${plan.setup.length} setup steps`);
        const ctx = context({ space: firstKeySpace(step) ?? null, start: share.setup[source.step]?.start ?? 0 });
        return { mix: compileMix([mixEntry(step, 1, ctx)], ctx), integerEntries: [false] };
      }
      case 'client-warmup': {
        const ctx = context(undefined, plan.data, CLIENT_WARMUP_STREAM);
        // PING's {key} goes through argKey as a mix's first key does (see CLIENT_WARMUP_KEY_ARG).
        const entries = CLIENT_WARMUP_COMMANDS.map((text) => ({ emitters: [compileTemplate(parseTemplate(text), ctx, CLIENT_WARMUP_KEY_ARG)], weight: 1, transaction: false }));
        return { mix: compileMix(entries, ctx), integerEntries: entries.map(() => false) };
      }
      case 'phase': {
        const data = plan.phases[source.phase]?.data;
        if (data === undefined) throw new Error(`mix ${layoutMix.id} is phase ${source.phase}'s own value size, but that phase has none`);
        // Each copy draws its own key stream: the same stream would replay the previous step's keys.
        return { mix: measured(context(undefined, data, source.phase + 1)), integerEntries: measuredIntegers };
      }
    }
  };
  const mixes = new Map<number, CompiledMix>();
  for (const layoutMix of layout.mixes) {
    if (mixes.has(layoutMix.id)) throw new Error(`the workload layout lists mix id ${layoutMix.id} twice`);
    const compiled = compileOne(layoutMix);
    if (compiled.mix.size !== layoutMix.labels.length) {
      throw new Error(`mix ${layoutMix.id} has ${compiled.mix.size} entries but the workload layout gives it ${layoutMix.labels.length} labels`);
    }
    mixes.set(layoutMix.id, { id: layoutMix.id, labels: layoutMix.labels, ...compiled });
  }
  const consumerEmitters = plan.roles.consumers.map((group) => compileTemplate(group.command.template, main));
  return {
    mix: (id) => {
      const found = mixes.get(id);
      if (found === undefined) throw new Error(`no mix ${id} in the workload layout (it lists ${[...mixes.keys()].join(', ')})`);
      return found;
    },
    consumerEmitters,
  };
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
