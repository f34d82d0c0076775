/**
 * What a stage reports back to the worker entry: its counts, and the gaps, the longest
 * stretches in which commands were outstanding and no reply came back (the main thread
 * intersects the workers' lists to find where the server stalled for everyone).
 */

/** Stretches without a completed reply shorter than this are not reported (timer noise). */
export const GAP_MIN_US = 10_000;
/** The longest gaps kept per stage (the main thread intersects the workers' lists). */
const MAX_GAPS = 64;

export interface StageOutcome {
  sent: number;
  /** Replies (success or error reply) and transport failures: every sent command but the abandoned. */
  completed: number;
  dropped: number;
  /** Open model: commands due before the stage ended that were never sent (nor dropped). */
  unsent: number;
  /** Commands whose replies had not come back when the drain wait ended. */
  abandoned: number;
  startedUs: number;
  endedUs: number;
  /**
   * Stretches of at least GAP_MIN_US in which no reply came back while commands were
   * outstanding: [startUs, endUs, startUs, endUs, ...] in this thread's clock, longest kept.
   */
  gaps: number[];
}

/** Keeps the gap [fromUs, toUs] in `g` (pairs), replacing the shortest kept one when full. */
export function keepGap(g: number[], fromUs: number, toUs: number): void {
  if (g.length < 2 * MAX_GAPS) {
    g.push(fromUs, toUs);
    return;
  }
  // Full: replace the shortest kept gap if this one is longer.
  let shortest = 0;
  for (let k = 2; k < g.length; k += 2) if (g[k + 1]! - g[k]! < g[shortest + 1]! - g[shortest]!) shortest = k;
  if (toUs - fromUs > g[shortest + 1]! - g[shortest]!) {
    g[shortest] = fromUs;
    g[shortest + 1] = toUs;
  }
}
