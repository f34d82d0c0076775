/** Ctrl-C during a run: rbench stops, exits 130, and still writes what it measured. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { describeRun, readReport, requireBuiltCli, spawnCli, useTempDir } from '../../helpers/cli.js';
import { asString } from '../../../src/resp/values.js';
import { connectTo, useRedis, type LocalServer } from '../../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

describe('SIGINT during a run', () => {
  it('exits 130 within a few seconds and writes a partial result with the ops done so far', async () => {
    const out = join(tmp(), 'interrupted.json');
    const running = spawnCli([
      'run', '--target', server().url, '--command', 'SET {key} {value}', '--command', 'GET {key}',
      '--data-size', '3', '--keys', '1000', '--connections', '8', '--duration', '30s', '--warmup', '0s',
      '--workers', '1', '--quiet', '--out', out,
    ]);
    // Interrupt once the load is visibly under way (a loaded machine starts rbench slowly).
    await waitForCalls(server(), 2000, 20_000);
    await sleep(500);
    expect(running.child.exitCode, 'rbench ended before the SIGINT').toBeNull();
    const sentAt = Date.now();
    running.child.kill('SIGINT');
    const result = await Promise.race([running.done, sleep(8000).then(() => null)]);
    if (result === null) running.child.kill('SIGKILL');
    expect(result, 'rbench did not exit within 8 s of SIGINT').not.toBeNull();
    expect(result!.code, describeRun(result!)).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(5000);

    expect(existsSync(out)).toBe(true);
    const report = await readReport(out);
    expect(report.interrupted).toBe(true);
    expect(report.phases.length).toBeGreaterThanOrEqual(1);
    const phase = report.phases[0]!;
    expect(phase.partial).toBe(true);
    expect(phase.totals.ops).toBeGreaterThan(0);
    expect(phase.totals.latencyUs.count).toBe(phase.totals.ops);
    // Stopped after ~2 s of a 30 s phase.
    expect(phase.durationS).toBeLessThan(10);
  });
});

/** Waits until the server has answered `calls` SET and GET commands (or the timeout passes). */
async function waitForCalls(server: LocalServer, calls: number, timeoutMs: number): Promise<void> {
  const conn = await connectTo(server);
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = asString(await conn.call(['INFO', 'commandstats'])) ?? '';
      const total = [...info.matchAll(/cmdstat_(?:set|get):calls=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
      if (total >= calls) return;
      await sleep(100);
    }
  } finally {
    await conn.close();
  }
}
