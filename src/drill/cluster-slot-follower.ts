/**
 * The verifying writer's view of a Redis Cluster during a drill. Its keys share one hash tag,
 * chosen so that their slot belongs to the drilled master (the node the target URL names, or that
 * node's master when the URL names a replica); the writer's connection asks `resolve` where to go,
 * which is the owner of that slot. After CLUSTER FAILOVER the old master answers MOVED with the
 * new owner: `noteMoved` takes that address, so the next connect goes straight there, and records
 * when rbench first knew the new owner (the "new master found" time of a cluster drill).
 */
import { fetchSlotMap, parseAddress } from '../client/cluster/cluster-topology.js';
import { keySlot } from '../client/cluster/key-slot.js';
import { parseRedirect } from '../client/cluster/redirect.js';
import type { SlotMap } from '../client/cluster/slot-map.js';
import { describeEndpoint, type ClusterTarget, type Endpoint, type HostPort, type StandaloneTarget } from '../client/target-url.js';
import type { Clock } from '../shared/clock.js';
import { RuntimeError } from '../shared/errors.js';

/** When the writer's slot first had a new owner, after the event. */
export interface SlotOwnerChange {
  atUs: number;
  address: string;
  /** 'moved': a MOVED reply named it; 'lookup': a slot-map read did. */
  how: 'moved' | 'lookup';
}

/** Tags tried before giving up on finding one whose slot the drilled master owns. */
const MAX_TAG_TRIES = 100_000;

export class ClusterSlotFollower {
  /** The hash tag every writer key carries ("{tag}"), and its slot. */
  tag = '';
  slot = -1;
  private owner: HostPort | null = null;
  private known: HostPort[];
  private watchFromUs: number | null = null;
  private ownerAtWatch: string | null = null;
  private changeValue: SlotOwnerChange | null = null;

  constructor(
    private readonly cluster: ClusterTarget,
    /** The node the target URL names. */
    private readonly seed: StandaloneTarget,
    private readonly clock: Clock,
  ) {
    this.known = [...cluster.seeds];
  }

  /** Reads the slot map and picks a tag whose slot the drilled master owns. */
  async start(runId: string): Promise<void> {
    const map = await this.readMap();
    const master = drilledMaster(map, this.seed);
    if (master === null) {
      throw new RuntimeError(
        `${this.seed.display} is not a master or replica in the cluster's slot map`,
        'pass the address of a cluster node exactly as CLUSTER NODES lists it (host and port)',
      );
    }
    for (let i = 0; i < MAX_TAG_TRIES; i++) {
      const tag = `${runId}-${i}`;
      const slot = keySlot(tag);
      if (map.owners[slot] === master) {
        this.tag = tag;
        this.slot = slot;
        const m = map.masters[master]!;
        this.owner = { host: m.host, port: m.port };
        return;
      }
    }
    throw new RuntimeError(`no hash tag found for a slot of ${map.masters[master]!.address}`, 'check that the drilled master owns slots');
  }

  /** The owner of the writer's slot as last known. */
  get current(): Endpoint | null {
    return this.owner === null ? null : { transport: 'tcp', host: this.owner.host, port: this.owner.port };
  }

  /** The first change of owner after watch() (null when the slot did not move). */
  get change(): SlotOwnerChange | null {
    return this.changeValue;
  }

  /** From now on, a new owner counts as the failover's new master. */
  watch(): void {
    this.watchFromUs = this.clock.nowUs();
    this.ownerAtWatch = this.ownerAddress();
  }

  /** For the writer's Connection: the slot's owner (the MOVED hint if any, else a fresh slot-map read). */
  readonly resolve = async (): Promise<Endpoint> => {
    const map = await this.readMap().catch(() => null);
    const index = map?.owners[this.slot] ?? -1;
    if (map !== null && index >= 0) {
      const m = map.masters[index]!;
      this.setOwner({ host: m.host, port: m.port }, 'lookup');
    }
    if (this.owner === null) throw new RuntimeError('the writer\'s slot has no owner in the slot map');
    return this.current!;
  };

  /** A MOVED reply for the writer's slot: its address is the new owner. */
  noteMoved(message: string): void {
    const redirect = parseRedirect(message);
    if (redirect === null || redirect.slot !== this.slot || redirect.host === null) return;
    this.setOwner(parseAddress(`${redirect.host}:${redirect.port}`), 'moved');
  }

  /** Reads the slot map again and returns the slot's owner (after the drill, for the read-back). */
  async refresh(): Promise<Endpoint> {
    return this.resolve();
  }

  private setOwner(next: HostPort, how: SlotOwnerChange['how']): void {
    this.owner = next;
    if (!this.known.some((k) => k.host === next.host && k.port === next.port)) this.known.push(next);
    const address = this.ownerAddress();
    if (this.watchFromUs !== null && this.changeValue === null && address !== null && address !== this.ownerAtWatch) {
      this.changeValue = { atUs: this.clock.nowUs(), address, how };
    }
  }

  private ownerAddress(): string | null {
    const e = this.current;
    return e === null ? null : describeEndpoint(e);
  }

  /** The slot map, asking the slot's owner first (it knows first that it owns the slot), then the other known nodes. */
  private async readMap(): Promise<SlotMap> {
    const order = this.owner === null ? this.known : [this.owner, ...this.known.filter((k) => k !== this.owner)];
    const map = await fetchSlotMap(this.cluster, order, 1000);
    for (const m of map.masters) {
      if (!this.known.some((k) => k.host === m.host && k.port === m.port)) this.known.push({ host: m.host, port: m.port });
    }
    return map;
  }
}

/** Index of the master the seed is, or follows; null when the seed is not in the map. */
export function drilledMaster(map: SlotMap, seed: StandaloneTarget): number | null {
  if (seed.endpoint.transport !== 'tcp') return null;
  const { host, port } = seed.endpoint;
  const address = `${host}:${port}`;
  const exact = map.masters.findIndex((m) => m.address === address || m.replicas.includes(address));
  if (exact >= 0) return exact;
  // "localhost:7000" in the URL, "127.0.0.1:7000" in the map: match on the port when only one node has it.
  const byPort = map.masters.flatMap((m, i) => [m.port === port ? i : -1, ...m.replicas.filter((r) => parseAddress(r).port === port).map(() => i)]).filter((i) => i >= 0);
  return byPort.length === 1 ? byPort[0]! : null;
}
