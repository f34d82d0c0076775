/**
 * A capacity sweep as plan phases: one measured phase per value of the swept variable, all with
 * the same duration, run back to back on the same keyspace after one setup. The SLO is resolved
 * here too, in microseconds, so the analysis never sees units.
 */
import { SWEEP_DEFAULTS, type SloSpec, type SweepSpec, type SweepVariable } from '../scenario/capacity-spec.js';
import type { PhasePlan, Plan, SloPlan, SweepPlan } from './types.js';
import { SLO_PERCENTILES } from './types.js';

/** The values a range spans: `steps` values from `from` to `to`, both included. */
export function rangeValues(from: number, to: number, steps: number, spacing: 'linear' | 'geometric'): number[] {
  if (steps < 2) return [from];
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const f = i / (steps - 1);
    out.push(spacing === 'geometric' && from > 0 && to > 0 ? from * (to / from) ** f : from + (to - from) * f);
  }
  return out;
}

/** Resolves the scenario's sweep section (after CLI flags replaced parts of it) into a SweepPlan. */
export function sweepPlan(spec: SweepSpec, scenarioWarmupMs: number): SweepPlan {
  const raw = spec.values ?? (spec.range ? rangeValues(spec.range.from, spec.range.to, spec.range.steps, spec.range.spacing) : []);
  // Every variable is a whole number (rates too: 12345.7/s says nothing 12346/s does not); a
  // range that rounds two steps onto one value runs it once.
  const values = [...new Set(raw.map((v) => Math.max(1, Math.round(v))))];
  return {
    over: spec.over,
    values,
    stepDurationMs: spec.stepDurationMs ?? SWEEP_DEFAULTS.stepDurationMs,
    warmupMs: spec.warmupMs ?? scenarioWarmupMs,
    earlyStop: spec.earlyStop,
    achievedBelow: spec.achievedBelow,
    flatSteps: spec.flatSteps,
    minGain: SWEEP_DEFAULTS.minGain,
  };
}

/** The SLO in plan units (durations in the scenario are milliseconds). */
export function sloPlan(spec: SloSpec): SloPlan {
  const latencyUs: SloPlan['latencyUs'] = {};
  for (const p of SLO_PERCENTILES) {
    const ms = spec[p];
    if (ms !== undefined) latencyUs[p] = ms * 1000;
  }
  return { latencyUs, errorRate: spec.errorRate ?? null };
}

/** The phase name of one sweep step, e.g. `rate=20000/s`, `connections=50`, `valueSize=1024b`. */
export function stepName(over: SweepVariable, value: number): string {
  const unit = over === 'rate' ? '/s' : over === 'valueSize' ? 'b' : '';
  return `${over}=${value}${unit}`;
}

/** Replaces the plan's phases with one phase per sweep value, built from its first phase. */
export function applySweep(plan: Plan, sweep: SweepPlan, slo?: SloPlan): Plan {
  const base = plan.phases[0];
  if (base === undefined) throw new RangeError('applySweep: the plan has no phase to start from');
  const phases = sweep.values.map((value): PhasePlan => {
    const phase: PhasePlan = {
      ...base,
      name: stepName(sweep.over, value),
      durationMs: sweep.stepDurationMs,
      requests: null,
      warmupMs: sweep.warmupMs,
    };
    if (sweep.over === 'rate') phase.rate = value;
    else if (sweep.over === 'connections') phase.connections = value;
    else if (sweep.over === 'pipeline') phase.pipeline = value;
    else phase.data = { kind: 'fixed', bytes: value };
    return phase;
  });
  // A step's rounds run back to back: the early stop judges a step once all of its rounds are in.
  const out: Plan = { ...plan, phases, sweep, roundOrder: 'consecutive' };
  if (slo !== undefined) out.slo = slo;
  return out;
}
