/**
 * The cluster-failover drill action against a real (tiny) Redis Cluster: one master owning every
 * slot and one replica. The action, given the master as its target, must pick the replica and
 * make it take over. (The full drill under cluster load waits for cluster routing.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../src/client/sentinel/sentinel-lookup.js';
import { trigger } from '../../../src/drill/triggers.js';
import { asString } from '../../../src/resp/values.js';
import { startLocalServer, targetFor, type LocalServer } from '../../helpers/redis.js';

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const call = (server: LocalServer, args: string[]) => withConnection(targetFor(server), (c) => c.call(args));
const text = async (server: LocalServer, args: string[]) => asString(await call(server, args)) ?? '';

describe('cluster-failover action', () => {
  let master: LocalServer;
  let replica: LocalServer;
  beforeAll(async () => {
    const args = ['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000'];
    [master, replica] = await Promise.all([startLocalServer({ extraArgs: args }), startLocalServer({ extraArgs: args })]);
    await call(master, ['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    await call(replica, ['CLUSTER', 'MEET', master.host, String(master.port)]);
    const masterId = await text(master, ['CLUSTER', 'MYID']);
    await waitFor('the nodes to meet', async () => (await text(replica, ['CLUSTER', 'NODES'])).includes(masterId));
    await call(replica, ['CLUSTER', 'REPLICATE', masterId]);
    await waitFor('the replica to sync', async () => /master_link_status:up/.test(await text(replica, ['INFO', 'replication'])));
    await waitFor('the master to see its replica', async () => /connected_slaves:1/.test(await text(master, ['INFO', 'replication'])));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([master?.stop(), replica?.stop()]);
  });

  it('sends CLUSTER FAILOVER to a replica of the target node, which becomes the master', async () => {
    const done = await trigger('cluster-failover', { master: targetFor(master), failover: null, pauseMs: 0, pauseWith: 'client-pause', localProcesses: [] });
    expect(done).toMatch(new RegExp(`^CLUSTER FAILOVER on replica 127\\.0\\.0\\.1:${replica.port} of `));
    await waitFor('the replica to take over', async () => {
      const role = await call(replica, ['ROLE']);
      return Array.isArray(role) && asString(role[0]!) === 'master';
    });
    const roleOfOld = await call(master, ['ROLE']);
    expect(Array.isArray(roleOfOld) && asString(roleOfOld[0]!)).toBe('slave');
  }, 30_000);

  it('says so when there is no replica to fail over to', async () => {
    const lone = await startLocalServer({ extraArgs: ['--cluster-enabled', 'yes'] });
    try {
      await expect(trigger('cluster-failover', { master: targetFor(lone), failover: null, pauseMs: 0, pauseWith: 'client-pause', localProcesses: [] })).rejects.toThrow(/no connected replica/);
    } finally {
      await lone.stop();
    }
  });
});
