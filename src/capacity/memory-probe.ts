/**
 * Memory per key: `INFO memory` and `DBSIZE` before and after the data is loaded, and
 * `MEMORY USAGE key SAMPLES 0` on keys named by the scenario's own keyspace generator, spread
 * evenly over each keyspace. For hashes, sets, sorted sets, lists and streams the element count
 * gives bytes per field, member or element. On a cluster every master is read (deployment/memory-nodes.ts).
 */
import { parseInfo } from '../client/server-info.js';
import type { KeyspacePlan, Plan } from '../plan/index.js';
import type { MemoryResult, MemorySample } from '../report/capacity-result.js';
import { asString, isNull, type RespValue } from '../resp/values.js';
import { DEFAULT_TAG_GROUPS, effectiveTagGroups, Keyspace, TagScope, type KeyspaceOptions } from '../workload/keyspace.js';
import { Rng } from '../workload/rng.js';
import type { MemoryNodes } from '../deployment/memory-nodes.js';

export interface MemorySnapshot {
  usedMemory: number;
  keys: number;
  /** Bytes, or null when maxmemory is 0 (unlimited). */
  maxmemory: number | null;
}

/** Keys sampled per keyspace. */
export const SAMPLE_KEYS = 100;

/** used_memory, maxmemory and DBSIZE, summed over the nodes (maxmemory only when every node has one). */
export async function readMemory(target: MemoryNodes): Promise<MemorySnapshot> {
  const per = await Promise.all(
    target.nodes.map(async (conn) => {
      const info = parseInfo(asString(await conn.call(['INFO', 'memory'])) ?? '');
      const keys = Number(asString(await conn.call(['DBSIZE'])) ?? 0);
      return { usedMemory: Number(info.used_memory ?? 0), keys, maxmemory: Number(info.maxmemory ?? 0) };
    }),
  );
  const sum = (f: (n: (typeof per)[number]) => number): number => per.reduce((a, n) => a + f(n), 0);
  const limited = per.every((n) => n.maxmemory > 0);
  return { usedMemory: sum((n) => n.usedMemory), keys: sum((n) => n.keys), maxmemory: limited ? sum((n) => n.maxmemory) : null };
}

const ELEMENTS: Record<string, { command: string; name: string }> = {
  hash: { command: 'HLEN', name: 'field' },
  set: { command: 'SCARD', name: 'member' },
  zset: { command: 'ZCARD', name: 'member' },
  list: { command: 'LLEN', name: 'element' },
  stream: { command: 'XLEN', name: 'entry' },
};

/**
 * Samples up to SAMPLE_KEYS keys of every keyspace of the plan; keyspaces with no key found are
 * left out. `autoTag`: on a cluster, the key spaces the workers give per-group hash tags
 * (clusterKeyPlan), so the sampled names are the ones written.
 */
export async function sampleKeyspaces(target: MemoryNodes, plan: Plan, autoTag: readonly (string | null)[] = [], perSpace = SAMPLE_KEYS): Promise<MemorySample[]> {
  const spaces: KeyspaceOptions[] = [plan.keyspace, ...Object.values(plan.keyspaces)].map((k: KeyspacePlan) => ({
    name: k.name,
    prefix: k.keyPrefix,
    keys: k.keys,
    distribution: { kind: 'uniform' },
    hashtag: autoTag.includes(k.name),
  }));
  // The same naming the workers use: prefixes carry the scenario's tags, and the group count G
  // is the one their contexts compute.
  const groups = effectiveTagGroups(DEFAULT_TAG_GROUPS, spaces);
  const samples: MemorySample[] = [];
  for (const space of spaces) {
    const sample = await sampleKeyspace(target, space, groups, perSpace);
    if (sample.found > 0) samples.push(sample);
  }
  return samples;
}

async function sampleKeyspace(target: MemoryNodes, space: KeyspaceOptions, groups: number, perSpace: number): Promise<MemorySample> {
  // A key no node can answer for (slot unserved, moved mid-sweep) counts as not found.
  const call = (key: string, args: string[]): Promise<RespValue | null> => {
    const node = target.nodeForKey(key);
    return node === null ? Promise.resolve(null) : node.call(args).catch(() => null);
  };
  const names = new Keyspace(space, new Rng(1), groups, new TagScope());
  const n = Math.min(perSpace, space.keys);
  const keys = Array.from({ length: n }, (_, j) => names.keyName(Math.floor((j * space.keys) / n)));
  const usage = await Promise.all(keys.map((k) => call(k, ['MEMORY', 'USAGE', k, 'SAMPLES', '0'])));
  const found = keys.flatMap((k, i) => {
    const u = usage[i]!;
    return u === null || isNull(u) ? [] : [{ key: k, bytes: num(u) }];
  });
  const types = await Promise.all(found.map((f) => call(f.key, ['TYPE', f.key]).then((t) => (t === null ? 'none' : (asString(t) ?? 'none')))));
  const typeCounts: Record<string, number> = {};
  for (const t of types) typeCounts[t] = (typeCounts[t] ?? 0) + 1;
  const counts = await Promise.all(
    found.map((f, i) => {
      const e = ELEMENTS[types[i]!];
      return e ? call(f.key, [e.command, f.key]).then((c) => (c === null ? null : num(c))) : Promise.resolve(null);
    }),
  );
  const meanBytes = found.length > 0 ? found.reduce((a, f) => a + f.bytes, 0) / found.length : 0;
  const withElements = counts.filter((c): c is number => c !== null);
  const elementsPerKey = withElements.length > 0 ? withElements.reduce((a, b) => a + b, 0) / withElements.length : null;
  const dominant = Object.entries(typeCounts).sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    keyspace: space.name ?? 'main',
    sampled: n,
    found: found.length,
    bytesPerKey: meanBytes,
    types: typeCounts,
    elementsPerKey,
    bytesPerElement: elementsPerKey && elementsPerKey > 0 ? meanBytes / elementsPerKey : null,
    elementName: dominant ? (ELEMENTS[dominant]?.name ?? null) : null,
  };
}

/** Combines the before/after snapshots and the samples; bytesPerKey weights keyspaces by their key counts. */
export function memoryResult(
  before: MemorySnapshot,
  after: MemorySnapshot,
  samples: MemorySample[],
  measured: MemoryResult['measured'],
  keyCounts: Record<string, number> = {},
): MemoryResult {
  const added = after.keys - before.keys;
  const fromInfo = added > 0 ? (after.usedMemory - before.usedMemory) / added : null;
  let weight = 0;
  let sum = 0;
  for (const s of samples) {
    // A keyspace counts by the keys it holds: its size times the share of sampled names found.
    const w = (keyCounts[s.keyspace] ?? 1) * (s.found / Math.max(1, s.sampled));
    weight += w;
    sum += w * s.bytesPerKey;
  }
  return {
    measured,
    usedMemoryBefore: before.usedMemory,
    usedMemoryAfter: after.usedMemory,
    keysBefore: before.keys,
    keysAfter: after.keys,
    bytesPerKeyFromInfo: fromInfo,
    samples,
    bytesPerKey: weight > 0 ? sum / weight : fromInfo,
    maxmemory: after.maxmemory,
  };
}

/** Key counts of the plan's keyspaces, by the names memory samples use. */
export function keyspaceSizes(plan: Plan): Record<string, number> {
  const out: Record<string, number> = { main: plan.keyspace.keys };
  for (const [name, k] of Object.entries(plan.keyspaces)) out[name] = k.keys;
  return out;
}

function num(v: RespValue): number {
  return Number(asString(v) ?? 0);
}
