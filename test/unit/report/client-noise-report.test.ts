/** The terminal line about rbench's own pauses, and the report's `client` section against the schema. */
import { beforeAll, describe, expect, it } from 'vitest';
import { combineClientNoise, initHistogramBackend, type ClientNoise } from '../../../src/metrics/index.js';
import { renderReport } from '../../../src/report/terminal-report.js';
import { PLAIN } from '../../../src/report/render-options.js';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

const noise = (maxUs: number, gcMaxMs: number): ClientNoise => ({
  eventLoopDelayUs: { p50: 40, p99: maxUs / 3, max: maxUs },
  utilization: 0.83,
  gc: { count: 12, totalMs: 9.5, maxMs: gcMaxMs },
});

// Latencies 300..1290 µs: p99.9 about 1.29 ms.
// Wide enough that the line is not wrapped.
const render = (result: Parameters<typeof renderReport>[0]) => renderReport(result, { ...PLAIN, width: 240 });

const phase = (worker: ClientNoise) => {
  const p = samplePhase({ name: 'p1', seconds: 2, perSecond: 1000, latencyUs: (_s, i) => 300 + (i % 100) * 10 });
  p.client = combineClientNoise([worker], noise(500, 0));
  return p;
};

describe("the line about rbench's own pauses", () => {
  it('appears when a worker stalled for a time near the measured tail', () => {
    const result = sampleResult([phase(noise(9000, 1.5))]);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(result)))).toEqual([]);
    expect(render(result)).toMatch(
      /rbench's event loop stalled up to 9\.00ms \(p99 3\.00ms, 12 GC pauses up to 1\.50ms; busy 83%\): latencies near that may include the client/,
    );
  });

  it('stays away when the pauses are small next to the latencies', () => {
    expect(render(sampleResult([phase(noise(200, 0.1))]))).not.toMatch(/stalled/);
  });

  it('counts a long GC pause as a stall even when the delay timer missed it', () => {
    expect(render(sampleResult([phase(noise(100, 4))]))).toMatch(/stalled up to 100us .*GC pauses up to 4\.00ms/);
  });

  it('is checked by the schema', () => {
    const bad = JSON.parse(JSON.stringify(sampleResult([phase(noise(9000, 1))]))) as { phases: { client: { utilization: unknown } }[] };
    bad.phases[0]!.client.utilization = 1.5;
    expect(reportSchemaErrors(bad).join('\n')).toMatch(/client\/utilization/);
  });
});
