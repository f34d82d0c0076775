/**
 * rbench against its peers: in one run, alternating, redis-benchmark, rbench and
 * memtier_benchmark (when on PATH) on the same rows (bench/peer-workloads.ts): `base` (SET and
 * GET of 3-byte values on one local redis-server), `values` (4 KB and 64 KB values) and `cluster`
 * (a local 3-master Redis Cluster: redis-benchmark --cluster, memtier --cluster-mode), each at
 * pipeline 1 and 16, 50 connections, one client thread, 10,000 keys. Prints ops/s, client CPU
 * seconds per million ops and latency (p50, p99, p99.9, max, each tool's own figures) per tool,
 * the ratios rbench / redis-benchmark and rbench / memtier, and writes the tables as JSON to
 * reports/bench-peers-<timestamp>.json.
 *
 * Run with `npm run bench:peers` (options: bench/peer-options.ts; --only values,cluster runs a
 * subset; --rbench DIR also runs another checkout's build as "rbench@<dir>" and prints
 * rbench / rbench@<dir> per row). Client CPU is user+sys of the whole child process (for rbench:
 * Node start-up, main thread and worker thread), measured with /usr/bin/time, else bash's `time`.
 *
 * Placement: on a machine with 2 CPUs the scheduler often runs the client and redis-server on the
 * same CPU (it wakes one from the other), and which run gets which placement varies: the same tool
 * swings by ±30% from run to run. By default (--pin, when taskset exists and this process may
 * use ≥ 2 CPUs) the servers (every thread of every node) are pinned to the first allowed CPU and
 * every client to the second, so each tool gets one whole CPU and the same placement; --no-pin
 * leaves placement to the scheduler.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RbenchError } from '../src/shared/errors.js';
import { PEERS_USAGE, parsePeerArgs, type PeerOptions } from './peer-options.js';
import { ChildTimer, HAVE_GNU_TIME, allowedCpus, onPath } from './peer-process.js';
import { runRow, type RowContext } from './peer-rounds.js';
import { printLatencyTable, printTable, type WorkloadSummary } from './peer-summary.js';
import { startTarget, type BenchTarget } from './peer-targets.js';
import { prefill, rbenchStartupCost, runTool, type ToolSpec } from './peer-tools.js';
import { CLUSTER_MASTERS, CONNECTIONS, KEYS, blocksFor, fmtSize, type Block, type TargetKind } from './peer-workloads.js';

/** Set on Ctrl-C: what fails while the servers stop is not news. */
let interrupted = false;

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/bench
const REPO = resolve(HERE, '..', '..');

/** Per target: what the tools' connection counts mean there (they differ on a cluster). */
const CONNECTION_NOTES: Record<TargetKind, string> = {
  standalone: `${CONNECTIONS} connections each`,
  cluster:
    `${CLUSTER_MASTERS} masters; rbench and memtier: ${CONNECTIONS} connections, each with a socket per master ` +
    `(${CONNECTIONS * CLUSTER_MASTERS} sockets); redis-benchmark --cluster: ${CONNECTIONS} clients spread over the masters, --threads 1`,
};

interface Run {
  options: PeerOptions;
  timer: ChildTimer;
  serverCpu: number | null;
  tools: ToolSpec[];
  notes: string[];
  startupCosts: Record<string, { cpuS: number; wallS: number }>;
  workloads: WorkloadSummary[];
  /** The target running now (stopped on Ctrl-C). */
  current: BenchTarget | null;
}

/** The tools, in round-1 order: the two rbench builds apart, so each runs between two peers. */
function toolsOf(options: PeerOptions, withMemtier: boolean): ToolSpec[] {
  return [
    { name: 'redis-benchmark', kind: 'redis-benchmark' },
    { name: 'rbench', kind: 'rbench', repo: REPO },
    ...(withMemtier ? [{ name: 'memtier_benchmark', kind: 'memtier_benchmark' } as const] : []),
    ...(options.otherRbench ? [{ name: options.otherRbench.label, kind: 'rbench', repo: options.otherRbench.dir } as const] : []),
  ];
}

/**
 * Checks that redis-benchmark --cluster runs on this version and reports a 3-master cluster and a
 * sane count (the server saw about the requests it claims); else says why and leaves it out.
 */
async function clusterCapableRedisBenchmark(run: Run, target: BenchTarget): Promise<boolean> {
  const tool = run.tools.find((t) => t.kind === 'redis-benchmark');
  if (!tool) return false;
  const requests = 20_000;
  try {
    const before = await target.counters();
    await runTool(run.timer, tool, { target, command: 'SET', pipeline: 16, dataSize: 3 }, { seconds: 1, durationArg: '1s', requests });
    const seen = (await target.counters()).commands - before.commands;
    if (seen < requests * 0.95) throw new Error(`the cluster saw ${seen} commands for its ${requests} requests`);
    console.log(
      `redis-benchmark --cluster: works (${CLUSTER_MASTERS} masters, the cluster saw ${seen} commands for ${requests} requests); ` +
        `its keys carry one hash tag per master, so its key space is ${KEYS} keys per master`,
    );
    return true;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    run.notes.push(`redis-benchmark --cluster does not work here (${why}): skipped on the cluster rows`);
    console.log(`redis-benchmark --cluster: does not work here (${why}); skipped on the cluster rows`);
    return false;
  }
}

/** Starts `kind`, runs its blocks, stops it. */
async function runTarget(run: Run, kind: TargetKind, blocks: Block[]): Promise<void> {
  const target = await startTarget(kind, run.serverCpu);
  run.current = target;
  try {
    console.log(`\n${kind === 'cluster' ? `local ${CLUSTER_MASTERS}-master cluster ${target.url}` : `redis-server ${target.url}`} · ${CONNECTION_NOTES[kind]}`);
    let tools = run.tools;
    if (kind === 'cluster' && !(await clusterCapableRedisBenchmark(run, target))) tools = tools.filter((t) => t.kind !== 'redis-benchmark');
    const startupCpuS = new Map<string, number>();
    for (const tool of tools.filter((t) => t.kind === 'rbench')) {
      const cost = await rbenchStartupCost(run.timer, tool, target);
      startupCpuS.set(tool.name, cost.cpuS);
      run.startupCosts[`${tool.name} ${kind}`] = cost;
      console.log(`${tool.name} fixed start-up cost (${kind}): ${cost.cpuS.toFixed(2)} s CPU, ${cost.wallS.toFixed(2)} s wall (included in its CPU per op below)`);
    }
    const ctx: RowContext = { timer: run.timer, target, tools, rounds: run.options.rounds, durationS: run.options.durationS, durationArg: run.options.durationArg, startupCpuS };
    for (const block of blocks) {
      await target.flush();
      console.log(`${fmtSize(block.dataSize)} values:`);
      let filled = false;
      for (const row of block.rows) {
        if (row.command === 'GET' && !filled) {
          // Every tool names its keys its own way: fill each one's, so every tool's GETs hit.
          process.stdout.write(`  pre-filling the key spaces with ${fmtSize(block.dataSize)} values for GET ... `);
          // One rbench fill serves both builds: they name keys alike.
          for (const tool of tools.filter((t) => t.kind !== 'rbench' || t.name === 'rbench')) await prefill(run.timer, tool, target, block.dataSize);
          console.log('done');
          filled = true;
        }
        run.workloads.push(await runRow(ctx, row));
      }
    }
  } finally {
    run.current = null;
    await target.stop();
  }
}

async function main(): Promise<void> {
  const options = parsePeerArgs(process.argv.slice(2));
  if (options === null) {
    console.log(PEERS_USAGE);
    return;
  }
  if (!onPath('redis-benchmark')) throw new Error('redis-benchmark is not on PATH (apt-get install redis-tools)');
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('rbench is not built: run `npm run build`');
  const withMemtier = onPath('memtier_benchmark');
  const pinCpus = options.pin && onPath('taskset') ? allowedCpus() : [];
  const pinned = pinCpus.length >= 2;
  const scratchDir = await mkdtemp(join(tmpdir(), 'rbench-peers-'));
  const run: Run = {
    options,
    timer: new ChildTimer(scratchDir, pinned ? ['taskset', '-c', String(pinCpus[1])] : []),
    serverCpu: pinned ? pinCpus[0]! : null,
    tools: toolsOf(options, withMemtier),
    notes: [],
    startupCosts: {},
    workloads: [],
    current: null,
  };
  process.once('SIGINT', () => {
    interrupted = true;
    void Promise.all([run.current?.stop(), rm(scratchDir, { recursive: true, force: true })]).finally(() => process.exit(130));
  });
  const startedAt = new Date();
  try {
    console.log(
      `rbench vs peers · ${options.only.join(', ')} · ${options.rounds} round(s) × ${options.durationS}s per run · ` +
        `${CONNECTIONS} connections, 1 client thread, ${KEYS} keys · tools: ${run.tools.map((t) => t.name).join(', ')} · ${cpus().length} CPUs`,
    );
    if (options.otherRbench) console.log(`${options.otherRbench.label}: ${options.otherRbench.dir} (rbench / ${options.otherRbench.label} is after / before)`);
    console.log(`client CPU measured with ${HAVE_GNU_TIME ? '/usr/bin/time' : "bash's time"} (user+sys of the whole client process)`);
    if (!withMemtier) run.notes.push('memtier_benchmark: not on PATH, skipped (../shared/tools/build-memtier.sh builds it)');
    console.log(
      pinned
        ? `placement: every redis-server pinned to CPU ${pinCpus[0]}, each client to CPU ${pinCpus[1]} (--no-pin to let the scheduler choose)`
        : 'placement: left to the scheduler (no pinning)',
    );
    for (const note of run.notes) console.log(note);
    const blocks = blocksFor(options.only);
    for (const kind of ['standalone', 'cluster'] as const) {
      const mine = blocks.filter((b) => b.target === kind);
      if (mine.length > 0) await runTarget(run, kind, mine);
    }

    console.log('');
    printTable(run.workloads);
    console.log('');
    printLatencyTable(run.workloads);
    for (const note of run.notes) console.log(`note: ${note}`);

    const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
    const path = join('reports', `bench-peers-${stamp}.json`);
    await mkdir('reports', { recursive: true });
    const report = {
      kind: 'bench-peers',
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, hostname: hostname() },
      settings: {
        rounds: options.rounds,
        durationS: options.durationS,
        only: options.only,
        connections: CONNECTIONS,
        clientThreads: 1,
        keys: KEYS,
        clusterMasters: CLUSTER_MASTERS,
        pinned,
        otherRbench: options.otherRbench,
      },
      cpuMeasurement: HAVE_GNU_TIME ? '/usr/bin/time %U+%S' : 'bash time %U+%S',
      memtier: withMemtier,
      tools: run.tools.map((t) => t.name),
      notes: run.notes,
      rbenchStartupCost: run.startupCosts,
      workloads: run.workloads,
    };
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
    console.log(`\nreport written to ${path}`);
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (interrupted) return;
  const hint = error instanceof RbenchError && error.hint ? `\n  ${error.hint}` : '';
  console.error(`bench:peers: ${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exitCode = error instanceof RbenchError ? error.exitCode : 1;
});
