/**
 * The slot map as the router uses it, shared by every cluster connection of a worker: slot →
 * node index, with node indexes stable for the life of the run (a node that comes back later
 * keeps its index, so per-connection link arrays and per-node statistics stay aligned). MOVED
 * updates one slot at once; a refresh (after MOVED, CLUSTERDOWN or a lost node) re-reads the
 * whole map, at most one at a time and not more often than every REFRESH_GAP_MS.
 */
import type { Connection } from '../connection.js';
import type { SlotMap } from './slot-map.js';
import { readSlotMap } from './cluster-topology.js';
import { SLOT_COUNT } from './key-slot.js';

const REFRESH_GAP_MS = 100;

export class RoutingTable {
  /** Node index per slot; -1 where no node is known. */
  readonly owners = new Int16Array(SLOT_COUNT).fill(-1);
  /** "host:port" per node index. */
  readonly addresses: string[] = [];
  /** Replica node indexes per master node index (for replica reads). */
  readonly replicasOf: number[][] = [];
  /** Node indexes that own at least one slot in the latest full map. */
  masters: number[] = [];
  /** Bumped on every change, so connections notice new nodes. */
  version = 0;
  private readonly byAddress = new Map<string, number>();
  private refreshing = false;
  private lastRefreshMs = 0;
  private readonly home: number;
  private rr = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(map: SlotMap) {
    this.apply(map);
    this.home = this.masters[0] ?? 0;
  }

  /** The node index of an address, adding the node when it is new. */
  indexOf(address: string): number {
    let i = this.byAddress.get(address);
    if (i === undefined) {
      i = this.addresses.push(address) - 1;
      this.byAddress.set(address, i);
      this.replicasOf.push([]);
      this.version++;
    }
    return i;
  }

  /**
   * The node for a slot. Commands without a key (slot -1: PING, PUBLISH) go to the home node, the
   * first master of the first map: subscribers connect there, so PUBLISH's receiver count is the
   * whole truth rather than one node's share.
   */
  nodeFor(slot: number): number {
    if (slot >= 0) {
      const owner = this.owners[slot]!;
      if (owner >= 0) return owner;
    }
    return this.home;
  }

  /** A replica of master `node` (taken in turn), or the master itself when it has none. */
  replicaFor(node: number): number {
    const replicas = this.replicasOf[node];
    if (replicas === undefined || replicas.length === 0) return node;
    this.rr = (this.rr + 1) % replicas.length;
    return replicas[this.rr]!;
  }

  /** The home node's address. */
  get homeAddress(): string {
    return this.addresses[this.home]!;
  }

  /** MOVED: the slot now lives at `address`. */
  moved(slot: number, address: string): void {
    if (slot < 0 || slot >= SLOT_COUNT) return;
    this.owners[slot] = this.indexOf(address);
  }

  /** Runs `listener` after every full refresh (connections open links to new nodes). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Re-reads the whole map through `conn` (any ready node) unless a refresh is running or ran
   * within the last REFRESH_GAP_MS. Failures are ignored: the next trigger tries again.
   */
  refresh(conn: Connection | null): void {
    const now = Date.now();
    if (conn === null || this.refreshing || now - this.lastRefreshMs < REFRESH_GAP_MS) return;
    this.refreshing = true;
    this.lastRefreshMs = now;
    readSlotMap(conn)
      .then((map) => {
        if (map.masters.length > 0) this.apply(map);
      })
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = false;
      });
  }

  private apply(map: SlotMap): void {
    const index = map.masters.map((m) => this.indexOf(m.address));
    for (let s = 0; s < SLOT_COUNT; s++) {
      const m = map.owners[s]!;
      // A slot the new map leaves uncovered keeps its last known owner: it may answer MOVED.
      if (m >= 0) this.owners[s] = index[m]!;
    }
    this.masters = index;
    map.masters.forEach((m, i) => {
      this.replicasOf[index[i]!] = m.replicas.map((r) => this.indexOf(r));
    });
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
