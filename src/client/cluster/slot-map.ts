/**
 * The cluster's slot map: which master owns each of the 16384 slots, and its replicas. Read from
 * CLUSTER SHARDS (Redis 7+), or from CLUSTER SLOTS on older servers and on servers that refuse
 * SHARDS. Node addresses are "host:port" strings, the form MOVED and ASK replies use.
 */
import { asString, RespMap, type RespValue } from '../../resp/values.js';
import { SLOT_COUNT } from './key-slot.js';

export interface ClusterNodeInfo {
  /** "host:port", as in MOVED/ASK replies. */
  address: string;
  host: string;
  port: number;
  /** Master addresses: the replicas that follow it (healthy ones only). */
  replicas: string[];
  /** Slots this master owns. */
  slots: number;
}

/** Slot → master, plus the master list. Immutable once built; a refresh builds a new one. */
export interface SlotMap {
  /** Index into `masters` per slot; -1 where no master serves the slot. */
  owners: Int16Array;
  masters: ClusterNodeInfo[];
}

/** Builds a slot map from a CLUSTER SHARDS reply. */
export function slotMapFromShards(reply: RespValue): SlotMap {
  const owners = new Int16Array(SLOT_COUNT).fill(-1);
  const masters: ClusterNodeInfo[] = [];
  for (const shard of list(reply)) {
    const slots = list(field(shard, 'slots')).map(num);
    let master: ClusterNodeInfo | null = null;
    const replicas: string[] = [];
    for (const node of list(field(shard, 'nodes'))) {
      const host = str(field(node, 'endpoint')) || str(field(node, 'ip'));
      const port = num(field(node, 'port') ?? field(node, 'tls-port'));
      const address = `${host}:${port}`;
      const health = str(field(node, 'health'));
      if (str(field(node, 'role')) === 'master') master = { address, host, port, replicas, slots: 0 };
      else if (health === 'online') replicas.push(address);
    }
    if (master === null || slots.length === 0) continue;
    const index = masters.push(master) - 1;
    for (let i = 0; i + 1 < slots.length; i += 2) assign(owners, master, index, slots[i]!, slots[i + 1]!);
  }
  return { owners, masters };
}

/** Builds a slot map from a CLUSTER SLOTS reply. */
export function slotMapFromSlots(reply: RespValue): SlotMap {
  const owners = new Int16Array(SLOT_COUNT).fill(-1);
  const masters: ClusterNodeInfo[] = [];
  const byAddress = new Map<string, number>();
  for (const range of list(reply)) {
    const items = list(range);
    if (items.length < 3) continue;
    const [host, port] = hostPort(items[2]!);
    const address = `${host}:${port}`;
    let index = byAddress.get(address);
    if (index === undefined) {
      const replicas = items.slice(3).map((r) => hostPort(r).join(':'));
      index = masters.push({ address, host, port, replicas, slots: 0 }) - 1;
      byAddress.set(address, index);
    }
    assign(owners, masters[index]!, index, num(items[0]!), num(items[1]!));
  }
  return { owners, masters };
}

/** Slots not served by any master (0 when the cluster covers every slot). */
export function uncoveredSlots(map: SlotMap): number {
  let n = 0;
  for (let s = 0; s < SLOT_COUNT; s++) if (map.owners[s]! < 0) n++;
  return n;
}

function assign(owners: Int16Array, master: ClusterNodeInfo, index: number, from: number, to: number): void {
  for (let s = Math.max(0, from); s <= Math.min(SLOT_COUNT - 1, to); s++) owners[s] = index;
  master.slots += Math.max(0, Math.min(SLOT_COUNT - 1, to) - Math.max(0, from) + 1);
}

function hostPort(v: RespValue): [string, number] {
  const items = list(v);
  return [str(items[0]), num(items[1] ?? 0)];
}

function list(v: RespValue | undefined): RespValue[] {
  return Array.isArray(v) ? v : [];
}

/** A field of a RESP2 flat key/value array or of a RESP3 map. */
function field(v: RespValue, name: string): RespValue | undefined {
  if (v instanceof RespMap) return v.get(name);
  const items = list(v);
  for (let i = 0; i + 1 < items.length; i += 2) if (asString(items[i]!) === name) return items[i + 1];
  return undefined;
}

function str(v: RespValue | undefined): string {
  return v === undefined ? '' : (asString(v) ?? '');
}

function num(v: RespValue | undefined): number {
  return v === undefined ? 0 : Number(asString(v) ?? 0);
}
