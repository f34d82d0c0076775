/** A drill as the runner uses it: the scenario's `drill:` section and the CLI flags, defaults filled in and checked against the plan. */
import type { Plan, PhasePlan } from '../plan/index.js';
import type { DrillAction } from '../report/drill-result.js';
import type { DrillSpecInput } from '../scenario/drill-schema.js';
import { UsageError } from '../shared/errors.js';

export interface DrillSpec {
  action: DrillAction;
  atMs: number;
  /** Name of the drilled phase. */
  phase: string;
  pauseMs: number;
  pauseWith: 'client-pause' | 'debug-sleep';
  stallAfterMs: number;
  writer: boolean;
  wait: { replicas: number; timeoutMs: number } | null;
}

/** Flags of `rbench drill` that override the scenario's section. */
export interface DrillOverrides {
  action?: DrillAction;
  atMs?: number;
  phase?: string;
  pauseMs?: number;
  waitReplicas?: number;
  waitTimeoutMs?: number;
  noWriter?: boolean;
}

export const DEFAULT_AT_MS = 3000;
export const DEFAULT_PAUSE_MS = 2000;
export const DEFAULT_STALL_MS = 250;
export const DEFAULT_WAIT_TIMEOUT_MS = 100;

/** Combines section and flags; throws a UsageError naming what is missing or does not fit the plan. */
export function resolveDrillSpec(section: DrillSpecInput | undefined, o: DrillOverrides, plan: Plan): DrillSpec {
  const action = o.action ?? section?.action;
  if (action === undefined) {
    throw new UsageError('no drill action given', 'add a `drill:` section with `action:` to the scenario, or pass --action sentinel-failover (or cluster-failover, pause-master, kill-master)');
  }
  const phaseName = o.phase ?? section?.phase;
  const phase: PhasePlan | undefined = phaseName === undefined ? plan.phases[0] : plan.phases.find((p) => p.name === phaseName);
  if (phase === undefined) {
    throw new UsageError(`drill phase "${phaseName}" is not a phase of this scenario`, `its phases are: ${plan.phases.map((p) => p.name).join(', ')}`);
  }
  const atMs = o.atMs ?? section?.at ?? DEFAULT_AT_MS;
  if (phase.durationMs === null) throw new UsageError('a drill needs a phase with a duration, not a request count', 'set `duration:` (e.g. 20s) instead of `requests:`');
  if (atMs >= phase.durationMs) {
    throw new UsageError(
      `the drill is set at ${atMs / 1000}s but phase ${phase.name} lasts ${phase.durationMs / 1000}s`,
      'give the phase a longer duration (leave several seconds after the event for the failover) or an earlier `at`',
    );
  }
  const sectionWait = section?.writer?.wait;
  const waitReplicas = o.waitReplicas ?? sectionWait?.replicas;
  const wait = waitReplicas === undefined ? null : { replicas: waitReplicas, timeoutMs: o.waitTimeoutMs ?? sectionWait?.timeout ?? DEFAULT_WAIT_TIMEOUT_MS };
  return {
    action,
    atMs,
    phase: phase.name,
    pauseMs: o.pauseMs ?? section?.pause ?? DEFAULT_PAUSE_MS,
    pauseWith: section?.pauseWith ?? 'client-pause',
    stallAfterMs: section?.stallAfter ?? DEFAULT_STALL_MS,
    writer: o.noWriter === true ? false : (section?.writer?.enabled ?? true),
    wait,
  };
}
