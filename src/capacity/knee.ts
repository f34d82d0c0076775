/**
 * The knee of a latency-versus-throughput curve, by the Kneedle method (Satopää et al., 2011):
 * scale both axes to [0, 1] over the sweep, then take the point where scaled throughput minus
 * scaled latency is largest. Before the knee, each step adds throughput at little latency cost,
 * so the difference grows; past it, latency shoots up (and throughput stalls), so it falls.
 * Points stay in sweep order (not sorted by throughput): once saturated, throughput may wobble
 * while latency grows, and step order is what the operator turned up.
 */

export interface CurvePoint {
  /** Throughput (ops/s). */
  x: number;
  /** Latency (p99, microseconds). */
  y: number;
}

/** A later step must show at least this many times the knee's latency for the rise to count as sharp. */
export const SHARP_RISE = 2;

/** Index of the knee, or null when the curve has fewer than 3 points or latency never rises sharply after it. */
export function findKnee(points: readonly CurvePoint[]): number | null {
  if (points.length < 3) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (xMax <= xMin || yMax <= yMin) return null;
  let best = -Infinity;
  let knee = -1;
  points.forEach((p, i) => {
    const d = (p.x - xMin) / (xMax - xMin) - (p.y - yMin) / (yMax - yMin);
    if (d > best) [best, knee] = [d, i];
  });
  // A knee needs something after it that is clearly worse: without that, the curve just ends.
  const after = ys.slice(knee + 1);
  if (after.length === 0 || Math.max(...after) < SHARP_RISE * Math.max(ys[knee]!, 1)) return null;
  return knee;
}

/** How the knee was found, as the report states it. */
export const KNEE_METHOD = `Kneedle: largest (scaled throughput - scaled p99) over the sweep, with a later step at least ${SHARP_RISE}x its p99`;
