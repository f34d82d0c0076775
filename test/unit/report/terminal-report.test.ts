import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { checkReport } from '../../../src/report/read-report.js';
import { renderOptionsFor } from '../../../src/report/render-options.js';
import { renderReport, wrap } from '../../../src/report/terminal-report.js';
import { UsageError } from '../../../src/shared/errors.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

const result = () => sampleResult([samplePhase({ name: 'main', seconds: 8, perSecond: 500, latencyUs: (s, i) => 100 + ((s * 31 + i) % 900) })]);

describe('renderReport', () => {
  it('draws the table, both timeline charts and the spectrum, within the width', () => {
    for (const width of [60, 100, 150]) {
      const text = renderReport(result(), { width, color: false });
      expect(text).toContain('phase main: closed loop');
      expect(text).toContain('throughput (ops/s) over time');
      expect(text).toContain('p99 latency over time');
      expect(text).toContain('latency by percentile (log scale)');
      expect(text.replace(/\n +/g, ' ')).toMatch(/p50 \S+ · p90 \S+ · p99 \S+ · p99\.9 \S+ · max \S+/);
      for (const line of text.split('\n')) expect(line.length, `width ${width}: "${line}"`).toBeLessThanOrEqual(width);
    }
  });

  it('drops the least useful table columns on a narrow terminal', () => {
    const narrow = renderReport(result(), { width: 60, color: false });
    const header = narrow.split('\n').find((l) => l.includes('command'))!;
    expect(header).not.toContain('p90');
    expect(header).toContain('p99');
    expect(renderReport(result(), { width: 150, color: false })).toMatch(/command .* p90 /);
  });

  it('is a pure function: same result and options, same text; colour only when asked', () => {
    const r = result();
    expect(renderReport(r, { width: 100, color: false })).toBe(renderReport(JSON.parse(JSON.stringify(r)), { width: 100, color: false }));
    expect(renderReport(r, { width: 100, color: false })).not.toContain('\x1b');
    const coloured = renderReport(r, { width: 100, color: true });
    expect(coloured).toContain('\x1b');
    // Colour codes take no columns: the coloured report has the same lines as the plain one.
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderReport(r, { width: 100, color: false }));
  });
});

describe('wrap', () => {
  it('wraps long prose at spaces, keeping the indent plus two', () => {
    expect(wrap('  service time: p50 1ms, p99 2ms', 16)).toEqual(['  service time:', '    p50 1ms, p99', '    2ms']);
    expect(wrap('short', 16)).toEqual(['short']);
  });
});

describe('renderOptionsFor', () => {
  it('uses the terminal width on a TTY, 100 otherwise, and colour only on a TTY without NO_COLOR', () => {
    expect(renderOptionsFor({ isTTY: true, columns: 132 }, {})).toEqual({ width: 132, color: true });
    expect(renderOptionsFor({ isTTY: true, columns: 132 }, { NO_COLOR: '1' })).toEqual({ width: 132, color: false });
    expect(renderOptionsFor({ isTTY: true, columns: 132 }, { NO_COLOR: '' })).toEqual({ width: 132, color: true });
    expect(renderOptionsFor({ isTTY: false, columns: 132 }, {})).toEqual({ width: 100, color: false });
    expect(renderOptionsFor({}, {})).toEqual({ width: 100, color: false });
  });
});

describe('checkReport', () => {
  it('accepts a report and names the wrong field of a bad one', () => {
    expect(checkReport(JSON.parse(JSON.stringify(result())), 'r.json').phases).toHaveLength(1);
    const wrongVersion = { ...result(), schemaVersion: 7 };
    expect(() => checkReport(wrongVersion, 'r.json')).toThrow(/r\.json: schemaVersion is 7, this rbench reads version 1/);
    expect(() => checkReport({ hello: 1 }, 'x.json')).toThrow(/x\.json: schemaVersion is missing/);
    const broken = JSON.parse(JSON.stringify(result()));
    broken.phases[0].commands.GET.latencyUs.hdr = 'not-a-histogram';
    expect(() => checkReport(broken, 'b.json')).toThrow(UsageError);
    expect(() => checkReport(broken, 'b.json')).toThrow(/phases\[0\]\.commands\.GET\.latencyUs\.hdr/);
  });
});
