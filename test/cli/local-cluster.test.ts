/**
 * `rbench local up cluster|standalone` and `rbench local down` from the outside, and a run that
 * finds out by itself (INFO cluster) that a plain redis:// URL names a cluster node.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportSchemaErrors } from '../helpers/report-schema.js';
import type { LocalDeployment } from '../../src/topology/local-deployments.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();
/** Records of `rbench local up` go to a directory of this test's own, never to ~/.rbench. */
const env = () => ({ RBENCH_STATE_DIR: join(tmp(), 'state') });

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

afterAll(async () => {
  // Whatever a failed test left running.
  await runCli(['local', 'down'], { cwd: tmp(), env: env() });
});

describe('rbench local', () => {
  it('starts a cluster and a standalone server, runs on the cluster, refuses cross-slot keys, and stops both', async () => {
    const up = await runCli(['local', 'up', 'cluster', '--masters', '2', '--replicas', '0'], { cwd: tmp(), env: env() });
    expect(up.code, describeRun(up)).toBe(0);
    const url = up.stdout.trim();
    expect(url).toMatch(/^cluster:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(up.stderr).toContain('rbench local down');
    const solo = await runCli(['local', 'up', 'standalone'], { cwd: tmp(), env: env() });
    expect(solo.code, describeRun(solo)).toBe(0);
    expect(solo.stdout.trim()).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);

    const records = await Promise.all(
      ['cluster', 'standalone'].map(async (kind) => JSON.parse(await readFile(join(tmp(), 'state', `local-${kind}.json`), 'utf8')) as LocalDeployment),
    );
    expect(records.map((r) => r.kind)).toEqual(['cluster', 'standalone']);
    expect(records[0]!.processes.map((p) => p.role)).toEqual(['master', 'master']);
    const nodes = records.flatMap((r) => r.processes);
    expect(nodes).toHaveLength(3);

    // A plain redis:// URL of one node: rbench asks INFO cluster and routes by slot.
    const first = url.slice('cluster://'.length).split(',')[0]!;
    const out = join(tmp(), 'detect.json');
    const run = await runCli(
      ['run', '--target', `redis://${first}`, '--command', 'MSET {key} {value} {key} {value}', '--command', 'GET {key}',
        '--requests', '2000', '--connections', '2', '--workers', '1', '--warmup', '0s', '--quiet', '--out', out],
      { cwd: tmp(), env: env() },
    );
    expect(run.code, describeRun(run)).toBe(0);
    const report = await readReport(out);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.target.topology).toBe('cluster');
    expect(report.phases[0]!.totals.errors).toEqual({});
    expect(Object.keys(report.phases[0]!.nodes ?? {})).toHaveLength(2);

    // A multi-key command mixing two hash tags cannot run on a cluster: exit 2, naming the step.
    const scenario = join(tmp(), 'cross.yml');
    await writeFile(
      scenario,
      'name: cross\nkeyspace: { prefix: "a:", keys: 10, hashtag: true }\nkeyspaces:\n  b: { prefix: "b:", keys: 10, hashtag: true }\nmix:\n  - { command: "SMOVE {key} {key:b} x" }\n',
    );
    const cross = await runCli(['run', scenario, '--target', url, '--requests', '10', '--quiet'], { cwd: tmp(), env: env() });
    expect(cross.code, describeRun(cross)).toBe(2);
    expect(cross.stderr).toContain('mix[0] "SMOVE"');
    expect(cross.stderr).toContain('keyspace "b" (tag {b:})');
    expect(hasStackTrace(cross.stderr)).toBe(false);

    // --cluster on a standalone server: a clear run-time error before any load.
    const forced = await runCli(['run', '--target', solo.stdout.trim(), '--cluster', '--command', 'GET {key}', '--requests', '10', '--quiet'], { cwd: tmp(), env: env() });
    expect(forced.code, describeRun(forced)).toBe(1);
    expect(forced.stderr).toContain("cannot read the cluster's slot map");
    expect(hasStackTrace(forced.stderr)).toBe(false);

    const down = await runCli(['local', 'down'], { cwd: tmp(), env: env() });
    expect(down.code, describeRun(down)).toBe(0);
    for (const kind of ['cluster', 'standalone']) expect(existsSync(join(tmp(), 'state', `local-${kind}.json`))).toBe(false);
    for (const n of nodes) {
      expect(await answers(n.port)).toBe(false);
      expect(existsSync(n.dir)).toBe(false);
    }
  }, 60_000);
});
