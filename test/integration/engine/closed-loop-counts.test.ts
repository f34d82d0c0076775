/**
 * The closed loop counts what it did: the report's op counts match what the server executed, the
 * merged totals of several workers add up, and a pipeline list gives comparable phases.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asString } from '../../../src/resp/values.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

/** `calls=` per command from INFO commandstats, keyed by lower-case command name. */
async function commandCalls(): Promise<Record<string, number>> {
  const conn = await connectTo(server());
  try {
    const info = asString(await conn.call(['INFO', 'commandstats'])) ?? '';
    const calls: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
    return calls;
  } finally {
    await conn.close();
  }
}

async function resetStats(): Promise<void> {
  const conn = await connectTo(server());
  try {
    await conn.call(['CONFIG', 'RESETSTAT']);
  } finally {
    await conn.close();
  }
}

describe('closed loop against a real server', () => {
  it('reports exactly the SET and GET calls the server counted', async () => {
    await resetStats();
    const out = join(tmp(), 'counts.json');
    const result = await runCli([
      'run', '--target', server().url, '--command', 'SET {key} {value}', '--command', 'GET {key}',
      '--data-size', '3', '--keys', '10000', '--connections', '8', '--pipeline', '4', '--requests', '20000',
      '--warmup', '0s', '--workers', '1', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    const calls = await commandCalls();

    expect(report.phases).toHaveLength(1);
    const phase = report.phases[0]!;
    expect(phase.totals.ops).toBe(20000);
    expect(phase.commands.SET!.ops).toBeGreaterThan(0);
    expect(phase.commands.GET!.ops).toBeGreaterThan(0);
    // The CLI's own control connection sends INFO, CLIENT SETNAME, PING...: compare the mix only.
    expect(calls.set).toBe(phase.commands.SET!.ops);
    expect(calls.get).toBe(phase.commands.GET!.ops);
    expect(phase.totals.errors).toEqual({});
  });

  it('adds up the totals of two workers: histogram count = per-command ops = timeline ops', async () => {
    const out = join(tmp(), 'workers.json');
    const result = await runCli([
      'run', '--target', server().url, '--command', 'SET {key} {value}', '--command', 'GET {key}',
      '--data-size', '3', '--keys', '1000', '--connections', '8', '--pipeline', '4', '--duration', '2s',
      '--warmup', '0s', '--workers', '2', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    const phase = report.phases[0]!;
    expect(phase.workers).toBe(2);
    expect(report.failures).toEqual([]);

    const perCommand = Object.values(phase.commands).reduce((sum, c) => sum + c.ops, 0);
    const perSecond = phase.timeline.reduce((sum, row) => sum + row.ops, 0);
    const perCommandCounts = Object.values(phase.commands).reduce((sum, c) => sum + c.latencyUs.count, 0);
    expect(phase.totals.ops).toBeGreaterThan(1000);
    expect(phase.totals.latencyUs.count).toBe(phase.totals.ops);
    expect(phase.totals.latencyUs.count).toBe(perCommand);
    expect(phase.totals.latencyUs.count).toBe(perSecond);
    expect(perCommandCounts).toBe(perCommand);
  });

  it('runs pipeline 1 and 16 as two phases, pipelining giving more throughput', async () => {
    const out = join(tmp(), 'pipeline.json');
    const result = await runCli([
      'run', '--target', server().url, '--command', 'SET {key} {value}', '--command', 'GET {key}',
      '--data-size', '3', '--keys', '1000', '--connections', '10', '--pipeline', '1,16', '--duration', '1s',
      '--warmup', '0s', '--workers', '1', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.phases.map((p) => p.pipeline)).toEqual([1, 16]);
    expect(report.phases.every((p) => p.totals.ops > 0)).toBe(true);
    expect(report.comparisons).toHaveLength(1);
    const comparison = report.comparisons[0]!;
    expect(comparison.baseline).toBe(report.phases[0]!.name);
    expect(comparison.other).toBe(report.phases[1]!.name);
    expect(comparison.throughputRatio).toBeCloseTo(report.phases[1]!.totals.opsPerSec / report.phases[0]!.totals.opsPerSec, 6);
    expect(comparison.throughputRatio).toBeGreaterThan(1);
  });
});
