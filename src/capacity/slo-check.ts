/** Whether one sweep step meets the SLO, and if not, why, in words the report prints. */
import type { CapacitySlo, CapacityStep } from '../report/capacity-result.js';

type StepFigures = Pick<CapacityStep, 'latencyUs' | 'errorRate' | 'targetRate' | 'opsPerSec'>;

/** The reasons `step` misses `slo` (empty when it meets it). */
export function sloMisses(step: StepFigures, slo: CapacitySlo, achievedBelow: number): string[] {
  const misses: string[] = [];
  for (const [p, limit] of Object.entries(slo.latencyUs) as [keyof CapacitySlo['latencyUs'], number][]) {
    const value = step.latencyUs[p];
    if (value > limit) misses.push(`${p} ${formatLatency(value)} > ${formatLatency(limit)}`);
  }
  if (slo.errorRate !== null && step.errorRate > slo.errorRate) {
    misses.push(`error rate ${formatShare(step.errorRate)} > ${formatShare(slo.errorRate)}`);
  }
  // A rate the server did not carry is not a rate it sustains, whatever its latency looked like.
  if (step.targetRate !== null && step.opsPerSec < achievedBelow * step.targetRate) {
    misses.push(`achieved ${Math.round(step.opsPerSec)} of ${Math.round(step.targetRate)}/s`);
  }
  return misses;
}

/** The SLO as a phrase: "p99 <= 2ms and no errors". */
export function describeSlo(slo: CapacitySlo): string {
  const parts = Object.entries(slo.latencyUs).map(([p, us]) => `${p} <= ${formatLatency(us)}`);
  if (slo.errorRate !== null) parts.push(slo.errorRate === 0 ? 'no errors' : `error rate <= ${formatShare(slo.errorRate)}`);
  return parts.join(' and ');
}

/** Microseconds as "850us", "2ms", "1.5s". */
export function formatLatency(us: number): string {
  if (us < 1000) return `${Math.round(us)}us`;
  if (us < 1e6) return `${+(us / 1000).toFixed(2)}ms`;
  return `${+(us / 1e6).toFixed(2)}s`;
}

function formatShare(f: number): string {
  return `${+(f * 100).toPrecision(3)}%`;
}
