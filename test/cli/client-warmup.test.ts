/**
 * rbench's own warm-up and the main thread's priority, from the outside on a real server: the
 * warm-up sends PING before the first stage and nothing the phase counts (a request-bound run sends
 * a tenth of its count as PING and its own commands exactly), --no-client-warmup sends no PING, and during load the main thread runs at a lower priority than
 * the worker that sends (Linux: nice values per thread, read from /proc).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COORDINATOR_NICE } from '../../src/pool/coordinator-priority.js';
import { describeRun, readReport, requireBuiltCli, runCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { commandCalls, resetStats, useRedis, type LocalServer } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

/** `calls` of `command` in INFO commandstats since the last reset (0 when absent). */
async function calls(node: LocalServer, command: string): Promise<number> {
  return (await commandCalls(node))[command] ?? 0;
}

const load = ['--command', 'SET {key} {value}', '--connections', '10', '--workers', '1', '--reset', 'none'];

describe('client warm-up', () => {
  it('sends PING before the first stage, unmeasured: the phase counts only the mix', async () => {
    await resetStats(server());
    const out = join(tmp(), 'warm.json');
    const result = await runCli(['run', '--target', server().url, ...load, '--duration', '2s', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect((report.plan as { clientWarmupMs?: number }).clientWarmupMs).toBe(200);
    // 0.2 s of closed-loop PING over 10 connections is thousands of them.
    expect(await calls(server(), 'ping')).toBeGreaterThan(1000);
    // Every SET the server ran was in the measured phase: the warm-up sent none.
    expect(report.phases[0]!.totals.ops).toBe(await calls(server(), 'set'));
  });

  it('before a run bound by a request count, sends a tenth of it as PING and the mix exactly as asked', async () => {
    await resetStats(server());
    const out = join(tmp(), 'count.json');
    const result = await runCli(['run', '--target', server().url, ...load, '--requests', '5000', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(await calls(server(), 'set')).toBe(5000);
    // 500 from the warm-up; the control connection may add one or two.
    const pings = await calls(server(), 'ping');
    expect(pings).toBeGreaterThanOrEqual(500);
    expect(pings).toBeLessThan(510);
  });

  it('sends no PING with --no-client-warmup', async () => {
    await resetStats(server());
    const out = join(tmp(), 'cold.json');
    const result = await runCli(['run', '--target', server().url, ...load, '--duration', '1s', '--no-client-warmup', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    expect((await readReport(out)).plan).toMatchObject({ clientWarmupMs: 0 });
    // The control connection may PING once or twice; a warm-up sends thousands.
    expect(await calls(server(), 'ping')).toBeLessThan(10);
  });
});

/** Nice value and CPU ticks of every thread of `pid` (fields 14, 15 and 19 of /proc/PID/task/TID/stat). */
async function threads(pid: number): Promise<{ tid: number; nice: number; ticks: number }[]> {
  const out: { tid: number; nice: number; ticks: number }[] = [];
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => null);
    if (stat === null) continue;
    // The command name is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.push({ tid: Number(tid), ticks: Number(fields[11]) + Number(fields[12]), nice: Number(fields[16]) });
  }
  return out;
}

describe.runIf(process.platform === 'linux')('main thread priority during load', () => {
  it('is lowered on the main thread only; the busiest thread (the worker) keeps the default', async () => {
    const run = spawnCli(['run', '--target', server().url, ...load, '--duration', '3s', '--no-client-warmup', '--json=' + join(tmp(), 'nice.json')]);
    const pid = run.child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // well inside the measured phase
    const seen = await threads(pid);
    const result = await run.done;
    expect(result.code, describeRun(result)).toBe(0);
    const main = seen.find((t) => t.tid === pid)!;
    expect(main.nice).toBe(COORDINATOR_NICE);
    const busiest = seen.filter((t) => t.tid !== pid).sort((a, b) => b.ticks - a.ticks)[0]!;
    expect(busiest.nice).toBe(0);
  });
});
