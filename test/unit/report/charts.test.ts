import { beforeAll, describe, expect, it } from 'vitest';
import { drawChart, resample, spectrumChart, tickLine, timelineCharts } from '../../../src/report/charts.js';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { formatCount, formatUs } from '../../../src/report/format.js';
import { samplePhase } from '../../helpers/sample-result.js';

const ESC = '\x1b';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

describe('resample', () => {
  it('averages buckets for rates and keeps the maximum for tail latency', () => {
    expect(resample([1, 3, 5, 7], 2, 'mean')).toEqual([2, 6]);
    expect(resample([1, 9, 5, 7], 2, 'max')).toEqual([9, 7]);
  });

  it('stretches a short series to the width by repeating points', () => {
    expect(resample([1, 2], 6, 'mean')).toEqual([1, 1, 1, 2, 2, 2]);
    expect(resample([], 6, 'max')).toEqual([]);
  });

  it('never averages a one-second spike away in a max series', () => {
    const series = Array.from({ length: 1000 }, (_, i) => (i === 617 ? 50_000 : 100));
    const out = resample(series, 37, 'max');
    expect(out).toHaveLength(37);
    expect(Math.max(...out)).toBe(50_000);
  });
});

describe('tickLine', () => {
  it('places labels under their columns and drops one that would overlap', () => {
    expect(tickLine([[0, '0s'], [0.5, '5s'], [1, '10s']], 21)).toBe('0s        5s      10s');
    expect(tickLine([[0, '0%'], [0.05, '50%'], [1, '99%']], 20)).toBe('0%               99%');
  });
});

describe('drawChart', () => {
  it('fits every line in the width, whatever the width', () => {
    for (const width of [40, 63, 100, 180]) {
      const lines = drawChart(
        { title: 't', sample: (n) => resample([5, 999_900, 1_000_000, 12], n, 'max'), format: formatUs, xTicks: [[0, '0s'], [1, '4s']] },
        { width, color: false },
      );
      expect(lines.length).toBeGreaterThan(9);
      for (const line of lines) expect(line.length, `width ${width}: "${line}"`).toBeLessThanOrEqual(width);
    }
  });

  it('colours only when asked', () => {
    const chart = { title: 't', sample: (n: number) => resample([1, 2, 3], n, 'mean'), format: formatCount, xTicks: [] as [number, string][] };
    expect(drawChart(chart, { width: 80, color: false }).join('\n')).not.toContain(ESC);
    expect(drawChart(chart, { width: 80, color: true }).join('\n')).toContain(ESC);
  });
});

describe('timelineCharts', () => {
  it('draws throughput and p99 charts from the timeline, labelled with the phase length', () => {
    const phase = samplePhase({ name: 'p', seconds: 6, perSecond: 200, latencyUs: (s) => (s === 3 ? 20_000 : 300) });
    const lines = timelineCharts(phase.timeline, { width: 100, color: false }, formatCount, formatUs);
    const text = lines.join('\n');
    expect(text).toContain('throughput (ops/s) over time');
    expect(text).toContain('p99 latency over time');
    expect(text).toMatch(/0s +3s +6s/);
    // The p99 chart's top label is the spike (20ms, within HDR precision).
    expect(text).toMatch(/20\.0ms ┼/);
  });

  it('draws nothing for fewer than two seconds', () => {
    expect(timelineCharts([{ opsPerSec: 10, p99Us: 5 }], { width: 100, color: false }, formatCount, formatUs)).toEqual([]);
  });
});

describe('spectrumChart', () => {
  it('labels the log percentile axis up to what the histogram resolves', () => {
    const phase = samplePhase({ name: 'p', seconds: 1, perSecond: 5000, latencyUs: (_s, i) => 100 + i });
    const lines = spectrumChart(phase.totals.latencyUs.hdr, { width: 100, color: false }, formatUs);
    const axis = lines[lines.length - 1]!;
    // 5000 values: extent log10 → 4 (p99.99), so 99.999% is not on the axis.
    expect(axis).toMatch(/0% +50% +90% +99% +99\.9% +99\.99%$/);
    expect(axis).not.toContain('99.999%');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });
});
