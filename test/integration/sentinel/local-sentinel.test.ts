import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentinelFollower, type MasterSwitch } from '../../../src/client/sentinel/sentinel-follower.js';
import { findMaster, findReplicas, withConnection, dataNodeTarget, sentinelNodeTarget } from '../../../src/client/sentinel/sentinel-lookup.js';
import { describeEndpoint } from '../../../src/client/target-url.js';
import { startLocalSentinel, type LocalSentinel } from '../../../src/topology/local-sentinel.js';

describe('local sentinel topology and discovery', () => {
  let topo: LocalSentinel;
  beforeAll(async () => {
    topo = await startLocalSentinel({ password: 'data-secret', sentinelPassword: 'sentinel-secret' });
  }, 30_000);
  afterAll(async () => {
    await topo?.stop();
  });

  it('finds the master and its replicas through the sentinels, with separate passwords', async () => {
    const master = await findMaster(topo.target);
    expect(describeEndpoint(master)).toBe(`127.0.0.1:${topo.dataNodes[0]!.port}`);
    const replicas = await findReplicas(topo.target);
    expect(replicas.map((r) => r.endpoint.transport === 'tcp' ? r.endpoint.port : 0).sort()).toEqual(topo.dataNodes.slice(1).map((n) => n.port).sort());
    expect(topo.target.display).not.toContain('secret');
  });

  it('follows SENTINEL FAILOVER through +switch-master', async () => {
    const switches: MasterSwitch[] = [];
    const follower = new SentinelFollower(topo.target, { onSwitch: (c) => switches.push(c) });
    const before = await follower.start();
    await withConnection(sentinelNodeTarget(topo.target, topo.target.sentinels[0]!), (c) => c.call(['SENTINEL', 'FAILOVER', topo.masterName]));
    const deadline = Date.now() + 15_000;
    while (switches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await follower.close();
    expect(switches.length).toBeGreaterThan(0);
    expect(switches[0]!.via).toBe('switch-master');
    expect(describeEndpoint(switches[0]!.to)).not.toBe(describeEndpoint(before));
    // The new master is one of the former replicas and says so itself.
    const role = await withConnection(dataNodeTarget(topo.target, switches[0]!.to), (c) => c.call(['ROLE']));
    expect(String((role as Buffer[])[0])).toBe('master');
  }, 30_000);
});
