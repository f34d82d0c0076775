/**
 * The last second of a running stage over all workers: each worker's latest interval snapshot is
 * kept, and on request they are merged exactly (HDR addition, never averaged percentiles) into
 * per-command throughput and latency quantiles, and the schedule's send lag.
 */
import { decodeHistogram, mergeSnapshots, type EncodedStageSnapshot } from '../metrics/index.js';

/** The quantiles exported for latency and send lag; 1 is the maximum. */
export const QUANTILES = [0.5, 0.9, 0.99, 0.999, 1] as const;

export interface CommandSecond {
  label: string;
  /** Completed commands per second, summed over the workers. */
  opsPerSec: number;
  /** Response-time quantiles in microseconds, keyed by quantile; empty when nothing completed. */
  latencyUs: Map<number, number>;
}

export interface StageSecond {
  commands: CommandSecond[];
  /** Open model: send-lag quantiles in microseconds; empty in the closed loop. */
  sendLagUs: Map<number, number>;
}

export class LastSecond {
  private readonly latest = new Map<number, EncodedStageSnapshot>();

  /** A worker's newest interval snapshot replaces its previous one. */
  add(worker: number, snapshot: EncodedStageSnapshot): void {
    this.latest.set(worker, snapshot);
  }

  /** The merged view of every worker's latest interval; null before the first one arrived. */
  merged(): StageSecond | null {
    const snapshots = [...this.latest.values()];
    if (snapshots.length === 0) return null;
    const rates = new Map<string, number>();
    for (const s of snapshots) {
      const spanS = Math.max(1e-3, (s.endUs - s.startUs) / 1e6);
      for (const c of s.commands) rates.set(c.label, (rates.get(c.label) ?? 0) + c.ops / spanS);
    }
    const merged = mergeSnapshots(snapshots);
    return {
      commands: merged.commands.map((c) => ({ label: c.label, opsPerSec: rates.get(c.label) ?? 0, latencyUs: quantiles(c.response) })),
      sendLagUs: quantiles(merged.sendLag),
    };
  }
}

function quantiles(encoded: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (encoded === null) return out;
  const h = decodeHistogram(encoded);
  try {
    if (h.totalCount === 0) return out;
    for (const q of QUANTILES) out.set(q, q === 1 ? h.maxValue : h.getValueAtPercentile(q * 100));
    return out;
  } finally {
    h.destroy();
  }
}
