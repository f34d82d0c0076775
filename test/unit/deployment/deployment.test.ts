/** The deployment connector's answers that need no server: what each kind reports, sends to workers and refuses. */
import { describe, expect, it } from 'vitest';
import { parseTarget, type ClusterTarget, type SentinelTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { Deployment } from '../../../src/deployment/deployment.js';
import { clusterFromNode, detectCluster } from '../../../src/deployment/resolve-deployment.js';
import { UsageError } from '../../../src/shared/errors.js';

const server = parseTarget('redis://:pw@127.0.0.1:7000') as StandaloneTarget;
const cluster = parseTarget('cluster://:cpw@127.0.0.1:7001,127.0.0.1:7002') as ClusterTarget;
const sentinel = parseTarget('sentinel://127.0.0.1:26379/mymaster?password=dpw&sentinelPassword=spw') as SentinelTarget;
const master = { ...server, password: 'dpw', display: sentinel.display };

describe('Deployment', () => {
  it('names the nodes, the topology and the secrets of each kind', () => {
    const plain = new Deployment({ kind: 'standalone', server });
    expect([plain.kind, plain.namedNodes(), plain.secrets(), plain.readFrom]).toEqual(['standalone', ['127.0.0.1:7000'], ['pw', null], 'master']);
    const seed = { ...server, password: 'cpw' };
    const slots = new Deployment({ kind: 'cluster', cluster, seed });
    expect([slots.kind, slots.namedNodes(), slots.display, slots.hasDatabases]).toEqual(['cluster', ['127.0.0.1:7001', '127.0.0.1:7002'], cluster.display, false]);
    const watched = new Deployment({ kind: 'sentinel', sentinel, master });
    expect([watched.kind, watched.namedNodes(), watched.secrets()]).toEqual(['sentinel', ['127.0.0.1:7000'], ['dpw', 'spw']]);
  });

  it('puts --read-from inside the target, and refuses replica reads on a plain server', () => {
    const slots = new Deployment({ kind: 'cluster', cluster, seed: server }).withReadFrom('replica');
    expect(slots.readFrom).toBe('replica');
    expect(slots.loadSpec().replicaReads).toContain('GET');
    expect(Object.keys(slots.loadSpec().keyPositions)).toContain('SET');
    const watched = new Deployment({ kind: 'sentinel', sentinel, master }).withReadFrom('replica');
    expect(watched.spec.kind === 'sentinel' && watched.spec.sentinel.readFrom).toBe('replica');
    expect(Object.keys(watched.loadSpec().keyPositions)).toEqual([]);
    const plain = new Deployment({ kind: 'standalone', server });
    expect(plain.withReadFrom('master')).toBe(plain);
    expect(plain.loadSpec().replicaReads).toEqual([]);
    expect(() => plain.withReadFrom('replica')).toThrow(UsageError);
  });

  it('gives workers plain data that survives a structured clone', () => {
    const load = new Deployment({ kind: 'cluster', cluster, seed: server }).loadSpec({ clientName: null });
    expect(structuredClone(load)).toEqual(load);
    expect(load.clientName).toBeNull();
  });

  it('makes a cluster node its cluster, and refuses one it cannot be', () => {
    const local = new Deployment({ kind: 'standalone', server });
    expect(detectCluster(local, false)).toBe(local);
    const found = detectCluster(local, true);
    expect(found.kind).toBe('cluster');
    expect(found.control).toBe(server);
    expect(found.redirectTarget!('10.0.0.1', 7005).endpoint).toEqual({ transport: 'tcp', host: '10.0.0.1', port: 7005 });
    expect(local.redirectTarget).toBeNull();
    expect(() => clusterFromNode({ ...server, db: 2 })).toThrow(/only database 0/);
    expect(() => clusterFromNode(parseTarget('unix:///tmp/r.sock') as StandaloneTarget)).toThrow(/over TCP/);
  });
});
