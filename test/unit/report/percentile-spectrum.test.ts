import { beforeAll, describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, initHistogramBackend } from '../../../src/metrics/index.js';
import {
  percentileDistribution,
  percentileToX,
  spectrumCurve,
  spectrumExtent,
  spectrumPoints,
  xToPercentile,
} from '../../../src/report/percentile-spectrum.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

/** A histogram holding 1..n microseconds once each. */
function uniform(n: number): string {
  const h = createHistogram();
  for (let v = 1; v <= n; v++) h.recordValue(v);
  const hdr = encodeHistogram(h);
  h.destroy();
  return hdr;
}

describe('the log percentile axis', () => {
  it('puts 90, 99, 99.9 one decade apart', () => {
    expect(percentileToX(0)).toBe(0);
    expect(percentileToX(90)).toBeCloseTo(1, 12);
    expect(percentileToX(99)).toBeCloseTo(2, 12);
    expect(percentileToX(99.9)).toBeCloseTo(3, 10);
    expect(xToPercentile(percentileToX(99.99))).toBeCloseTo(99.99, 10);
    expect(percentileToX(100)).toBe(Infinity);
  });

  it('extends as far as the count resolves, between p99 and p99.9999', () => {
    expect(spectrumExtent(1)).toBe(2);
    expect(spectrumExtent(1000)).toBe(3);
    expect(spectrumExtent(54_338)).toBe(5);
    expect(spectrumExtent(1e9)).toBe(6);
  });
});

describe('spectrumPoints', () => {
  it('gives the named percentiles the histogram resolves, then the max', () => {
    const points = spectrumPoints(uniform(10_000));
    expect(points.map((p) => p.percentile)).toEqual([50, 90, 99, 99.9, 99.99, 100]);
    const at = (p: number) => points.find((x) => x.percentile === p)!.valueUs;
    // HDR keeps 3 significant digits.
    expect(at(50)).toBeGreaterThanOrEqual(4995);
    expect(at(50)).toBeLessThanOrEqual(5005);
    expect(at(99)).toBeGreaterThanOrEqual(9890);
    expect(at(99)).toBeLessThanOrEqual(9910);
    expect(at(100)).toBeGreaterThanOrEqual(10_000);
    expect(at(100)).toBeLessThanOrEqual(10_010);
  });

  it('stops at p99 for 100 values and is empty for none', () => {
    expect(spectrumPoints(uniform(100)).map((p) => p.percentile)).toEqual([50, 90, 99, 100]);
    expect(spectrumPoints(uniform(0))).toEqual([]);
  });
});

describe('spectrumCurve', () => {
  it('rises from the minimum to the maximum, sampled evenly on the log axis', () => {
    const { extent, values } = spectrumCurve(uniform(1000), 31);
    expect(extent).toBe(3);
    expect(values).toHaveLength(31);
    expect(values[0]).toBe(1);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    // Column 10 of 30 is x = 1, i.e. p90.
    expect(values[10]).toBeGreaterThanOrEqual(899);
    expect(values[10]).toBeLessThanOrEqual(901);
    // The right edge is p99.9: the 999th of 1000 values.
    expect(values[30]).toBe(999);
  });
});

describe('percentileDistribution', () => {
  it("prints HdrHistogram's standard table", () => {
    const text = percentileDistribution(uniform(1000));
    expect(text).toMatch(/Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
    expect(text).toMatch(/#\[Max\s*=\s*1000\.000, Total count\s*=\s*1000\]/);
  });
});
