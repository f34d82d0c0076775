/**
 * When a sweep has found the server's limit and further steps would only pile up a backlog:
 * an open-model step that achieved clearly less than its target rate, or throughput that has
 * stopped growing for a few steps in a row.
 */

export interface SaturationRule {
  /** Open-model steps: achieved below this fraction of the target means saturated (0.9). */
  achievedBelow: number;
  /** This many steps in a row without `minGain` growth over the best step so far (2). */
  flatSteps: number;
  /** Relative growth that counts as "still rising" (0.05). */
  minGain: number;
}

export interface StepThroughput {
  /** Target rate in the open model; null in the closed loop. */
  targetRate: number | null;
  opsPerSec: number;
}

/** Why the last of `steps` is saturated, or null when it is not. */
export function saturationReason(steps: readonly StepThroughput[], rule: SaturationRule): string | null {
  const last = steps[steps.length - 1];
  if (last === undefined) return null;
  if (last.targetRate !== null && last.targetRate > 0 && last.opsPerSec < rule.achievedBelow * last.targetRate) {
    const share = (100 * last.opsPerSec) / last.targetRate;
    return `achieved ${Math.round(last.opsPerSec)} ops/s, ${share.toFixed(0)}% of the ${Math.round(last.targetRate)}/s target (below ${Math.round(rule.achievedBelow * 100)}%)`;
  }
  let best = -Infinity;
  let flat = 0;
  for (const step of steps) {
    if (best > 0 && step.opsPerSec < best * (1 + rule.minGain)) flat++;
    else flat = 0;
    best = Math.max(best, step.opsPerSec);
  }
  if (flat >= rule.flatSteps) {
    return `throughput has not grown by ${Math.round(rule.minGain * 100)}% over ${Math.round(best)} ops/s for ${flat} step${flat === 1 ? '' : 's'}`;
  }
  return null;
}
