/**
 * A throwaway Redis Cluster from redis-server on PATH: N masters with R replicas each, on free
 * ports of 127.0.0.1, slots split evenly. Built by hand (ADDSLOTSRANGE, MEET, REPLICATE) rather
 * than with `redis-cli --cluster create`, so it needs nothing but the server binary and we can
 * wait for exactly the state we want: every node agrees on the slot map and reports
 * cluster_state:ok.
 */
import { Connection } from '../client/connection.js';
import { parseTarget, type StandaloneTarget } from '../client/target-url.js';
import { slotMapFromShards, uncoveredSlots } from '../client/cluster/slot-map.js';
import { SLOT_COUNT } from '../client/cluster/key-slot.js';
import { asString } from '../resp/values.js';
import { RuntimeError, UsageError } from '../shared/errors.js';
import { startLocalServer, type LocalServer } from './local-server.js';

export interface LocalClusterOptions {
  /** Masters (slot owners). Default 3. */
  masters?: number;
  /** Replicas per master. Default 0. */
  replicas?: number;
  /** cluster-node-timeout in ms (how fast failures are noticed). Default 5000. */
  nodeTimeoutMs?: number;
  /** Keep the servers running after rbench exits (`rbench local up`). */
  detached?: boolean;
  /** How long to wait for the cluster to become ready. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface LocalCluster {
  /** cluster://host:port,host:port,... listing every master. */
  readonly url: string;
  readonly masters: LocalServer[];
  readonly replicas: LocalServer[];
  /** Every node, masters first. */
  readonly nodes: LocalServer[];
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}

/** Starts the nodes, joins them into one cluster and waits until it is ready. */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const masterCount = options.masters ?? 3;
  const replicaCount = options.replicas ?? 0;
  if (!Number.isInteger(masterCount) || masterCount < 1 || masterCount > 64) throw new UsageError(`--masters must be 1..64, got ${masterCount}`);
  if (!Number.isInteger(replicaCount) || replicaCount < 0 || replicaCount > 8) throw new UsageError(`--replicas must be 0..8, got ${replicaCount}`);
  const extraArgs = [
    '--cluster-enabled', 'yes',
    '--cluster-config-file', 'nodes.conf',
    '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 5000),
    // Replicas sync at once instead of waiting 5 s for more replicas to share the transfer.
    '--repl-diskless-sync-delay', '0',
    // An idle master pings its replicas every 10 s by default, and until then the cluster reports a
    // fresh replica as "loading" (replication offset 0); replica reads would wait that long.
    '--repl-ping-replica-period', '1',
  ];
  const total = masterCount * (1 + replicaCount);
  const started = await Promise.allSettled(
    Array.from({ length: total }, () => startLocalServer({ extraArgs, detached: options.detached === true })),
  );
  const nodes = started.filter((r): r is PromiseFulfilledResult<LocalServer> => r.status === 'fulfilled').map((r) => r.value);
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop().catch(() => {})));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  const masters = nodes.slice(0, masterCount);
  const replicas = nodes.slice(masterCount);
  const conns = await Promise.all(nodes.map((n) => Connection.open({ target: targetOf(n), reconnect: false, clientName: null })));
  try {
    await formCluster(conns, masterCount, replicaCount, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
    await stop();
    throw error;
  }
  await Promise.all(conns.map((c) => c.close().catch(() => {})));
  return {
    url: `cluster://${masters.map((m) => `${m.host}:${m.port}`).join(',')}`,
    masters,
    replicas,
    nodes,
    stop,
  };
}

/** A standalone target for one local node (for tests and the CLI). */
export function targetOf(server: LocalServer): StandaloneTarget {
  const target = parseTarget(server.url);
  if (target.kind !== 'standalone') throw new Error('unreachable: a local server URL is redis://');
  return target;
}

async function formCluster(conns: Connection[], masterCount: number, replicaCount: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ids = await Promise.all(conns.map(async (c) => asString(await c.call(['CLUSTER', 'MYID'])) ?? ''));
  // Distinct epochs up front spare the cluster its epoch-collision round.
  await Promise.all(conns.map((c, i) => c.call(['CLUSTER', 'SET-CONFIG-EPOCH', i + 1]).catch(() => undefined)));
  for (let m = 0; m < masterCount; m++) {
    const from = Math.floor((m * SLOT_COUNT) / masterCount);
    const to = Math.floor(((m + 1) * SLOT_COUNT) / masterCount) - 1;
    await conns[m]!.call(['CLUSTER', 'ADDSLOTSRANGE', from, to]);
  }
  const first = conns[0]!.target.endpoint;
  if (first.transport !== 'tcp') throw new Error('unreachable: local nodes listen on TCP');
  for (const c of conns.slice(1)) await c.call(['CLUSTER', 'MEET', first.host, first.port]);
  await waitFor(deadline, 'every node to know every other node', async () => {
    const lists = await Promise.all(conns.map(async (c) => (asString(await c.call(['CLUSTER', 'NODES'])) ?? '').trim().split('\n')));
    return lists.every((lines) => lines.length === conns.length && lines.every((l) => !l.includes('handshake')));
  });
  for (let r = 0; r < masterCount * replicaCount; r++) {
    await conns[masterCount + r]!.call(['CLUSTER', 'REPLICATE', ids[r % masterCount]!]);
  }
  await waitFor(deadline, 'cluster_state:ok and one slot map on every node', async () => {
    for (const c of conns) {
      const info = asString(await c.call(['CLUSTER', 'INFO'])) ?? '';
      if (!info.includes('cluster_state:ok')) return false;
      const map = slotMapFromShards(await c.call(['CLUSTER', 'SHARDS']));
      if (uncoveredSlots(map) !== 0 || map.masters.length !== masterCount) return false;
      // Replicas by role, whatever their sync state: "online" health follows by gossip, seconds later.
      const nodes = (asString(await c.call(['CLUSTER', 'NODES'])) ?? '').trim().split('\n');
      if (nodes.filter((l) => /[ ,](slave|replica)[ ,]/.test(l) && !/fail/.test(l)).length !== masterCount * replicaCount) return false;
    }
    return true;
  });
}

async function waitFor(deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new RuntimeError(`local cluster: timed out waiting for ${what}`, 'check that redis-server on PATH is 7.0 or newer');
    await new Promise((r) => setTimeout(r, 100));
  }
}
