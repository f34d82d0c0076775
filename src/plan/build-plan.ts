/**
 * Scenario + CLI overrides → Plan. All defaults are resolved here (see defaults.ts), so the workers
 * and the report read one complete description of the run.
 */
import { availableParallelism } from 'node:os';
import { expandChannel } from '../scenario/channels.js';
import { commandSpec } from '../scenario/command-table.js';
import type { Scenario } from '../scenario/schema.js';
import { autoWorkers, LOOKUP_COMMANDS, PLAN_DEFAULTS as D, PRODUCER_COMMANDS } from './defaults.js';
import { clientWarmupMs } from './client-warmup.js';
import { keyspacePlan } from './keyspaces.js';
import { commandPlan, firstKeySpace, stepPlan, uniqueLabels } from './steps.js';
import type { KeyspacePlan, MixEntryPlan, PhasePlan, Plan, PlanOverrides, RolesPlan, SetupStepPlan, StepPlan } from './types.js';

/** Builds the plan the workers execute from a validated scenario and the CLI's overrides. */
export function buildPlan(scenario: Scenario, overrides: PlanOverrides = {}): Plan {
  const keyspace = keyspacePlan(scenario.name, null, scenario.keyspace);
  const keyspaces: Record<string, KeyspacePlan> = {};
  for (const [name, spec] of Object.entries(scenario.keyspaces ?? {})) keyspaces[name] = keyspacePlan(scenario.name, name, spec);
  const roles = rolesPlan(scenario);
  const workersSetting = overrides.workers ?? scenario.workers ?? 'auto';
  const mix = uniqueLabels(mixEntries(scenario, roles));
  const phasePlans = phases(scenario, overrides);
  return {
    version: 1,
    name: scenario.name,
    description: scenario.description ?? null,
    target: overrides.target ?? scenario.target ?? null,
    seed: overrides.seed ?? scenario.seed ?? D.seed,
    workers: workersSetting === 'auto' ? autoWorkers(overrides.cpuCount ?? availableParallelism()) : workersSetting,
    phases: phasePlans,
    keyspace,
    keyspaces,
    fields: scenario.fields ?? D.fields,
    members: scenario.members ?? D.members,
    data: scenario.data?.size ?? { kind: 'fixed', bytes: D.valueBytes },
    setup: uniqueLabels((scenario.setup ?? []).map((step) => setupStep(stepPlan(step), step.count, keyspace, keyspaces))),
    mix,
    roles,
    // The default resets only when the mix writes and every key space has a prefix to match by.
    reset: overrides.reset ?? scenario.reset ?? (mixWritesKeys(mix) && hasPrefixes(keyspace, keyspaces) ? 'setup' : 'none'),
    rounds: overrides.rounds ?? scenario.rounds ?? D.rounds,
    roundOrder: 'interleaved',
    maxErrorRate: overrides.maxErrorRate ?? scenario.maxErrorRate ?? D.maxErrorRate,
    clientWarmupMs: overrides.clientWarmup === true ? clientWarmupMs(phasePlans[0]) : 0,
  };
}

/** Whether any mix command changes keys (so later phases would meet different data). */
function mixWritesKeys(mix: MixEntryPlan[]): boolean {
  return mix.some((entry) =>
    entry.commands.some((c) => {
      const spec = commandSpec(c.template.command);
      return spec !== null && !spec.readOnly && (spec.firstKey > 0 || spec.numkeys !== null);
    }),
  );
}

function hasPrefixes(main: KeyspacePlan, named: Record<string, KeyspacePlan>): boolean {
  return [main, ...Object.values(named)].every((k) => k.keyPrefix !== '');
}

function phases(scenario: Scenario, o: PlanOverrides): PhasePlan[] {
  // A flag for one stopping rule replaces the scenario's, whichever rule the scenario used.
  let durationMs: number | null = scenario.duration ?? null;
  let requests: number | null = scenario.requests ?? null;
  if (o.durationMs !== undefined) [durationMs, requests] = [o.durationMs, null];
  if (o.requests !== undefined) [durationMs, requests] = [null, o.requests];
  if (durationMs === null && requests === null) durationMs = D.durationMs;
  const depths = o.pipeline ?? (scenario.pipeline === undefined ? [...D.pipeline] : [scenario.pipeline].flat());
  const rate = o.rate === undefined ? (scenario.rate ?? null) : o.rate;
  return depths.map((pipeline) => ({
    name: `pipeline=${pipeline}`,
    pipeline,
    connections: o.connections ?? scenario.connections ?? D.connections,
    rate,
    durationMs,
    requests,
    warmupMs: o.warmupMs ?? scenario.warmup ?? D.warmupMs,
  }));
}

// Without a count, a setup step visits every key of the keyspace its first {key} names, once.
function setupStep(step: StepPlan, count: number | undefined, main: KeyspacePlan, named: Record<string, KeyspacePlan>): SetupStepPlan {
  if (count !== undefined) return { ...step, count };
  const name = firstKeySpace(step);
  const space = name === undefined ? undefined : name === null ? main : named[name];
  return { ...step, count: space?.keys ?? 1 };
}

function mixEntries(scenario: Scenario, roles: RolesPlan): MixEntryPlan[] {
  const total = scenario.mix.reduce((sum, e) => sum + (e.weight ?? D.weight), 0);
  return scenario.mix.map((entry) => {
    const step = stepPlan(entry);
    const weight = entry.weight ?? D.weight;
    const names = step.commands.map((c) => c.template.command);
    const usesValue = step.commands.some((c) => c.template.args.some((a) => a.parts.some((p) => p.kind === 'value')));
    const stamps =
      usesValue &&
      ((roles.subscribers !== null && names.includes('PUBLISH')) ||
        (roles.consumers.length > 0 && names.some((n) => PRODUCER_COMMANDS.has(n))));
    return {
      ...step,
      weight,
      share: weight / total,
      trackHits: entry.hitRatio ?? (step.kind === 'command' && LOOKUP_COMMANDS.has(names[0] ?? '')),
      stampsValue: stamps,
    };
  });
}

function rolesPlan(scenario: Scenario): RolesPlan {
  const s = scenario.subscribers;
  const subscribers =
    s === undefined
      ? null
      : {
          connections: s.connections ?? D.roleConnections,
          channels: [s.channels ?? []].flat().flatMap(expandChannel),
          patterns: [s.patterns ?? []].flat(),
        };
  const groups = scenario.consumers === undefined ? [] : [scenario.consumers].flat();
  const consumers = uniqueLabels(
    groups.map((g) => {
      const command = commandPlan(g.command);
      return { label: g.name ?? command.template.command, connections: g.connections ?? D.roleConnections, command };
    }),
  );
  return { subscribers, consumers };
}
