/**
 * The HTML renderer without a browser: what goes in the page for the optional report fields
 * (present or absent), that report data cannot inject markup, that partial seconds are drawn as
 * rates, and what a 1-hour report costs (size and time). The browser tests are in
 * test/cli/html-report.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { renderRunHtml } from '../../../src/report/html/run-page.js';
import { drawnRows, roundsAndStalls } from '../../../src/report/html/timeline-charts.js';
import { extras } from '../../../src/report/html/report-extras.js';
import type { RunResult } from '../../../src/report/run-result.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

/** The JSON the page embeds, parsed back. */
function embedded(page: string): unknown {
  const match = /<script type="application\/json" id="rbench-report">([\s\S]*?)<\/script>/.exec(page);
  return JSON.parse(match![1]!);
}

describe('renderRunHtml', () => {
  it('embeds the report exactly, and report text can neither close the script nor add tags', () => {
    const phase = samplePhase({ name: 'p1', seconds: 3, perSecond: 50, latencyUs: () => 100, labels: ['<b>x</b>', '</script><i>'] });
    const result = sampleResult([phase]);
    result.warnings.push('</script><script>alert(1)</script>');
    const page = renderRunHtml(result);
    expect(embedded(page)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('<i>');
    expect(page).not.toContain('alert(1)</script>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
    // Nothing in the page names a place to fetch from.
    expect(page).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(http/i);
  });

  it('puts the verdicts first and shows the optional fields when a report has them', () => {
    const phase = samplePhase({ name: 'p1', seconds: 4, perSecond: 100, latencyUs: (s) => 100 + s, rate: 400 });
    const result = sampleResult([phase, samplePhase({ name: 'p2', seconds: 4, perSecond: 200, latencyUs: () => 80 })]);
    const p = result.phases[0] as unknown as Record<string, unknown>;
    p.verdicts = [{ kind: 'not-steady', metric: 'throughput', firstThird: 100, lastThird: 50, changePct: -50, message: 'throughput fell 50% from the first third to the last' }];
    p.rounds = [
      { opsPerSec: 90, p50Us: 100, p99Us: 120, errors: 0 },
      { opsPerSec: 110, p50Us: 100, p99Us: 130, errors: 0 },
    ];
    p.reset = { keysDeleted: 1234, durationMs: 250 };
    p.client = { utilization: 0.95, eventLoopDelayUs: { p50: 20, p99: 900, max: 4000 }, gc: { count: 3, totalMs: 12, maxMs: 6 } };
    (p.schedule as Record<string, unknown>).scheduled = 400;
    Object.assign(p.schedule as object, { completed: 390, errorReplies: 4, transportFailures: 1, dropped: 2, unsent: 3, abandoned: 0 });
    const get = (p.commands as Record<string, Record<string, unknown>>).GET!;
    get.serverLatencyUs = { count: 200, p50: 7, p90: 9, p99: 15, p999: 30, max: 44, buckets: [] };
    (p.commands as Record<string, Record<string, unknown>>).SET!.serverLatencyUs = null;
    (p.commands as Record<string, Record<string, unknown>>).SET!.serverLatencyReason = 'LATENCY HISTOGRAM needs Redis 7';
    result.comparisons = [{ baseline: 'p1', other: 'p2', throughputRatio: 2, p99Ratio: 0.8, withinNoise: true, throughputRange: { baseline: [90, 110], other: [190, 210] } } as never];
    const page = renderRunHtml(result);
    expect(page.indexOf('id="verdicts"')).toBeLessThan(page.indexOf('data-phase="p1"'));
    expect(page).toContain('throughput fell 50% from the first third to the last');
    expect(page).toContain('data-round="2"');
    expect(page).toContain('a reset deleted 1,234 keys');
    expect(page).toContain('busiest worker 95% busy');
    expect(page).toContain('Of 400 scheduled: completed 390, error replies 4, transport failures 1, dropped 2, unsent 3, abandoned 0.');
    expect(page).toMatch(/<td data-field="server p99" data-value="15" title="[^"]*">≤15us<\/td>/);
    expect(page).toContain('title="LATENCY HISTOGRAM needs Redis 7"');
    expect(page).toContain('data-within-noise="true"');
    expect(page).toContain('whisker');
  });

  it('says so when a report has no verdicts, and when its verdicts found nothing', () => {
    const result = sampleResult([samplePhase({ name: 'p1', seconds: 2, perSecond: 10, latencyUs: () => 100 })]);
    // A report from before verdicts existed.
    delete (result.phases[0] as { verdicts?: unknown }).verdicts;
    expect(renderRunHtml(result)).toContain('this report has no verdicts');
    (result.phases[0] as unknown as { verdicts: unknown[] }).verdicts = [];
    expect(renderRunHtml(result)).toContain('no verdict: no phase was unsteady');
  });
});

describe('drawnRows', () => {
  it('draws a partial second as its rate over the time it covered, and leaves out slivers', () => {
    const rows = drawnRows({
      durationS: 3.1,
      timeline: [
        { t: 0, ops: 500, opsPerSec: 500, p50Us: 1, p99Us: 2, errors: 0, durationS: 0.5 },
        { t: 1, ops: 1000, opsPerSec: 1000, p50Us: 1, p99Us: 2, errors: 0, durationS: 1 },
        { t: 2, ops: 1000, opsPerSec: 1000, p50Us: 1, p99Us: 2, errors: 0, durationS: 1 },
        { t: 3, ops: 100, opsPerSec: 1000, p50Us: 1, p99Us: 2, errors: 0, durationS: 0.1 },
      ],
    });
    expect(rows.map((r) => [r.t, r.rate])).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 1000],
    ]);
  });

  it('without durationS (older reports), trusts opsPerSec and drops a last row cut short by the phase end', () => {
    const rows = drawnRows({
      durationS: 2.1,
      timeline: [
        { t: 0, ops: 1000, opsPerSec: 1000, p50Us: 1, p99Us: 2, errors: 0 },
        { t: 1, ops: 1000, opsPerSec: 1000, p50Us: 1, p99Us: 2, errors: 0 },
        { t: 2, ops: 100, opsPerSec: 100, p50Us: 1, p99Us: 2, errors: 0 },
      ],
    });
    expect(rows.map((r) => r.t)).toEqual([0, 1]);
  });
});

describe('roundsAndStalls', () => {
  it("marks where each later round starts and shades stalls from their own round's start", () => {
    const phase = samplePhase({ name: 'p', seconds: 4, perSecond: 10, latencyUs: () => 100 });
    const p = extras(phase);
    p.timeline = p.timeline.map((row, i) => ({ ...row, round: i < 2 ? 0 : 1 }));
    p.stalls = [
      { atS: 0.5, durationS: 0.25, round: 1 },
      { atS: 1.25, durationS: 0.5, round: 0 },
    ];
    expect(roundsAndStalls(p)).toEqual({
      marks: [{ x: 2, label: 'round 2' }],
      bands: [
        { from: 2.5, to: 2.75, label: 'stall' },
        { from: 1.25, to: 1.75, label: 'stall' },
      ],
    });
  });
});

describe('a 1-hour report', () => {
  let result: RunResult;
  beforeAll(() => {
    // 3,600 timeline rows in each of two phases, as a 1-hour run per phase writes.
    const phase = (name: string) => samplePhase({ name, seconds: 3600, perSecond: 4, latencyUs: (s, i) => 100 + ((s * 7 + i * 13) % 900) });
    result = sampleResult([phase('pipeline=1'), phase('pipeline=16')]);
  }, 60_000);

  it('renders to a page under 2 MB in well under a second', () => {
    renderRunHtml(result);
    const started = performance.now();
    const page = renderRunHtml(result);
    const ms = performance.now() - started;
    expect(page.length).toBeLessThan(2 * 1024 * 1024);
    // Typically ~50 ms; the margin is for a machine shared by several test suites.
    expect(ms).toBeLessThan(1000);
  });
});
