/**
 * The workload's layout, decided once on the main thread and sent in every WorkerJob: the command
 * mixes (each with its id, where its commands come from and its report labels) and the recorder
 * slots the roles add after a stage's mix labels (each with its role and label). Stages name
 * their mix by id; a worker compiles exactly the mixes listed here, looks them up by id and
 * records roles where the slot list puts them, so the two threads never recompute an index and
 * an id one side does not know is a clear error instead of a silent wrong slot.
 */
import { CLIENT_WARMUP_COMMANDS, type Plan } from '../plan/index.js';
import { DELIVERY_LABEL, queueLabel } from '../shared/role-labels.js';

/** Where a mix's commands come from. */
export type MixSource =
  /** The measured mix (plan.mix) with the plan's value size. */
  | { kind: 'measured' }
  /** Setup step `step` (plan.setup[step]) alone, its first key space walked in order. */
  | { kind: 'setup'; step: number }
  /** The measured mix with phase `phase`'s own value size (a value-size sweep), on its own key stream. */
  | { kind: 'phase'; phase: number }
  /** rbench's own warm-up (plan/client-warmup.ts): PING, PING {key}, PING {value}. */
  | { kind: 'client-warmup' };

export interface MixLayout {
  /** What StageSpec.mix names. */
  id: number;
  source: MixSource;
  /** Report label of each entry, in entry order: the recorder's first labels in a stage of this mix. */
  labels: string[];
}

/** A recorder slot of a role, after the stage's mix labels. */
export type RoleSlot =
  /** Pub/sub deliveries (latency from publish to receipt). */
  | { kind: 'delivery'; label: string }
  /** Queue waits of consumer group `group` (index into plan.roles.consumers). */
  | { kind: 'queue'; group: number; label: string };

export interface WorkloadLayout {
  mixes: MixLayout[];
  /** The roles' slots, in the order they follow the mix labels in every stage. */
  roles: RoleSlot[];
}

/** Id of the measured mix. */
export const MAIN_MIX = 0;

/** Report labels of the client warm-up's entries (plan/client-warmup.ts). */
export const CLIENT_WARMUP_LABELS = CLIENT_WARMUP_COMMANDS.map((command) => `client warm-up (${command})`);

/**
 * The layout of a plan: the measured mix, one mix per setup step, one per phase with its own value
 * size, and the client warm-up's when the plan has one.
 */
export function workloadLayout(plan: Plan): WorkloadLayout {
  const measuredLabels = plan.mix.map((m) => m.label);
  const mixes: MixLayout[] = [{ id: MAIN_MIX, source: { kind: 'measured' }, labels: measuredLabels }];
  plan.setup.forEach((step, i) => mixes.push({ id: mixes.length, source: { kind: 'setup', step: i }, labels: [step.label] }));
  plan.phases.forEach((phase, p) => {
    if (phase.data !== undefined) mixes.push({ id: mixes.length, source: { kind: 'phase', phase: p }, labels: [...measuredLabels] });
  });
  if ((plan.clientWarmupMs ?? 0) > 0) mixes.push({ id: mixes.length, source: { kind: 'client-warmup' }, labels: [...CLIENT_WARMUP_LABELS] });
  const roles: RoleSlot[] = [];
  if (plan.roles.subscribers) roles.push({ kind: 'delivery', label: DELIVERY_LABEL });
  plan.roles.consumers.forEach((group, g) => roles.push({ kind: 'queue', group: g, label: queueLabel(group.label) }));
  return { mixes, roles };
}

/** Id of the mix setup step `step` sends. */
export function setupMixId(layout: WorkloadLayout, step: number): number {
  const found = layout.mixes.find((m) => m.source.kind === 'setup' && m.source.step === step);
  if (found === undefined) throw new Error(`the workload layout has no mix for setup step ${step}`);
  return found.id;
}

/** Id of the mix phase `p` sends: its own copy when it has its own value size, else the measured mix. */
export function phaseMixId(layout: WorkloadLayout, p: number): number {
  return layout.mixes.find((m) => m.source.kind === 'phase' && m.source.phase === p)?.id ?? MAIN_MIX;
}

/** Id of the client warm-up's mix; throws when the layout has none. */
export function clientWarmupMixId(layout: WorkloadLayout): number {
  const found = layout.mixes.find((m) => m.source.kind === 'client-warmup');
  if (found === undefined) throw new Error('the workload layout has no client warm-up mix');
  return found.id;
}

/** A stage's recorder labels and the index of each role's slot in them. */
export interface StageSlots {
  labels: string[];
  /** Where pub/sub deliveries record; null without a delivery slot. */
  delivery: number | null;
  /** Where each consumer group's queue waits record, by group; null without a slot. */
  queues: (number | null)[];
}

/**
 * The recorder labels of a stage that sends `mixLabels`: the mix's, then the roles' slots. Each
 * slot's index is taken as its label is placed, so index and label cannot drift apart.
 */
export function stageSlots(mixLabels: readonly string[], roles: readonly RoleSlot[], consumerGroups: number): StageSlots {
  const labels = [...mixLabels];
  let delivery: number | null = null;
  const queues: (number | null)[] = new Array<number | null>(consumerGroups).fill(null);
  for (const slot of roles) {
    const at = labels.push(slot.label) - 1;
    if (slot.kind === 'delivery') delivery = at;
    else if (slot.group >= 0 && slot.group < consumerGroups) queues[slot.group] = at;
    else throw new Error(`the workload layout has a queue slot for consumer group ${slot.group}, but the plan has ${consumerGroups}`);
  }
  return { labels, delivery, queues };
}

/**
 * Checks, on the worker before it reports ready, that every role the plan runs has exactly one slot
 * and every stage names a mix the layout lists. Throws one message naming what is missing.
 */
export function checkLayout(layout: WorkloadLayout, plan: Plan, stageMixes: readonly { name: string; mix: number }[]): void {
  const ids = new Set<number>();
  for (const m of layout.mixes) {
    if (ids.has(m.id)) throw new Error(`the workload layout lists mix id ${m.id} twice`);
    ids.add(m.id);
  }
  for (const stage of stageMixes) {
    if (!ids.has(stage.mix)) throw new Error(`stage "${stage.name}" sends mix ${stage.mix}, which the workload layout does not list`);
  }
  const count = (pick: (slot: RoleSlot) => boolean) => layout.roles.filter(pick).length;
  const deliveries = count((s) => s.kind === 'delivery');
  if (deliveries !== (plan.roles.subscribers ? 1 : 0)) {
    throw new Error(`the workload layout has ${deliveries} delivery slot(s) for ${plan.roles.subscribers ? 'one subscriber role' : 'no subscribers'}`);
  }
  plan.roles.consumers.forEach((group, g) => {
    const slots = count((s) => s.kind === 'queue' && s.group === g);
    if (slots !== 1) throw new Error(`the workload layout has ${slots} queue slot(s) for consumer group "${group.label}"`);
  });
}
