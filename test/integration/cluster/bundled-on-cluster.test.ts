/**
 * Bundled scenarios run unchanged on a 3-master cluster: no error reply reported or counted by
 * any node, and every master gets load (the keys spread over the slots).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Connection } from '../../../src/client/connection.js';
import { parseInfo } from '../../../src/client/server-info.js';
import { asString } from '../../../src/resp/values.js';
import { targetOf } from '../../../src/topology/local-cluster.js';
import { useLocalCluster } from '../../helpers/redis.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const dir = useTempDir();
const localCluster = useLocalCluster({ masters: 3, replicas: 0 });

async function onEveryMaster<T>(fn: (conn: Connection) => Promise<T>): Promise<T[]> {
  return Promise.all(
    localCluster().masters.map(async (m) => {
      const conn = await Connection.open({ target: targetOf(m), reconnect: false });
      try {
        return await fn(conn);
      } finally {
        await conn.close();
      }
    }),
  );
}

// Spread keys with rbench's own tags for MGET/MSET (strings, cluster), spread keys (hashes), one
// shared tag (transactions). The rest run the same way; these keep the test time down.
const SCENARIOS = ['strings.yml', 'hashes.yml', 'transactions.yml', 'cluster.yml'];

describe('bundled scenarios on a Redis Cluster', () => {
  test.each(SCENARIOS)('%s runs clean', { timeout: 60_000 }, async (file) => {
    await onEveryMaster((c) => c.call(['CONFIG', 'RESETSTAT']));
    const out = join(dir(), `${file}.json`);
    const result = await runCli([
      'run', join('scenarios', file), '--target', localCluster().url, '--duration', '1s', '--warmup', '0s',
      '--pipeline', '4', '--connections', '4', '--workers', '1', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    const reported: string[] = [];
    for (const step of report.setup) for (const [kind, n] of Object.entries(step.errors)) reported.push(`setup ${step.label}: ${kind} x${n}`);
    for (const phase of report.phases) {
      expect(phase.totals.ops).toBeGreaterThan(0);
      for (const [label, stats] of Object.entries(phase.commands)) for (const [kind, n] of Object.entries(stats.errors)) reported.push(`${label}: ${kind} x${n}`);
    }
    expect(reported).toEqual([]);
    const errorstats = await onEveryMaster(async (c) => parseInfo(asString(await c.call(['INFO', 'errorstats'])) ?? ''));
    expect(errorstats).toEqual([{}, {}, {}]);
    const nodes = report.phases[0]!.nodes ?? {};
    // One shared tag puts transactions.yml on one node by design; the others spread.
    expect(Object.keys(nodes).length).toBe(file === 'transactions.yml' ? 1 : 3);
  });
});
