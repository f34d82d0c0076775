/**
 * The kinds of local deployment `rbench local up KIND` can start, by name. To add one (sentinel,
 * say), add an entry: its flags and a start function returning the URL and the started nodes.
 */
import { startLocalCluster } from './local-cluster.js';
import { startLocalServer, type LocalServer } from './local-server.js';

export interface StartedTopology {
  /** The URL to pass as --target. */
  url: string;
  nodes: LocalServer[];
  /** One line per node for the user, e.g. "master 127.0.0.1:7000". */
  description: string[];
}

export interface TopologyFlag {
  name: string;
  describe: string;
  default: number;
}

export interface LocalTopologyKind {
  describe: string;
  /** Numeric flags of `rbench local up KIND`. */
  flags: TopologyFlag[];
  /** Starts detached servers (they outlive rbench). */
  start(flags: Record<string, number>): Promise<StartedTopology>;
}

export const LOCAL_TOPOLOGIES: Record<string, LocalTopologyKind> = {
  standalone: {
    describe: 'one redis-server',
    flags: [],
    start: async () => {
      const server = await startLocalServer({ detached: true });
      return { url: server.url, nodes: [server], description: [`server  ${server.host}:${server.port}`] };
    },
  },
  cluster: {
    describe: 'a Redis Cluster: masters sharing the 16384 slots, with replicas',
    flags: [
      { name: 'masters', describe: 'masters (slots are split evenly)', default: 3 },
      { name: 'replicas', describe: 'replicas per master', default: 1 },
    ],
    start: async (flags) => {
      const cluster = await startLocalCluster({ masters: flags.masters, replicas: flags.replicas, detached: true });
      return {
        url: cluster.url,
        nodes: cluster.nodes,
        description: [
          ...cluster.masters.map((n) => `master  ${n.host}:${n.port}`),
          ...cluster.replicas.map((n) => `replica ${n.host}:${n.port}`),
        ],
      };
    },
  },
};
