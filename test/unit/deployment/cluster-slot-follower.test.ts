import { describe, expect, it } from 'vitest';
import { nodeTarget } from '../../../src/client/cluster/cluster-topology.js';
import { slotMapFromSlots } from '../../../src/client/cluster/slot-map.js';
import type { ClusterTarget } from '../../../src/client/target-url.js';
import { ClusterSlotFollower, drilledMaster } from '../../../src/deployment/cluster-slot-follower.js';
import { ManualClock } from '../../../src/shared/clock.js';

const CLUSTER: ClusterTarget = { kind: 'cluster', seeds: [{ host: '127.0.0.1', port: 7000 }], readFrom: 'master', username: null, password: null, tls: null, display: 'cluster://127.0.0.1:7000' };

// CLUSTER SLOTS: 7000 owns 0-8191 (replica 7002), 7001 owns 8192-16383 (replica 7003).
const host = Buffer.from('127.0.0.1'); // replies carry bulk strings as Buffers
const MAP = slotMapFromSlots([
  [0, 8191, [host, 7000], [host, 7002]],
  [8192, 16383, [host, 7001], [host, 7003]],
]);

describe('the drilled master of a cluster drill', () => {
  it('is the master the URL names, or the master of the replica it names', () => {
    expect(drilledMaster(MAP, nodeTarget(CLUSTER, '127.0.0.1', 7000))).toBe(0);
    expect(drilledMaster(MAP, nodeTarget(CLUSTER, '127.0.0.1', 7001))).toBe(1);
    expect(drilledMaster(MAP, nodeTarget(CLUSTER, '127.0.0.1', 7003))).toBe(1);
  });

  it('matches a host name by its port when only one node has that port, and is null for a stranger', () => {
    expect(drilledMaster(MAP, nodeTarget(CLUSTER, 'localhost', 7002))).toBe(0);
    expect(drilledMaster(MAP, nodeTarget(CLUSTER, 'localhost', 9999))).toBeNull();
  });
});

describe('following the writer slot', () => {
  it('takes the new owner from a MOVED reply for its slot, once, as the discovery after watch()', () => {
    const clock = new ManualClock(1_000_000);
    const f = new ClusterSlotFollower(CLUSTER, nodeTarget(CLUSTER, '127.0.0.1', 7000), clock);
    // As start() leaves it: slot 100 of 7000.
    Object.assign(f, { slot: 100, owner: { host: '127.0.0.1', port: 7000 } });
    f.noteMoved('MOVED 100 127.0.0.1:7002');
    expect(f.change).toBeNull(); // not watching yet
    Object.assign(f, { owner: { host: '127.0.0.1', port: 7000 } });
    f.watch();
    clock.advance(50_000);
    f.noteMoved('MOVED 200 127.0.0.1:7001'); // another slot: ignored
    expect(f.change).toBeNull();
    f.noteMoved('MOVED 100 127.0.0.1:7002');
    expect(f.current).toEqual({ transport: 'tcp', host: '127.0.0.1', port: 7002 });
    expect(f.change).toEqual({ atUs: 1_050_000, address: '127.0.0.1:7002', how: 'moved' });
    clock.advance(10_000);
    f.noteMoved('MOVED 100 127.0.0.1:7000');
    expect(f.change!.atUs).toBe(1_050_000);
  });
});
