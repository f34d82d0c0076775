/**
 * From a sweep's measured phases to the capacity answer: per-step figures, the highest
 * throughput within the SLO, the knee of the p99 curve, and one sentence that says both.
 */
import { failedShare } from '../report/verdicts.js';
import type { SweepPlan } from '../plan/index.js';
import { stepName } from '../plan/index.js';
import type { CapacityPoint, CapacityResult, CapacitySlo, CapacityStep } from '../report/capacity-result.js';
import type { PhaseResult } from '../report/run-result.js';
import { findKnee, KNEE_METHOD } from './knee.js';
import { saturationReason } from './saturation.js';
import { describeSlo, formatLatency, sloMisses } from './slo-check.js';

/** One sweep step's figures from its phase result. */
export function capacityStep(phase: PhaseResult, value: number, sweep: SweepPlan, slo: CapacitySlo | null, saturated: string | null): CapacityStep {
  const t = phase.totals;
  const figures = {
    targetRate: phase.rate,
    opsPerSec: t.opsPerSec,
    latencyUs: { p50: t.latencyUs.p50, p90: t.latencyUs.p90, p99: t.latencyUs.p99, p999: t.latencyUs.p999, max: t.latencyUs.max },
    errorRate: failedShare(phase),
  };
  const misses = slo === null ? [] : sloMisses(figures, slo, sweep.achievedBelow);
  // With rounds, the step meets the SLO only when every round does: one noisy round is not hidden by the others.
  const rounds = phase.rounds ?? [];
  if (slo !== null && rounds.length > 1) {
    rounds.forEach((r, i) => {
      const roundFigures = {
        targetRate: phase.rate,
        opsPerSec: r.opsPerSec,
        latencyUs: { p50: r.p50Us, p90: r.p90Us ?? r.p99Us, p99: r.p99Us, p999: r.p999Us ?? r.p99Us, max: r.maxUs ?? r.p99Us },
        errorRate: r.attempted ? r.errors / r.attempted : 0,
      };
      for (const miss of sloMisses(roundFigures, slo, sweep.achievedBelow)) misses.push(`round ${i + 1}: ${miss}`);
    });
  }
  return {
    name: phase.name,
    value,
    ...figures,
    meetsSlo: slo === null ? null : misses.length === 0 && !phase.partial,
    sloMisses: misses,
    saturated,
    partial: phase.partial,
  };
}

/** Builds steps one at a time as phases finish (so early stop can look at them), then analyses. */
export class SweepTracker {
  readonly steps: CapacityStep[] = [];

  constructor(
    private readonly sweep: SweepPlan,
    private readonly slo: CapacitySlo | null,
  ) {}

  /** Records a finished phase; returns why the sweep is saturated now, or null. */
  add(phase: PhaseResult): string | null {
    const index = this.sweep.values.findIndex((v) => stepName(this.sweep.over, v) === phase.name);
    const value = this.sweep.values[index] ?? NaN;
    const figures = [...this.steps, { targetRate: phase.rate, opsPerSec: phase.totals.opsPerSec }];
    const saturated = saturationReason(figures, this.sweep);
    this.steps.push(capacityStep(phase, value, this.sweep, this.slo, saturated));
    return saturated;
  }
}

/** The capacity section without memory and projection (added by the caller when measured). */
export function analyseSweep(steps: CapacityStep[], sweep: SweepPlan, slo: CapacitySlo | null, stoppedEarly: string | null): CapacityResult {
  const complete = steps.filter((s) => !s.partial);
  const point = (s: CapacityStep): CapacityPoint => ({ step: s.name, value: s.value, opsPerSec: s.opsPerSec, p99Us: s.latencyUs.p99 });
  let maxWithinSlo: CapacityPoint | null = null;
  for (const s of complete) {
    if (s.meetsSlo === true && (maxWithinSlo === null || s.opsPerSec > maxWithinSlo.opsPerSec)) maxWithinSlo = point(s);
  }
  const kneeIndex = findKnee(complete.map((s) => ({ x: s.opsPerSec, y: s.latencyUs.p99 })));
  const knee = kneeIndex === null ? null : { ...point(complete[kneeIndex]!), method: KNEE_METHOD };
  return {
    over: sweep.over,
    plannedValues: sweep.values,
    steps,
    stoppedEarly,
    slo,
    maxWithinSlo,
    knee,
    summary: summarise(complete, sweep, slo, maxWithinSlo, knee),
    memory: null,
    projection: null,
  };
}

/** The one-sentence answer, e.g. "sustains 118k ops/s at p99 <= 2ms with this mix; latency rises sharply above 131k ops/s". */
export function summarise(
  steps: CapacityStep[],
  sweep: SweepPlan,
  slo: CapacitySlo | null,
  maxWithinSlo: CapacityPoint | null,
  knee: CapacityPoint | null,
): string {
  if (steps.length === 0) return 'no sweep step completed';
  const where = (p: CapacityPoint) => (sweep.over === 'rate' ? '' : ` (${p.step})`);
  const peak = steps.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  let first: string;
  if (slo === null) {
    first = `peaks at ${ops(peak.opsPerSec)} ops/s (p99 ${formatLatency(peak.latencyUs.p99)}) with this mix`;
  } else if (maxWithinSlo === null) {
    const lowest = steps[0]!;
    first = `no step meets ${describeSlo(slo)} with this mix (first step: ${lowest.sloMisses.join(', ') || 'partial'})`;
  } else {
    const last = steps[steps.length - 1]!;
    const open = last.meetsSlo === true && maxWithinSlo.step === last.name ? ' or more (the last step still met it)' : '';
    first = `sustains ${ops(maxWithinSlo.opsPerSec)} ops/s${open} at ${describeSlo(slo)} with this mix${where(maxWithinSlo)}`;
  }
  const second =
    knee === null
      ? `latency did not rise sharply up to ${ops(peak.opsPerSec)} ops/s`
      : `latency rises sharply above ${ops(knee.opsPerSec)} ops/s${where(knee)}`;
  return `${first}; ${second}`;
}

/** 118234 -> "118k", 4321 -> "4.32k", 950 -> "950". */
export function ops(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${Math.round(n)}`;
}
