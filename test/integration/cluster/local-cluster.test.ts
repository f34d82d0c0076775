import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSlotMap } from '../../../src/client/cluster/cluster-topology.js';
import { uncoveredSlots } from '../../../src/client/cluster/slot-map.js';
import { parseTarget, type ClusterTarget } from '../../../src/client/target-url.js';
import { startLocalCluster, type LocalCluster } from '../../../src/topology/local-cluster.js';

describe('local cluster', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startLocalCluster({ masters: 3, replicas: 1 });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves every slot from three masters, each with one replica', async () => {
    const target = parseTarget(cluster.url) as ClusterTarget;
    expect(target.kind).toBe('cluster');
    const map = await fetchSlotMap(target, target.seeds);
    expect(uncoveredSlots(map)).toBe(0);
    expect(map.masters.map((m) => m.address).sort()).toEqual(cluster.masters.map((m) => `${m.host}:${m.port}`).sort());
    expect(cluster.replicas).toHaveLength(3);
    expect(map.masters.reduce((n, m) => n + m.slots, 0)).toBe(16384);
  });
});
