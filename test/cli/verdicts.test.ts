/**
 * The conclusions a user reads: phases that start from the same data whatever their order,
 * verdicts (not-steady, stall, errors) on real servers, every scheduled command accounted for
 * when the server dies, and exit codes that follow the error share.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/client/connection.js';
import { parseTarget, type StandaloneTarget } from '../../src/client/target-url.js';
import type { PhaseResult } from '../../src/report/run-result.js';
import { describeRun, readReport, requireBuiltCli, runCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { startLocalServer, targetFor, useRedis } from '../helpers/redis.js';

requireBuiltCli();
const tmp = useTempDir();
const server = useRedis();
const url = () => server().url;
const fixture = (name: string) => join('test/fixtures/scenarios', name);

/**
 * Waits until the server has answered `calls` of `command` (the measured load is running): a
 * start-up slowed by a busy machine must not move the fault out of the phase.
 */
async function loadRunning(url: string, command: string, calls = 500): Promise<void> {
  const conn = await Connection.open({ target: parseTarget(url) as StandaloneTarget, reconnect: false });
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const info = String(await conn.call(['INFO', 'commandstats']));
      if (Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0) >= calls) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the load never reached ${calls} ${command} calls`);
  } finally {
    await conn.close();
  }
}

function verdictKinds(phase: PhaseResult): string[] {
  return (phase.verdicts ?? []).map((v) => v.kind);
}

describe('phases start from the same data (reset)', () => {
  // Throughput on a shared 2-core machine swings by ±20% from run to run; rounds (in the fixture)
  // take medians, and a retry absorbs a run that met a neighbour's burst.
  it('gives the same pipeline ratio whichever phase runs first', { retry: 2, timeout: 180_000 }, async () => {
    const ratio = async (order: string) => {
      const out = join(tmp(), `order-${order}.json`);
      const run = await runCli(['run', fixture('growing-zset.yml'), '--target', url(), '--pipeline', order, '--out', out, '--quiet'], { timeoutMs: 90_000 });
      expect(run.code, describeRun(run)).toBe(0);
      const report = await readReport(out);
      // Both phases were reset; the second found the first one's keys to delete.
      expect(report.phases.map((p) => p.reset === null || p.reset === undefined)).toEqual([false, false]);
      expect(report.phases.some((p) => p.reset!.keysDeleted >= 20)).toBe(true);
      return report.comparisons[0]!.throughputRatio;
    };
    const p16OverP1 = await ratio('1,16');
    const p1OverP16 = await ratio('16,1');
    // The two orders measure the same thing: the product of the ratios is 1 when order does not matter.
    expect(p16OverP1 * p1OverP16).toBeGreaterThan(0.8);
    expect(p16OverP1 * p1OverP16).toBeLessThan(1.25);
  });
});

describe('verdicts', () => {
  it('calls a growing-list workload not steady and a GET-only run steady', { retry: 1, timeout: 120_000 }, async () => {
    const growing = join(tmp(), 'growing.json');
    const g = await runCli(
      ['run', '--name', 'growing-list', '--command', 'RPUSH {key} {value}', '--command', 'LRANGE {key} 0 -1', '--keys', '10', '--data-size', '16', '--connections', '10', '--duration', '8s', '--target', url(), '--out', growing, '--quiet', '--cleanup'],
      { timeoutMs: 60_000 },
    );
    expect(g.code, describeRun(g)).toBe(0);
    const grew = (await readReport(growing)).phases[0]!;
    const notSteady = (grew.verdicts ?? []).find((v) => v.kind === 'not-steady' && v.metric === 'throughput');
    expect(notSteady, JSON.stringify(grew.verdicts)).toBeDefined();
    expect(notSteady!.kind === 'not-steady' && notSteady!.changePct).toBeLessThan(-20);

    const steady = join(tmp(), 'steady.json');
    // At a fixed rate (after a warm-up) the throughput is the schedule's, so a neighbour on the
    // shared machine finishing its work mid-phase does not make a steady workload look unsteady.
    const s = await runCli(['run', '--name', 'steady-get', '--command', 'GET {key}', '--keys', '1000', '--connections', '10', '--rate', '3k/s', '--warmup', '1s', '--duration', '6s', '--target', url(), '--out', steady, '--quiet'], {
      timeoutMs: 60_000,
    });
    expect(s.code, describeRun(s)).toBe(0);
    const phase = (await readReport(steady)).phases[0]!;
    expect(verdictKinds(phase), JSON.stringify(phase.verdicts)).not.toContain('not-steady');
    expect(phase.timeline.every((r) => r.durationS !== undefined && r.durationS > 0)).toBe(true);
  });

  it('reports a stall of the frozen server in a closed loop', async () => {
    const frozen = await startLocalServer();
    try {
      const out = join(tmp(), 'stall.json');
      const run = spawnCli(['run', '--command', 'GET {key}', '--connections', '10', '--duration', '6s', '--target', frozen.url, '--out', out, '--quiet'], { timeoutMs: 60_000 });
      await loadRunning(frozen.url, 'get');
      await new Promise((r) => setTimeout(r, 1000));
      process.kill(frozen.pid, 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(frozen.pid, 'SIGCONT');
      const result = await run.done;
      expect(result.code, describeRun(result)).toBe(0);
      const phase = (await readReport(out)).phases[0]!;
      const stall = (phase.verdicts ?? []).find((v) => v.kind === 'stall');
      expect(stall, JSON.stringify(phase.verdicts)).toBeDefined();
      expect(stall!.kind === 'stall' && stall!.durationS).toBeGreaterThanOrEqual(1.5);
    } finally {
      process.kill(frozen.pid, 'SIGCONT');
      await frozen.stop();
    }
  }, 60_000);
});

describe('every scheduled command accounted for', () => {
  it('ends on time with exit 1 when the server is killed during an open-model run', async () => {
    const doomed = await startLocalServer();
    try {
      const out = join(tmp(), 'killed.json');
      const started = Date.now();
      const run = spawnCli(['run', '--command', 'SET {key} {value}', '--rate', '5k/s', '--duration', '6s', '--connections', '10', '--target', doomed.url, '--out', out, '--quiet'], {
        timeoutMs: 60_000,
      });
      // Kill about 2 s into the phase.
      await loadRunning(doomed.url, 'set', 200);
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(doomed.pid, 'SIGKILL');
      const result = await run.done;
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(result.code, describeRun(result)).toBe(1);
      expect(result.stderr).toMatch(/commands failed or never completed/);
      const phase = (await readReport(out)).phases[0]!;
      const s = phase.schedule!;
      expect(s.scheduled).toBeGreaterThan(29_000);
      expect(s.scheduled).toBeLessThan(31_000);
      expect(s.scheduled).toBe(s.completed! + s.errorReplies! + s.transportFailures! + s.dropped + s.unsent! + s.abandoned!);
      expect(s.unsent! + s.dropped).toBeGreaterThan(5000);
      expect(phase.totals.latencyUs.p99).toBeGreaterThanOrEqual(1_000_000);
      expect(phase.totals.latencyUs.lowerBounds).toBeGreaterThan(5000);
      expect(verdictKinds(phase)).toContain('errors');
    } finally {
      await doomed.stop().catch(() => {});
    }
  }, 60_000);

  it('fails a run whose commands the server refuses, unless --max-error-rate allows it', async () => {
    // 2 MB, not 1: an empty Redis 7.0 already uses about 0.9 MB, so at 1 MB no SET at all fits
    // (a run where nothing succeeds exits 1 whatever --max-error-rate says).
    const full = await startLocalServer({ extraArgs: ['--maxmemory', '2mb', '--maxmemory-policy', 'noeviction'] });
    try {
      // The reset before the phase frees what the run before it wrote, so each run starts with room for a few SETs.
      const args = ['run', '--command', 'SET {key} {value}', '--data-size', '64', '--keys', '100k', '--connections', '4', '--duration', '2s', '--target', full.url, '--quiet'];
      const refused = await runCli([...args, '--out', join(tmp(), 'oom.json')]);
      expect(refused.code, describeRun(refused)).toBe(1);
      expect(refused.stderr).toMatch(/% of commands failed or never completed: OOM \d+/);
      const accepted = await runCli([...args, '--out', join(tmp(), 'oom-ok.json'), '--max-error-rate', '100%']);
      expect(accepted.code, describeRun(accepted)).toBe(0);
      const bad = await runCli([...args, '--out', join(tmp(), 'x.json'), '--max-error-rate', 'lots']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--max-error-rate must be a fraction .* got "lots"/);
    } finally {
      await full.stop();
    }
  }, 60_000);
});

describe('rounds', () => {
  it('interleaves the rounds and reports each with the median and the spread', async () => {
    const out = join(tmp(), 'rounds.json');
    const run = await runCli(['run', '--name', 'rounds', '--command', 'GET {key}', '--keys', '100', '--connections', '4', '--duration', '1s', '--pipeline', '1,8', '--rounds', '3', '--target', url(), '--out', out], {
      timeoutMs: 60_000,
    });
    expect(run.code, describeRun(run)).toBe(0);
    const report = await readReport(out);
    for (const phase of report.phases) {
      expect(phase.rounds).toHaveLength(3);
      const rates = phase.rounds!.map((r) => r.opsPerSec).sort((a, b) => a - b);
      expect(phase.totals.opsPerSec).toBeCloseTo(rates[1]!, 6);
      expect(phase.totals.ops).toBeGreaterThan(0);
    }
    const c = report.comparisons[0]!;
    expect(c.throughputRange!.baseline[0]).toBeLessThanOrEqual(c.throughputRange!.baseline[1]);
    expect(typeof c.withinNoise).toBe('boolean');
    expect(run.stdout).toMatch(/rounds: ops\/s/);
    // The server saw exactly the GETs the report counts over all rounds.
    const conn = await Connection.open({ target: targetFor(server()), reconnect: false });
    try {
      const info = String(await conn.call(['INFO', 'commandstats']));
      const calls = Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
      expect(calls).toBeGreaterThanOrEqual(report.phases.reduce((sum, p) => sum + p.totals.ops, 0));
    } finally {
      await conn.close();
    }
  }, 60_000);
});
