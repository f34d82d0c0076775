/** Which label gets which server histogram, and what the report and the terminal then show. */
import { beforeAll, describe, expect, it } from 'vitest';
import { attachServerLatency, serverLatencyPlan } from '../../../src/cli/server-latency-attribution.js';
import { fromCumulative, initHistogramBackend, type ServerHistograms } from '../../../src/metrics/index.js';
import { buildPlan } from '../../../src/plan/index.js';
import { renderReport } from '../../../src/report/terminal-report.js';
import { validateScenarioText } from '../../../src/scenario/index.js';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

function mixOf(text: string) {
  const result = validateScenarioText(`name: t\nmix:\n${text}`, 'inline.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildPlan(result.scenario, { cpuCount: 1 }).mix;
}

describe('serverLatencyPlan', () => {
  it('gives each command its own histogram, the EXEC to a MULTI block, and reads only reads on replicas', () => {
    const plan = serverLatencyPlan(mixOf('  - command: "GET {key}"\n  - multi: ["INCR {key}", "EXPIRE {key} 60"]\n'));
    expect(plan.labels).toEqual([
      { label: 'GET', command: 'get' },
      { label: 'MULTI[INCR,EXPIRE]', command: 'exec' },
    ]);
    expect(plan.totalCommands).toEqual(['get', 'exec']);
    expect(plan.commands.sort()).toEqual(['exec', 'expire', 'get', 'incr']);
    expect(plan.replicaCommands).toEqual(['get']);
  });

  it('gives no histogram to labels that share a command: the server cannot tell them apart', () => {
    const plan = serverLatencyPlan(mixOf('  - command: "GET {key}"\n  - command: "GET {key}"\n  - multi: ["GET {key}", "SET {key} 1"]\n'));
    expect(plan.labels.map((l) => l.command)).toEqual([null, null, 'exec']);
    expect(plan.labels[0]!.reason).toMatch(/one histogram per command and GET is also sent by GET#2, MULTI\[GET,SET\]/);
    expect(plan.totalCommands).toEqual(['get', 'exec']);
  });
});

describe('attachServerLatency', () => {
  const phase = () => samplePhase({ name: 'p1', seconds: 2, perSecond: 1000, latencyUs: (_s, i) => 300 + (i % 100) * 10 });
  const plan = serverLatencyPlan(mixOf('  - command: "SET {key} {value}"\n  - command: "GET {key}"\n'));
  const histograms: ServerHistograms = new Map([
    ['get', fromCumulative(1000, [[1, 900], [2, 995], [8, 1000]])],
    ['set', fromCumulative(1000, [[2, 990], [4, 1000]])],
  ]);

  it('sets per-command and total figures that the schema accepts and the terminal shows side by side', () => {
    const p = phase();
    attachServerLatency(p, plan, { histograms });
    expect(p.commands.GET!.serverLatencyUs).toMatchObject({ count: 1000, p50: 1, p99: 2, max: 8 });
    expect(p.totals.serverLatencyUs).toMatchObject({ count: 2000, p50: 2, p99: 2, p999: 8, max: 8, buckets: { 1: 900, 2: 1085, 4: 10, 8: 5 } });
    const result = sampleResult([p]);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(result)))).toEqual([]);
    const text = renderReport(result);
    expect(text).toMatch(/client vs server/);
    expect(text).toMatch(/GET +\d+us +≤1us/);
    expect(text).toMatch(/total p99: [\d.]+(us|ms) at the client, ≤2us in Redis: the rest is network, queueing and the client/);
  });

  it('says why where there are no figures, and a command the server never counted is not shown as 0 µs', () => {
    const refused = phase();
    attachServerLatency(refused, plan, { reason: 'the server has no LATENCY command (renamed or disabled in its config, or a proxy)' });
    expect(refused.totals.serverLatencyUs).toBeNull();
    expect(refused.commands.SET!.serverLatencyReason).toMatch(/no LATENCY command/);
    const result = sampleResult([refused]);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(result)))).toEqual([]);
    expect(renderReport(result)).toMatch(/server-side latency not available: the server has no LATENCY command/);

    const untracked = phase();
    attachServerLatency(untracked, plan, { histograms: new Map() });
    expect(untracked.commands.GET!.serverLatencyUs).toBeNull();
    expect(untracked.commands.GET!.serverLatencyReason).toMatch(/latency-tracking/);
  });

  it('leaves reports without a server reading as they were', () => {
    const text = renderReport(sampleResult([phase()]));
    expect(text).not.toMatch(/client vs server|server-side/);
  });
});
