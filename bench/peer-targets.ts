/**
 * The servers bench:peers measures against: one local redis-server, or a local 3-master Redis
 * Cluster (src/topology/local-cluster.ts, as the tests use), every node pinned to the server CPU
 * when pinning. Each target keeps one idle connection per node to read the server's own counters
 * (commands processed, keyspace hits and misses, PING calls) before and after each run: that is how
 * every tool's GET misses are counted, and how a peer's throughput is checked against what the
 * server saw (rbench's own warm-up PINGs are counted apart).
 */
import { Connection } from '../src/client/connection.js';
import { asString } from '../src/resp/values.js';
import { startLocalCluster, targetOf } from '../src/topology/local-cluster.js';
import { startLocalServer, type LocalServer } from '../src/topology/local-server.js';
import { pinProcess } from './peer-process.js';
import { CLUSTER_MASTERS, type TargetKind } from './peer-workloads.js';

/** Sums over every node of INFO stats counters, and of PING calls (INFO commandstats). */
export interface ServerCounters {
  commands: number;
  hits: number;
  misses: number;
  pings: number;
}

/** INFO commands each counters() call sends to every node (the server counts them too). */
export const COUNTER_COMMANDS_PER_NODE = 2;

export interface BenchTarget {
  kind: TargetKind;
  host: string;
  /** A node to give the tools (the seed node on a cluster). */
  port: number;
  /** redis://host:port or cluster://host:port,... for rbench. */
  url: string;
  nodes: LocalServer[];
  /** The server-side counters now, summed over the nodes. */
  counters(): Promise<ServerCounters>;
  /** FLUSHALL on every node (frees the previous block's values). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Reads total_commands_processed, keyspace_hits and keyspace_misses out of INFO stats text. */
export function parseInfoCounters(info: string): Omit<ServerCounters, 'pings'> {
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:(\\d+)\\s*$`, 'm').exec(info);
    if (!m) throw new Error(`no ${name} in INFO stats:\n${info.slice(0, 300)}`);
    return Number(m[1]);
  };
  return { commands: field('total_commands_processed'), hits: field('keyspace_hits'), misses: field('keyspace_misses') };
}

/** PING calls in INFO commandstats text (0 when the server has run none). */
export function parsePingCalls(commandstats: string): number {
  const m = /^cmdstat_ping:calls=(\d+)/m.exec(commandstats);
  return m ? Number(m[1]) : 0;
}

/** Starts the target and pins every node's threads to `serverCpu` (null: no pinning). */
export async function startTarget(kind: TargetKind, serverCpu: number | null): Promise<BenchTarget> {
  let nodes: LocalServer[];
  let url: string;
  let stopNodes: () => Promise<void>;
  if (kind === 'standalone') {
    const server = await startLocalServer();
    nodes = [server];
    url = server.url;
    stopNodes = () => server.stop();
  } else {
    // A long node timeout: nodes busy on one shared CPU must not declare each other failed.
    const cluster = await startLocalCluster({ masters: CLUSTER_MASTERS, nodeTimeoutMs: 30_000 });
    nodes = cluster.masters;
    url = cluster.url;
    stopNodes = () => cluster.stop();
  }
  let conns: Connection[] = [];
  try {
    if (serverCpu !== null) for (const node of nodes) pinProcess(node.pid, serverCpu, `redis-server ${node.port}`);
    conns = await Promise.all(nodes.map((n) => Connection.open({ target: targetOf(n), reconnect: false, clientName: null })));
  } catch (error) {
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
    await stopNodes();
    throw error;
  }
  const first = nodes[0]!;
  return {
    kind,
    host: first.host,
    port: first.port,
    url,
    nodes,
    async counters() {
      const each = await Promise.all(
        conns.map(async (c) => {
          const stats = parseInfoCounters(asString(await c.call(['INFO', 'stats'])) ?? '');
          return { ...stats, pings: parsePingCalls(asString(await c.call(['INFO', 'commandstats'])) ?? '') };
        }),
      );
      return each.reduce((a, b) => ({ commands: a.commands + b.commands, hits: a.hits + b.hits, misses: a.misses + b.misses, pings: a.pings + b.pings }));
    },
    async flush() {
      await Promise.all(conns.map((c) => c.call(['FLUSHALL'])));
    },
    async stop() {
      await Promise.all(conns.map((c) => c.close().catch(() => {})));
      await stopNodes();
    },
  };
}
