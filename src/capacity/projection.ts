/**
 * How many shards a planned load needs, from what one server was measured to carry: shards for
 * throughput (planned ops/s over one shard's capacity) and for memory (planned keys times bytes
 * per key over one shard's memory), each multiplied by the headroom factor, and the larger of
 * the two. Every figure used and every assumption goes into `notes`, printed beside the number.
 */
import type { CapacityResult, ProjectionResult } from '../report/capacity-result.js';
import { ops } from './capacity-analysis.js';

export interface ProjectionInput {
  planOpsPerSec: number | null;
  planKeys: number | null;
  headroom: number;
  /** --shard-memory in bytes; when absent the server's maxmemory is used. */
  shardMemoryBytes: number | null;
}

/** Per-shard throughput: the max within the SLO, else the knee, else the best step. */
export function shardCapacity(capacity: Pick<CapacityResult, 'maxWithinSlo' | 'knee' | 'steps'>): { opsPerSec: number; source: string } | null {
  if (capacity.maxWithinSlo) return { opsPerSec: capacity.maxWithinSlo.opsPerSec, source: `highest throughput within the SLO (${capacity.maxWithinSlo.step})` };
  if (capacity.knee) return { opsPerSec: capacity.knee.opsPerSec, source: `knee of the latency curve (${capacity.knee.step}); no SLO met or given` };
  const done = capacity.steps.filter((s) => !s.partial && s.opsPerSec > 0);
  if (done.length === 0) return null;
  const best = done.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  return { opsPerSec: best.opsPerSec, source: `highest throughput measured (${best.name}); no SLO and no knee, so this is optimistic` };
}

/** The projection for `input` from a sweep's capacity section (with memory when it was measured). */
export function projectShards(capacity: Pick<CapacityResult, 'maxWithinSlo' | 'knee' | 'steps' | 'memory'>, input: ProjectionInput): ProjectionResult {
  const h = input.headroom;
  const notes: string[] = [];
  const perShard = shardCapacity(capacity);
  let shardsForThroughput: number | null = null;
  if (input.planOpsPerSec !== null) {
    if (perShard === null) notes.push('throughput: no step completed, so no per-shard capacity to divide by');
    else {
      shardsForThroughput = Math.max(1, Math.ceil((input.planOpsPerSec * h) / perShard.opsPerSec));
      notes.push(
        `throughput: ${ops(input.planOpsPerSec)} ops/s x ${h} headroom / ${ops(perShard.opsPerSec)} ops/s per shard = ${shardsForThroughput} shard(s); per-shard figure: ${perShard.source}`,
      );
    }
  }
  const bytesPerKey = capacity.memory?.bytesPerKey ?? null;
  let shardMemoryBytes = input.shardMemoryBytes;
  let shardMemorySource: string | null = shardMemoryBytes === null ? null : '--shard-memory';
  if (shardMemoryBytes === null && capacity.memory?.maxmemory) {
    shardMemoryBytes = capacity.memory.maxmemory;
    shardMemorySource = "the server's maxmemory";
  }
  let shardsForMemory: number | null = null;
  if (input.planKeys !== null) {
    if (bytesPerKey === null) notes.push('memory: bytes per key unknown (no keys were found to measure)');
    else if (shardMemoryBytes === null) notes.push('memory: the server has no maxmemory; give --shard-memory (e.g. 25gb) to project memory');
    else {
      shardsForMemory = Math.max(1, Math.ceil((input.planKeys * bytesPerKey * h) / shardMemoryBytes));
      notes.push(
        `memory: ${count(input.planKeys)} keys x ${Math.round(bytesPerKey)} B/key x ${h} headroom / ${bytes(shardMemoryBytes)} per shard (${shardMemorySource}) = ${shardsForMemory} shard(s)`,
      );
    }
  }
  const both = [shardsForThroughput, shardsForMemory].filter((n): n is number => n !== null);
  const shards = both.length > 0 ? Math.max(...both) : null;
  notes.push(
    'assumes: every shard is a primary like the server measured (same version, hardware, mix and value sizes), load and keys spread evenly over shards; replicas, cluster overhead and the client machine are not counted',
  );
  return {
    planOpsPerSec: input.planOpsPerSec,
    planKeys: input.planKeys,
    headroom: h,
    shardOpsPerSec: perShard?.opsPerSec ?? null,
    shardOpsSource: perShard?.source ?? null,
    shardMemoryBytes,
    shardMemorySource,
    bytesPerKey,
    shardsForThroughput,
    shardsForMemory,
    shards,
    notes,
  };
}

function count(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)}e9`;
  return ops(n);
}

/** Bytes with a binary unit: "25 GiB". */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) [v, u] = [v / 1024, u + 1];
  return `${+v.toPrecision(3)} ${units[u]}`;
}
