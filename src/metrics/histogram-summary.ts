/** Percentile summaries of a histogram, in microseconds, with the histogram itself attached. */
import type { Histogram } from 'hdr-histogram-js';
import { decodeHistogram, encodeHistogram } from './histogram-backend.js';

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** The whole histogram, compressed base64, so reports can recompute any percentile. */
  hdr: string;
}

/** Summarises a histogram; an empty one gives zeros. */
export function summarise(h: Histogram): LatencySummary {
  const count = h.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, hdr: encodeHistogram(h) };
  return {
    count,
    // Percentile 0 is the lowest recorded value (zeros included, unlike minNonZeroValue).
    min: h.getValueAtPercentile(0),
    mean: h.mean,
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    max: h.maxValue,
    hdr: encodeHistogram(h),
  };
}

/** Summarises an encoded histogram (decodes, summarises, frees). */
export function summariseEncoded(base64: string): LatencySummary {
  const h = decodeHistogram(base64);
  try {
    return { ...summarise(h), hdr: base64 };
  } finally {
    h.destroy();
  }
}
