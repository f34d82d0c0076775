import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { compareRuns, DEFAULT_THRESHOLDS, judge, parsePercent, spreadOf } from '../../../src/report/compare.js';
import { renderComparison } from '../../../src/report/compare-report.js';
import type { RunResult } from '../../../src/report/run-result.js';
import { UsageError } from '../../../src/shared/errors.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

/** A run whose phase "main" did `perSecond` commands a second at `latency` us. */
function run(perSecond: number, latency: number, name = 'main'): RunResult {
  return sampleResult([samplePhase({ name, seconds: 3, perSecond, latencyUs: () => latency })]);
}

const s = (median: number, min = median, max = median, runs = 1) => ({ median, min, max, runs });

describe('spreadOf', () => {
  it('takes the median (mean of the middle two for an even count), min and max', () => {
    expect(spreadOf([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(spreadOf([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, runs: 4 });
  });
});

describe('judge', () => {
  it('fails a throughput drop beyond the limit and passes one within it', () => {
    expect(judge(s(1000), s(700), 0.05, false).verdict).toBe('regressed');
    expect(judge(s(1000), s(700), 0.05, false).change).toBeCloseTo(-0.3);
    expect(judge(s(1000), s(960), 0.05, false).verdict).toBe('ok');
    // A rise in throughput is never a regression.
    expect(judge(s(1000), s(2000), 0.05, false).verdict).toBe('ok');
  });

  it('fails a p99 rise beyond the limit', () => {
    expect(judge(s(100), s(121), 0.1, true).verdict).toBe('regressed');
    expect(judge(s(100), s(109), 0.1, true).verdict).toBe('ok');
    expect(judge(s(100), s(50), 0.1, true).verdict).toBe('ok');
  });

  it('calls a crossing within overlapping spreads noise, and a separated one a regression', () => {
    expect(judge(s(1000, 800, 1200, 3), s(900, 850, 1000, 3), 0.05, false).verdict).toBe('noise');
    expect(judge(s(1000, 980, 1020, 3), s(900, 880, 910, 3), 0.05, false).verdict).toBe('regressed');
  });

  it('does not judge against a zero baseline', () => {
    expect(judge(s(0), s(10), 0.1, true)).toMatchObject({ change: null, verdict: 'ok' });
  });
});

describe('compareRuns', () => {
  it('finds no regression in a report against itself', () => {
    const r = run(1000, 500);
    const c = compareRuns([r], [r], DEFAULT_THRESHOLDS);
    expect(c.regressed).toBe(false);
    expect(c.rows.map((row) => row.command)).toEqual([null, 'SET', 'GET']);
    expect(c.rows.every((row) => row.throughput.change === 0 && row.p99.change === 0)).toBe(true);
  });

  it('fails 30% lower throughput, and names it in the output', () => {
    const c = compareRuns([run(1000, 500)], [run(700, 500)], DEFAULT_THRESHOLDS);
    expect(c.regressed).toBe(true);
    expect(c.rows[0]!.throughput.verdict).toBe('regressed');
    const text = renderComparison(c, DEFAULT_THRESHOLDS, { base: 1, current: 1 }, { width: 100, color: false });
    expect(text).toMatch(/total .*-30\.0%.*REGRESSED \(throughput\)/);
    expect(text).toContain('REGRESSION: main throughput -30.0%');
  });

  it('fails a doubled p99 at equal throughput', () => {
    const c = compareRuns([run(1000, 500)], [run(1000, 1000)], DEFAULT_THRESHOLDS);
    expect(c.regressed).toBe(true);
    expect(c.rows[0]!.p99.verdict).toBe('regressed');
    expect(c.rows[0]!.throughput.verdict).toBe('ok');
  });

  it('summarises several runs per side by their median and does not fail within the noise', () => {
    const base = [run(1000, 500), run(600, 500), run(1100, 500)];
    const current = [run(700, 500), run(900, 500), run(650, 500)];
    const c = compareRuns(base, current, DEFAULT_THRESHOLDS);
    const total = c.rows[0]!;
    expect(total.throughput.base).toMatchObject({ median: 1000, min: 600, max: 1100, runs: 3 });
    expect(total.throughput.current).toMatchObject({ median: 700, runs: 3 });
    expect(total.throughput.verdict).toBe('noise');
    expect(c.regressed).toBe(false);
    const text = renderComparison(c, DEFAULT_THRESHOLDS, { base: 3, current: 3 }, { width: 100, color: false });
    expect(text).toContain('median of 3 runs');
    expect(text).toMatch(/1000 \(600–1100\)/);
    expect(text).toContain('within the measured noise');
  });

  it('notes phases found on one side only and refuses reports with nothing in common', () => {
    const base = sampleResult([samplePhase({ name: 'a', seconds: 2, perSecond: 10, latencyUs: () => 5 }), samplePhase({ name: 'b', seconds: 2, perSecond: 10, latencyUs: () => 5 })]);
    const current = run(10, 5, 'a');
    const c = compareRuns([base], [current], DEFAULT_THRESHOLDS);
    expect(c.unmatched).toEqual(['phase b: only in the baseline']);
    expect(() => compareRuns([base], [run(10, 5, 'zzz')], DEFAULT_THRESHOLDS)).toThrow(UsageError);
  });
});

describe('parsePercent', () => {
  it('reads 5%, 12.5 and rejects junk', () => {
    expect(parsePercent('x', '5%')).toBeCloseTo(0.05);
    expect(parsePercent('x', '12.5')).toBeCloseTo(0.125);
    expect(() => parsePercent('max-throughput-drop', 'five')).toThrow(/--max-throughput-drop: expected a percentage/);
  });
});
