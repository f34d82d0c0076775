/**
 * The tools bench:peers compares, as child processes: redis-benchmark (a request count, so the
 * caller calibrates it to last about --duration), memtier_benchmark (a test time in whole
 * seconds) and rbench (this checkout's, and with --rbench DIR a second build). Each run gives a
 * Sample with the tool's own throughput and latency figures and its client CPU. On a cluster:
 * redis-benchmark --cluster (with --threads 1: it would start one thread per master), memtier
 * --cluster-mode, rbench with the cluster:// URL.
 */
import { join } from 'node:path';
import { parseMemtier, parseRedisBenchmark, redisBenchmarkClusterMasters } from './peer-output.js';
import type { ChildTimer } from './peer-process.js';
import type { Sample } from './peer-summary.js';
import type { BenchTarget } from './peer-targets.js';
import { CLUSTER_MASTERS, CONNECTIONS, KEYS, type Command, type Row } from './peer-workloads.js';

export type ToolKind = 'redis-benchmark' | 'rbench' | 'memtier_benchmark';

export interface ToolSpec {
  /** The name in the tables: "redis-benchmark", "rbench", "rbench@before", "memtier_benchmark". */
  name: string;
  kind: ToolKind;
  /** rbench: the checkout whose bin/rbench runs. */
  repo?: string;
}

/** How long a run lasts: redis-benchmark takes a request count, memtier seconds, rbench either. */
export type RunLength = { seconds: number; durationArg: string } | { requests: number };

/** What to run: a row's command, pipeline and value size against a target. */
export interface RunSpec {
  target: BenchTarget;
  command: Command;
  pipeline: number;
  dataSize: number;
}

/** The spec of a row. */
export const specOf = (target: BenchTarget, row: Row): RunSpec => ({ target, command: row.command, pipeline: row.pipeline, dataSize: row.dataSize });

/** redis-benchmark's arguments for one run of `requests` commands. */
export function redisBenchmarkArgv(spec: RunSpec, requests: number): string[] {
  const argv = ['redis-benchmark', '-h', spec.target.host, '-p', String(spec.target.port), '-c', String(CONNECTIONS), '-n', String(requests)];
  if (spec.target.kind === 'cluster') argv.push('--cluster', '--threads', '1');
  // Not --csv: its CSV has no p99.9. --precision 3: latencies to the microsecond.
  argv.push('-P', String(spec.pipeline), '-d', String(spec.dataSize), '-t', spec.command.toLowerCase(), '-r', String(KEYS), '--precision', '3');
  return argv;
}

async function redisBenchmark(timer: ChildTimer, spec: RunSpec, requests: number): Promise<Sample> {
  const r = await timer.runOk('redis-benchmark', redisBenchmarkArgv(spec, requests));
  if (spec.target.kind === 'cluster') {
    const masters = redisBenchmarkClusterMasters(r.stdout);
    if (masters !== CLUSTER_MASTERS) throw new Error(`redis-benchmark --cluster reported ${masters ?? 'no'} cluster masters, expected ${CLUSTER_MASTERS}`);
  }
  const { opsPerSec, latency } = parseRedisBenchmark(r.stdout);
  return { opsPerSec, ops: requests, cpuS: r.cpuS, wallS: r.wallS, latency };
}

/** rbench's arguments: an inline mix of one command, as `rbench run --json=-` takes it. */
export function rbenchArgv(repo: string, spec: RunSpec, length: RunLength): string[] {
  const template = spec.command === 'SET' ? 'SET {key} {value}' : 'GET {key}';
  const argv = [process.execPath, join(repo, 'bin', 'rbench'), 'run', '--target', spec.target.url, '--command', template];
  argv.push('--data-size', String(spec.dataSize), '--keys', String(KEYS), '--connections', String(CONNECTIONS), '--pipeline', String(spec.pipeline));
  argv.push(...('requests' in length ? ['--requests', String(length.requests)] : ['--duration', length.durationArg]));
  // --reset none: like the peers, rbench overwrites the prefilled key space; its default reset
  // would delete those keys first (the server then frees them while the phase runs).
  argv.push('--workers', '1', '--reset', 'none', '--json=-', '--quiet');
  return argv;
}

interface RbenchJson {
  phases?: {
    name: string;
    totals: { ops: number; opsPerSec: number; nulls: number; errors: Record<string, number>; latencyUs: { p50: number; p99: number; p999: number; max: number } };
    client?: { eventLoopDelayUs: { max: number }; gc: { count: number; maxMs: number } };
  }[];
}

async function rbench(timer: ChildTimer, tool: ToolSpec, spec: RunSpec, length: RunLength): Promise<Sample> {
  const r = await timer.runOk(tool.name, rbenchArgv(tool.repo!, spec, length));
  let result: RbenchJson;
  try {
    result = JSON.parse(r.stdout) as RbenchJson;
  } catch {
    throw new Error(`${tool.name} did not print JSON on stdout:\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 500)}`);
  }
  const phase = result.phases?.[0];
  if (!phase) throw new Error(`${tool.name} reported no phase`);
  const errors = Object.values(phase.totals.errors).reduce((a, b) => a + b, 0);
  if (errors > 0) throw new Error(`${tool.name} saw ${errors} errors: ${JSON.stringify(phase.totals.errors)}`);
  const { p50, p99, p999, max } = phase.totals.latencyUs;
  return {
    opsPerSec: phase.totals.opsPerSec,
    ops: phase.totals.ops,
    cpuS: r.cpuS,
    wallS: r.wallS,
    latency: { p50Us: p50, p99Us: p99, p999Us: p999, maxUs: max },
    ...(phase.client
      ? { client: { eventLoopDelayMaxUs: phase.client.eventLoopDelayUs.max, gcCount: phase.client.gc.count, gcMaxMs: phase.client.gc.maxMs } }
      : {}),
  };
}

/** memtier_benchmark's arguments; `--cluster-mode` on a cluster (then each connection opens one socket per master). */
export function memtierArgv(spec: RunSpec, length: { seconds: number } | { requests: number; keyPattern: string }, connections = CONNECTIONS): string[] {
  const argv = ['memtier_benchmark', '-s', spec.target.host, '-p', String(spec.target.port), '--protocol', 'redis'];
  if (spec.target.kind === 'cluster') argv.push('--cluster-mode');
  argv.push('-c', String(connections), '-t', '1', '--pipeline', String(spec.pipeline), '--ratio', spec.command === 'SET' ? '1:0' : '0:1');
  argv.push('-d', String(spec.dataSize), '--key-minimum', '1', '--key-maximum', String(KEYS), '--hide-histogram');
  if ('seconds' in length) argv.push('--test-time', String(Math.max(1, Math.round(length.seconds))), '--print-percentiles', '50,99,99.9,100'); // p100 is its max
  else argv.push('--key-pattern', length.keyPattern, '--requests', String(length.requests));
  return argv;
}

async function memtier(timer: ChildTimer, spec: RunSpec, seconds: number): Promise<Sample> {
  const testTime = Math.max(1, Math.round(seconds));
  const r = await timer.runOk('memtier_benchmark', memtierArgv(spec, { seconds: testTime }));
  const { opsPerSec, latency, redirectsPerSec } = parseMemtier(r.stdout);
  // memtier prints no total count in its table: rate × test time is close enough for CPU per op.
  return { opsPerSec, ops: opsPerSec * testTime, cpuS: r.cpuS, wallS: r.wallS, latency, ...(redirectsPerSec ? { redirectsPerSec } : {}) };
}

/** One measured run of `tool`. redis-benchmark needs a request count, memtier seconds. */
export async function runTool(timer: ChildTimer, tool: ToolSpec, spec: RunSpec, length: { seconds: number; durationArg: string; requests: number }): Promise<Sample> {
  if (tool.kind === 'redis-benchmark') return redisBenchmark(timer, spec, length.requests);
  if (tool.kind === 'memtier_benchmark') return memtier(timer, spec, length.seconds);
  return rbench(timer, tool, spec, length);
}

/** A short rbench run: its fixed cost (Node start-up, worker spin-up, connecting), for context. */
export async function rbenchStartupCost(timer: ChildTimer, tool: ToolSpec, target: BenchTarget): Promise<{ cpuS: number; wallS: number }> {
  const s = await rbench(timer, tool, { target, command: 'SET', pipeline: 1, dataSize: 3 }, { requests: 1 });
  return { cpuS: s.cpuS, wallS: s.wallS };
}

/**
 * Fills `tool`'s own key space (each tool names its keys its own way) with values of `dataSize`,
 * so its GETs hit: memtier key by key (P:P), the others by random SETs, 12 per key (each key is
 * left out with probability e^-12). redis-benchmark --cluster keeps one key space per master (a
 * hash tag per node), hence KEYS per master.
 */
export async function prefill(timer: ChildTimer, tool: ToolSpec, target: BenchTarget, dataSize: number): Promise<void> {
  const spec: RunSpec = { target, command: 'SET', pipeline: 16, dataSize };
  const perKey = 12;
  if (tool.kind === 'memtier_benchmark') await timer.runOk('memtier_benchmark pre-fill', memtierArgv(spec, { requests: KEYS, keyPattern: 'P:P' }, 1));
  else if (tool.kind === 'redis-benchmark') await timer.runOk('redis-benchmark pre-fill', redisBenchmarkArgv(spec, perKey * KEYS * target.nodes.length));
  else await rbench(timer, tool, spec, { requests: perKey * KEYS });
}
