/**
 * kill-master on a Redis Cluster started by `rbench local up`: the killed master's slots fail
 * (connection errors, counted) until its replica takes over, while the other masters keep
 * serving; a dead node must not hold every connection's pipeline.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/report/run-result.js';
import { describeRun, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();
const env = () => ({ RBENCH_STATE_DIR: join(tmp(), 'state') });

afterAll(async () => {
  await runCli(['local', 'down'], { cwd: tmp(), env: env() });
});

describe('rbench drill kill-master on a cluster', () => {
  it('keeps the healthy masters busy while the killed one is down, then follows its replica', async () => {
    const up = await runCli(['local', 'up', 'cluster', '--masters', '3', '--replicas', '1'], { cwd: tmp(), env: env(), timeoutMs: 60_000 });
    expect(up.code, describeRun(up)).toBe(0);
    const url = up.stdout.trim();
    const out = join(tmp(), 'kill.json');
    const drill = await runCli(
      ['drill', 'scenarios/cluster-failover.yml', '--target', url, '--action', 'kill-master', '--at', '2s', '--duration', '13s', '--connections', '4', '--out', out, '--quiet'],
      { env: env(), timeoutMs: 60_000 },
    );
    expect(drill.code, describeRun(drill)).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    const d = report.drill!;
    expect(d.triggerError).toBeNull();
    expect(d.masterAfter).not.toBe(d.masterBefore);
    // The node timeout is 5 s: the three seconds after the kill are before any failover. Each has
    // load on the two healthy masters, and failures for the dead one's slots.
    const start = Math.ceil(d.eventAtS!);
    const during = d.timeline.filter((r) => r.t >= start && r.t < start + 3);
    expect(during).toHaveLength(3);
    for (const row of during) {
      expect(row.ops, `ops in second ${row.t}`).toBeGreaterThan(100);
      expect(Object.values(row.errors).reduce((a, b) => a + b, 0), `errors in second ${row.t}`).toBeGreaterThan(0);
    }
  }, 90_000);
});
