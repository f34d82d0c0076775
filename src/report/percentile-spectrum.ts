/**
 * The latency percentile spectrum of an HDR histogram: latency against percentile, with the
 * percentile axis on the usual log scale where 90, 99, 99.9, 99.99 ... are equally spaced
 * (x = log10(1 / (1 - p))). Computed from the report's `hdr` field, so any saved report can
 * redraw it.
 */
import type { Histogram } from 'hdr-histogram-js';
import { decodeHistogram } from '../metrics/index.js';

/** The named percentiles of the spectrum, in order. */
export const SPECTRUM_PERCENTILES = [50, 90, 99, 99.9, 99.99, 99.999, 99.9999] as const;

export interface SpectrumPoint {
  percentile: number;
  valueUs: number;
}

/** Where percentile p sits on the log axis: 0 → 0, 90 → 1, 99 → 2, 99.9 → 3. */
export function percentileToX(percentile: number): number {
  if (percentile >= 100) return Infinity;
  if (percentile <= 0) return 0;
  return -Math.log10(1 - percentile / 100);
}

/** The inverse of percentileToX. */
export function xToPercentile(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/**
 * How far along the log axis a histogram of `count` values has anything to say: beyond
 * log10(count) every percentile is the maximum. At least 2 (p99), at most 6 (p99.9999).
 */
export function spectrumExtent(count: number): number {
  if (count <= 1) return 2;
  return Math.min(6, Math.max(2, Math.ceil(Math.log10(count))));
}

/** The named percentiles a histogram of `count` values resolves (1/(1-p) <= count), then the max. */
export function spectrumPoints(hdr: string): SpectrumPoint[] {
  return withHistogram(hdr, (h) => {
    const count = h.totalCount;
    if (count === 0) return [];
    const points: SpectrumPoint[] = [];
    for (const p of SPECTRUM_PERCENTILES) {
      if (p > 50 && 1 / (1 - p / 100) > count * 1.0000001) break;
      points.push({ percentile: p, valueUs: h.getValueAtPercentile(p) });
    }
    points.push({ percentile: 100, valueUs: h.maxValue });
    return points;
  });
}

/**
 * The spectrum sampled at `columns` evenly spaced points of the log axis from p0 to the
 * histogram's extent; empty when the histogram is.
 */
export function spectrumCurve(hdr: string, columns: number): { extent: number; values: number[] } {
  return withHistogram(hdr, (h) => {
    const extent = spectrumExtent(h.totalCount);
    if (h.totalCount === 0 || columns < 2) return { extent, values: [] };
    const values: number[] = [];
    for (let i = 0; i < columns; i++) {
      const x = (i / (columns - 1)) * extent;
      values.push(h.getValueAtPercentile(xToPercentile(x)));
    }
    return { extent, values };
  });
}

/**
 * The full percentile distribution in HdrHistogram's standard text form (Value, Percentile,
 * TotalCount, 1/(1-Percentile)), values in microseconds; readable by HdrHistogram's plotter.
 */
export function percentileDistribution(hdr: string): string {
  return withHistogram(hdr, (h) => (h.totalCount === 0 ? 'no values recorded\n' : h.outputPercentileDistribution(5, 1)));
}

function withHistogram<T>(hdr: string, use: (h: Histogram) => T): T {
  const h = decodeHistogram(hdr);
  try {
    return use(h);
  } finally {
    h.destroy();
  }
}
