/**
 * The kinds of local deployment `rbench local up KIND` can start, by name: each has its numeric
 * flags and a start function that launches detached redis-server processes (they outlive rbench)
 * and describes them as a LocalDeployment, which `rbench local down` and the kill-master drill read.
 */
import type { LocalDeployment, RecordedProcess } from './local-deployments.js';
import { startLocalCluster } from './local-cluster.js';
import { startLocalSentinel } from './local-sentinel.js';
import { startLocalServer, type LocalServer } from './local-server.js';

export interface TopologyFlag {
  name: string;
  describe: string;
  default: number;
}

export interface LocalTopologyKind {
  describe: string;
  /** Numeric flags of `rbench local up KIND`. */
  flags: TopologyFlag[];
  start(flags: Record<string, number>): Promise<LocalDeployment>;
}

const recorded = (role: string, server: LocalServer): RecordedProcess => ({ role, port: server.port, pid: server.pid, dir: server.dir });

export const LOCAL_TOPOLOGIES: Record<string, LocalTopologyKind> = {
  standalone: {
    describe: 'one redis-server',
    flags: [],
    start: async () => {
      const server = await startLocalServer({ detached: true });
      return { kind: 'standalone', url: server.url, startedAt: new Date().toISOString(), processes: [recorded('server', server)] };
    },
  },
  cluster: {
    describe: 'a Redis Cluster: masters sharing the 16384 slots, with replicas',
    flags: [
      { name: 'masters', describe: 'cluster masters (slots are split evenly)', default: 3 },
      { name: 'replicas', describe: 'replicas per cluster master', default: 1 },
    ],
    start: async (flags) => {
      const cluster = await startLocalCluster({ masters: flags.masters, replicas: flags.replicas, detached: true });
      return {
        kind: 'cluster',
        url: cluster.url,
        startedAt: new Date().toISOString(),
        processes: [...cluster.masters.map((n) => recorded('master', n)), ...cluster.replicas.map((n) => recorded('replica', n))],
      };
    },
  },
  sentinel: {
    describe: 'one master, two replicas and three sentinels (quorum 2)',
    flags: [],
    start: async () => {
      const s = await startLocalSentinel({ detached: true });
      const [master, ...replicas] = s.dataNodes;
      return {
        kind: 'sentinel',
        url: s.url,
        startedAt: new Date().toISOString(),
        processes: [recorded('master', master!), ...replicas.map((r) => recorded('replica', r)), ...s.sentinels.map((r) => recorded('sentinel', r))],
      };
    },
  },
};
