/**
 * `--metrics-port`: the endpoint is scraped while a real run goes and the text is parsed with a
 * Prometheus text-format parser. A finished phase's counters equal the final report's counts
 * exactly; the running phase's are on their way there; the last-second gauges describe the
 * running phase. A port in use is a usage error before any load.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

/** The value of `name`'s sample with exactly these labels (a subset match), or undefined. */
function sample(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found?.value === undefined ? undefined : Number(found.value);
}

async function scrape(url: string): Promise<MetricFamily[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
}

describe('live metrics', () => {
  it('serves per-phase, per-command counters that end at the report figures, and last-second gauges', async () => {
    const out = join(tmp(), 'live.json');
    const target = `redis://127.0.0.1:${server().port}`;
    const run = spawnCli(['run', '--target', target, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--keys', '1000', '--duration', '3s', '--pipeline', '1,4', '--connections', '4', '--metrics-port', '0', '--out', out, '--quiet'], { timeoutMs: 60_000 });
    let stderr = '';
    run.child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    let url: string | undefined;
    for (let i = 0; i < 400 && url === undefined; i++) {
      url = /live metrics at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    expect(url, stderr).toMatch(/^http:\/\/[^/]+:\d+\//);
    // Wait for the second phase to run for a second or so: the first is then final.
    let families: MetricFamily[] = [];
    for (let i = 0; i < 200; i++) {
      families = await scrape(url!);
      if (sample(families, 'rbench_stage_running', { phase: 'pipeline=4', kind: 'measure' }) === 1 && sample(families, 'rbench_throughput_ops_per_second', { phase: 'pipeline=4', command: 'GET' }) !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sample(families, 'rbench_stage_running', { phase: 'pipeline=1', kind: 'measure' })).toBe(0);
    expect(sample(families, 'rbench_stage_running', { phase: 'pipeline=4', kind: 'measure' })).toBe(1);
    expect(families.find((f) => f.name === 'rbench_commands_total')?.type).toBe('COUNTER');
    expect(sample(families, 'rbench_throughput_ops_per_second', { phase: 'pipeline=4', command: 'GET' })).toBeGreaterThan(0);
    // The finished phase has no last-second gauges any more.
    expect(sample(families, 'rbench_throughput_ops_per_second', { phase: 'pipeline=1', command: 'GET' })).toBeUndefined();
    const quantiles = families.find((f) => f.name === 'rbench_latency_seconds')!.metrics.filter((m) => m.labels?.command === 'GET').map((m) => m.labels!.quantile);
    expect(quantiles).toEqual(['0.5', '0.9', '0.99', '0.999', '1']);
    const p99 = sample(families, 'rbench_latency_seconds', { phase: 'pipeline=4', command: 'GET', quantile: '0.99' })!;
    const p50 = sample(families, 'rbench_latency_seconds', { phase: 'pipeline=4', command: 'GET', quantile: '0.5' })!;
    expect(p99).toBeGreaterThanOrEqual(p50);
    expect(p50).toBeGreaterThan(0);
    const midRun = { SET: sample(families, 'rbench_commands_total', { phase: 'pipeline=4', command: 'SET' })! };
    const firstPhase = {
      SET: sample(families, 'rbench_commands_total', { phase: 'pipeline=1', command: 'SET' }),
      GET: sample(families, 'rbench_commands_total', { phase: 'pipeline=1', command: 'GET' }),
    };
    // 4 connections at pipeline 4 keep up to 16 commands out. The gauge is as of the workers' last
    // interval (the one that closed the first phase reads 0), so watch it for a while; it once
    // read 0 always, because the workers published 0.
    const inFlight: number[] = [];
    for (let i = 0; i < 30 && !inFlight.some((n) => n > 0); i++) {
      inFlight.push(sample(await scrape(url!), 'rbench_in_flight', {}) ?? -1);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(Math.max(...inFlight), `in flight seen: ${inFlight.join(',')}`).toBeGreaterThan(0);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(16);

    const result = await run.done;
    expect(result.code, describeRun({ ...result, stderr })).toBe(0);
    const report = await readReport(out);
    const [one, four] = report.phases;
    expect(firstPhase).toEqual({ SET: one!.commands.SET!.ops, GET: one!.commands.GET!.ops });
    expect(midRun.SET).toBeGreaterThan(0);
    expect(midRun.SET).toBeLessThanOrEqual(four!.commands.SET!.ops);
  }, 60_000);

  it('refuses a port in use before any load, naming the flag', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['run', '--target', `redis://127.0.0.1:${server().port}`, '--command', 'GET {key}', '--requests', '10', '--metrics-port', String(port), '--quiet']);
      expect(result.code, describeRun(result)).toBe(2);
      expect(result.stderr).toContain(`--metrics-port ${port} --metrics-host 127.0.0.1: cannot listen (the port is in use)`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
