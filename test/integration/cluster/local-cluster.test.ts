/**
 * The local cluster (masters with replicas) as `rbench local up cluster` starts it, and replica
 * reads (?readFrom=replica, the same as --read-from replica) on it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchSlotMap } from '../../../src/client/cluster/cluster-topology.js';
import { uncoveredSlots } from '../../../src/client/cluster/slot-map.js';
import { Connection } from '../../../src/client/connection.js';
import { parseTarget, type ClusterTarget } from '../../../src/client/target-url.js';
import { asString } from '../../../src/resp/values.js';
import { targetOf } from '../../../src/topology/local-cluster.js';
import { useLocalCluster } from '../../helpers/redis.js';
import type { LocalServer } from '../../../src/topology/local-server.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();

describe('local cluster with replicas', () => {
  const localCluster = useLocalCluster({ masters: 3, replicas: 1 });

  it('serves every slot from three masters, each with one replica', async () => {

    const cluster = localCluster();
    const target = parseTarget(cluster.url) as ClusterTarget;
    expect(target.kind).toBe('cluster');
    const map = await fetchSlotMap(target, target.seeds);
    expect(uncoveredSlots(map)).toBe(0);
    expect(map.masters.map((m) => m.address).sort()).toEqual(cluster.masters.map((m) => `${m.host}:${m.port}`).sort());
    expect(cluster.replicas).toHaveLength(3);
    expect(map.masters.reduce((n, m) => n + m.slots, 0)).toBe(16384);
  });

  it('?readFrom=replica (as --read-from replica) sends GETs to replicas and SETs to masters', async () => {

    const cluster = localCluster();
    // Replicas are announced healthy by gossip a few seconds after they synced.
    const target = parseTarget(cluster.url) as ClusterTarget;
    const deadline = Date.now() + 30_000;
    while ((await fetchSlotMap(target, target.seeds)).masters.some((m) => m.replicas.length === 0)) {
      if (Date.now() > deadline) throw new Error('replicas never became healthy');
      await new Promise((r) => setTimeout(r, 200));
    }
    const out = join(tmp(), 'replica.json');
    const result = await runCli([
      'run', '--target', `${cluster.url}?readFrom=replica`, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--keys', '5000',
      '--requests', '6000', '--connections', '2', '--pipeline', '8', '--warmup', '0s', '--workers', '1', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.target.readFrom).toBe('replica');
    const phase = report.phases[0]!;
    expect(phase.totals.errors).toEqual({});
    const gets = async (n: LocalServer): Promise<number> => {
      const conn = await Connection.open({ target: targetOf(n), reconnect: false });
      try {
        const info = asString(await conn.call(['INFO', 'commandstats'])) ?? '';
        return Number(/^cmdstat_get:calls=(\d+)/m.exec(info)?.[1] ?? 0);
      } finally {
        await conn.close();
      }
    };
    const masterGets = await Promise.all(cluster.masters.map(gets));
    const replicaGets = await Promise.all(cluster.replicas.map(gets));
    expect(masterGets).toEqual([0, 0, 0]);
    expect(replicaGets.every((n) => n > 0)).toBe(true);
    expect(replicaGets.reduce((a, b) => a + b, 0)).toBe(phase.commands.GET!.ops);
    for (const r of cluster.replicas) expect(phase.nodes?.[`${r.host}:${r.port}`]?.ops).toBeGreaterThan(0);
  });
});
