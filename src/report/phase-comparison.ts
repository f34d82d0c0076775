/**
 * The pipelined-vs-unpipelined comparison: every later phase against the first, with each side's
 * spread over its rounds. Ranges that overlap mean the difference is within the measured noise
 * (the same notion `rbench compare` uses between runs).
 */
import type { Comparison, PhaseResult } from './run-result.js';

/** Every later phase against the first. */
export function comparePhases(phases: PhaseResult[]): Comparison[] {
  const base = phases[0];
  if (!base) return [];
  return phases.slice(1).map((other) => {
    const comparison: Comparison = {
      baseline: base.name,
      other: other.name,
      throughputRatio: base.totals.opsPerSec > 0 ? other.totals.opsPerSec / base.totals.opsPerSec : 0,
      p99Ratio: base.totals.latencyUs.p99 > 0 ? other.totals.latencyUs.p99 / base.totals.latencyUs.p99 : 0,
    };
    const baseRange = throughputRange(base);
    const otherRange = throughputRange(other);
    if (baseRange !== null && otherRange !== null) {
      comparison.throughputRange = { baseline: baseRange, other: otherRange };
      // One round per side gives two points: no spread was measured, so nothing is "within noise".
      const measured = (base.rounds?.length ?? 0) > 1 && (other.rounds?.length ?? 0) > 1;
      comparison.withinNoise = measured && rangesOverlap(baseRange, otherRange);
    }
    return comparison;
  });
}

/** Min and max ops/s over a phase's rounds, or null for a report without rounds. */
export function throughputRange(phase: PhaseResult): [number, number] | null {
  const rates = (phase.rounds ?? []).map((r) => r.opsPerSec);
  if (rates.length === 0) return null;
  return [Math.min(...rates), Math.max(...rates)];
}

/** Two [min, max] ranges share at least one value. */
export function rangesOverlap(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}
