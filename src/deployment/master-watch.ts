/**
 * The current master of a deployment, watched through a failover (for a drill's verifying
 * writer): Sentinel's +switch-master on a Sentinel deployment, the owner of one slot on a cluster
 * (its keys share a hash tag of a slot the drilled master owns), and the one server otherwise.
 * The drill asks this one shape; which mechanism stands behind it is the deployment's business.
 */
import type { Connection } from '../client/connection.js';
import { SentinelFollower, type MasterSwitch } from '../client/sentinel/sentinel-follower.js';
import { dataNodeTarget } from '../client/sentinel/sentinel-lookup.js';
import type { Endpoint, StandaloneTarget } from '../client/target-url.js';
import type { Clock } from '../shared/clock.js';
import { ClusterSlotFollower } from './cluster-slot-follower.js';
import type { DeploymentSpec } from './deployment-spec.js';

/** When rbench first knew the new master after `watch()`, and how. */
export interface MasterFound {
  atUs: number;
  via: 'switch-master' | 'lookup' | 'moved';
}

export interface MasterWatch {
  /** Finds the master and the writer's keys' home; call before the run starts. */
  start(runId: string): Promise<void>;
  /** The prefix of the writer's keys (on a cluster they carry the hash tag of the watched slot). */
  keyPrefix(runId: string): string;
  /** For the writer's Connection: where to (re)connect; null where that never changes. */
  readonly resolve: (() => Promise<Endpoint>) | null;
  /** Lets a connection be moved at once when the master changes (Sentinel). */
  follow(conn: Connection): void;
  /** A MOVED reply the writer got; null where there are none. */
  readonly noteMoved: ((message: string) => void) | null;
  /** The master as last known. */
  current(): Endpoint;
  /** Asks again where the master is (after the drill, for the read-back). */
  refresh(): Promise<Endpoint>;
  /** From now on (the event at `fromUs`) a new master counts as found. */
  watch(fromUs: number): void;
  found(): MasterFound | null;
  /** A data-node target at `endpoint`, with the deployment's credentials. */
  targetAt(endpoint: Endpoint): StandaloneTarget;
  /** Where an action against the master goes: the current master (Sentinel), else the node the URL names. */
  actionTarget(): StandaloneTarget;
  close(): Promise<void>;
}

/** The watch for `spec`; nothing is connected until start(). */
export function watchMaster(spec: DeploymentSpec, clock: Clock): MasterWatch {
  if (spec.kind === 'sentinel') return sentinelWatch(spec.sentinel, spec.master, clock);
  if (spec.kind === 'cluster') return slotWatch(new ClusterSlotFollower(spec.cluster, spec.seed, clock), spec.seed);
  const server = spec.server;
  return {
    start: async () => {},
    keyPrefix: (runId) => `rbench:drill:${runId}:`,
    resolve: null,
    follow: () => {},
    noteMoved: null,
    current: () => server.endpoint,
    refresh: async () => server.endpoint,
    watch: () => {},
    found: () => null,
    targetAt: (endpoint) => ({ ...server, endpoint }),
    actionTarget: () => server,
    close: async () => {},
  };
}

function sentinelWatch(sentinel: SentinelDeploymentTarget, master: StandaloneTarget, clock: Clock): MasterWatch {
  let fromUs: number | null = null;
  let first: MasterSwitch | null = null;
  const follower = new SentinelFollower(sentinel, {
    clock,
    onSwitch: (change) => {
      if (fromUs !== null && first === null && change.atUs >= fromUs) first = change;
    },
  });
  const current = (): Endpoint => follower.current ?? master.endpoint;
  return {
    start: async () => {
      await follower.start();
    },
    keyPrefix: (runId) => `rbench:drill:${runId}:`,
    resolve: follower.resolve,
    follow: (conn) => follower.follow(conn),
    noteMoved: null,
    current,
    refresh: () => follower.refresh(),
    watch: (at) => {
      fromUs = at;
    },
    found: () => (first === null ? null : { atUs: first.atUs, via: first.via }),
    targetAt: (endpoint) => dataNodeTarget(sentinel, endpoint),
    actionTarget: () => dataNodeTarget(sentinel, current()),
    close: () => follower.close(),
  };
}

type SentinelDeploymentTarget = Extract<DeploymentSpec, { kind: 'sentinel' }>['sentinel'];

function slotWatch(slots: ClusterSlotFollower, seed: StandaloneTarget): MasterWatch {
  return {
    start: (runId) => slots.start(runId),
    keyPrefix: () => `rbench:drill:{${slots.tag}}:`,
    resolve: slots.resolve,
    follow: () => {},
    noteMoved: (message) => slots.noteMoved(message),
    current: () => slots.current ?? seed.endpoint,
    refresh: () => slots.refresh(),
    watch: () => slots.watch(),
    found: () => {
      const change = slots.change;
      return change === null ? null : { atUs: change.atUs, via: change.how };
    },
    targetAt: (endpoint) => ({ ...seed, endpoint }),
    actionTarget: () => seed,
    close: async () => {},
  };
}
