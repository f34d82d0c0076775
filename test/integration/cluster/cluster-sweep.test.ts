/**
 * `rbench sweep` on a Redis Cluster: the steps route by slot like `rbench run` (no redirect ends
 * as an error), and memory per key is read from every master, with each sampled key asked of the
 * master that owns it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLocalCluster } from '../../helpers/redis.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();

describe('rbench sweep on a cluster', () => {
  const localCluster = useLocalCluster({ masters: 3, replicas: 0 });

  it('runs every step without errors and measures memory over all masters', async () => {

    const cluster = localCluster();
    const file = join(tmp(), 'sweep.yml');
    await writeFile(
      file,
      [
        'name: cluster-sweep',
        'workers: 1',
        'keyspace: { prefix: "cs:", keys: 3000 }',
        'keyspaces:',
        '  pairs: { prefix: "cs:pair:", keys: 500 }',
        'data: { size: 100 }',
        'setup:',
        '  - { command: "SET {key} {value}" }',
        '  - { command: "SET {key:pairs} {value}" }',
        'mix:',
        '  - { command: "GET {key}", weight: 9 }',
        // Two keys of one command: rbench tags the pairs key space itself on a cluster.
        '  - { command: "MSET {key:pairs} {value} {key:pairs} {value}", weight: 1 }',
        'sweep: { over: connections, values: [1, 2], stepDuration: 1s, earlyStop: false }',
        '',
      ].join('\n'),
    );
    const out = join(tmp(), 'sweep.json');
    const result = await runCli(['sweep', file, '--target', cluster.url, '--quiet', '--out', out], { timeoutMs: 60_000 });
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.target.topology).toBe('cluster');
    expect(report.phases).toHaveLength(2);
    for (const phase of report.phases) {
      expect(phase.totals.errors, phase.name).toEqual({});
      expect(phase.totals.ops, phase.name).toBeGreaterThan(100);
      expect(phase.totals.nulls, `${phase.name}: setup filled every key`).toBe(0);
    }
    const memory = report.capacity!.memory!;
    // Keys and bytes are the sum over the three masters, not one node's share.
    expect(memory.keysAfter - memory.keysBefore).toBe(3500);
    const main = memory.samples.find((s) => s.keyspace === 'main')!;
    expect(main.found).toBe(main.sampled); // every sampled key answered by its own master
    expect(main.bytesPerKey).toBeGreaterThan(100);
    // The tagged key space is sampled under the names the workers wrote (prefix{g}:n).
    const pairs = memory.samples.find((s) => s.keyspace === 'pairs')!;
    expect(pairs.found).toBe(pairs.sampled);
    expect(memory.bytesPerKeyFromInfo).toBeGreaterThan(100);
  }, 90_000);
});
