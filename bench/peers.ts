/**
 * rbench against its peers: against one local redis-server and in one run, alternating,
 * redis-benchmark and rbench (plus memtier_benchmark when it is on PATH) on the same workload:
 * SET and GET of 3-byte values over 10,000 keys, 50 connections, one client thread, pipeline 1
 * and 16. Prints ops/s, client CPU seconds per million ops and latency (p50, p99, p99.9, max, each
 * tool's own figures: redis-benchmark --precision 3, memtier's --print-percentiles, rbench's HDR
 * histogram) for each tool, and the ratios rbench / redis-benchmark and rbench / memtier; writes
 * the tables as JSON to reports/bench-peers-<timestamp>.json.
 *
 * Run with `npm run bench:peers` (options: --rounds N, default 3; --duration 5s per run).
 * Client CPU is user+sys of the whole child process (for rbench: Node start-up, main thread and
 * worker thread), measured with /usr/bin/time, else bash's `time`.
 *
 * Placement: on a machine with 2 CPUs the scheduler often runs the client and redis-server on the
 * same CPU (it wakes one from the other), and which run gets which placement varies: the same tool
 * swings by ±30% from run to run. By default (--pin, when taskset exists and this process may
 * use ≥ 2 CPUs) the server (all its threads) is pinned to the first allowed CPU and every client
 * to the second, so each tool gets one whole CPU and the same placement; --no-pin leaves
 * placement to the scheduler.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, hostname, loadavg } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer, type LocalServer } from '../src/topology/local-server.js';
import { parseMemtier, parseRedisBenchmark } from './peer-output.js';
import { fmtCpu, fmtRate, fmtUs, printLatencyTable, printTable, summarise, type Sample, type Tool, type ToolSummary, type WorkloadSummary } from './peer-summary.js';

const CONNECTIONS = 50;
const DATA_SIZE = 3;
const KEYS = 10_000;
const COMMANDS = ['SET', 'GET'] as const;
const PIPELINES = [1, 16] as const;

type Command = (typeof COMMANDS)[number];

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/bench
const REPO = resolve(HERE, '..', '..');
const RBENCH_BIN = join(REPO, 'bin', 'rbench');

// ---------------------------------------------------------------- options

interface Options {
  rounds: number;
  durationS: number;
  /** As given, passed on to rbench's --duration. */
  durationArg: string;
  /** Pin the server to CPU 0 and the clients to CPU 1 (see the file comment). */
  pin: boolean;
}

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`bad --duration "${text}" (use e.g. 5s, 500ms, 1m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : n;
}

function parseArgs(argv: string[]): Options {
  let rounds = 3;
  let durationArg = '5s';
  let pin = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--rounds') rounds = Number(value());
    else if (name === '--duration') durationArg = value();
    else if (name === '--pin') pin = true;
    else if (name === '--no-pin') pin = false;
    else if (name === '--help' || name === '-h') {
      console.log('usage: node dist/bench/peers.js [--rounds N (default 3)] [--duration 5s (per run)] [--no-pin]');
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"`);
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  const durationS = parseDuration(durationArg);
  if (!(durationS > 0)) throw new Error('--duration must be positive');
  // rbench wants a unit; a bare number means seconds here.
  if (/^\d+(\.\d+)?$/.test(durationArg.trim())) durationArg = `${durationArg.trim()}s`;
  return { rounds, durationS, durationArg, pin };
}

// ---------------------------------------------------------------- running a child, timed

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + sys CPU seconds of the child and its descendants. */
  cpuS: number;
  wallS: number;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

const HAVE_GNU_TIME = existsSync('/usr/bin/time');
let scratchDir = '';
/** Prefix for client commands when pinning (e.g. ['taskset', '-c', '1']); empty otherwise. */
let clientPrefix: string[] = [];

/** Runs `argv` under /usr/bin/time (or bash's `time`) and returns its output and CPU time. */
async function runTimed(command: string[]): Promise<Timed> {
  const argv = [...clientPrefix, ...command];
  const timeFile = join(scratchDir, `time-${process.hrtime.bigint()}.txt`);
  const [cmd, args] = HAVE_GNU_TIME
    ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, ...argv]]
    : ['bash', ['-c', 'TIMEFORMAT="%3U %3S"; f="$1"; shift; { time "$@" 2>&3; } 3>&2 2>"$f"', 'bash', timeFile, ...argv]];
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const code = await new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('close', (c) => res(c));
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpuS = NaN;
  try {
    // GNU time prefixes "Command exited with non-zero status N" on failure: take the last line.
    const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
    const [u, s] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
    if (u !== undefined && s !== undefined) cpuS = u + s;
  } catch {
    // No timing file: leave NaN, reported as such.
  }
  await rm(timeFile, { force: true });
  return { code, stdout, stderr, cpuS, wallS };
}

/** The CPUs this process may run on (its affinity list, e.g. "0-3,6"), or [] when unknown. */
function allowedCpus(): number[] {
  const r = spawnSync('taskset', ['-p', '-c', String(process.pid)], { encoding: 'utf8' });
  const list = /:\s*([\d,\-\s]+)$/.exec(r.stdout.trim())?.[1];
  if (r.status !== 0 || list === undefined) return [];
  return list.split(',').flatMap((part) => {
    const [a, b] = part.trim().split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) return [];
    const end = b === undefined || Number.isNaN(b) ? a : b;
    return Array.from({ length: end - a + 1 }, (_, i) => a + i);
  });
}

function fail(what: string, r: Timed): never {
  throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.trim() || r.stdout.trim()}`.slice(0, 2000));
}

// ---------------------------------------------------------------- the tools

async function redisBenchmark(port: number, command: Command, pipeline: number, requests: number): Promise<Sample> {
  const argv = ['redis-benchmark', '-h', '127.0.0.1', '-p', String(port), '-c', String(CONNECTIONS), '-n', String(requests)];
  // Not --csv: its CSV has no p99.9. --precision 3: latencies to the microsecond.
  argv.push('-P', String(pipeline), '-d', String(DATA_SIZE), '-t', command.toLowerCase(), '-r', String(KEYS), '--precision', '3');
  const r = await runTimed(argv);
  if (r.code !== 0) fail('redis-benchmark', r);
  const { opsPerSec, latency } = parseRedisBenchmark(r.stdout);
  return { opsPerSec, ops: requests, cpuS: r.cpuS, wallS: r.wallS, latency };
}

interface RbenchJson {
  phases?: {
    name: string;
    totals: { ops: number; opsPerSec: number; nulls: number; errors: Record<string, number>; latencyUs: { p50: number; p99: number; p999: number; max: number } };
    client?: { eventLoopDelayUs: { max: number }; gc: { count: number; maxMs: number } };
  }[];
}

async function rbench(port: number, command: Command, pipeline: number, length: string[]): Promise<Sample> {
  const template = command === 'SET' ? 'SET {key} {value}' : 'GET {key}';
  const argv = [process.execPath, RBENCH_BIN, 'run', '--target', `redis://127.0.0.1:${port}`, '--command', template];
  argv.push('--data-size', String(DATA_SIZE), '--keys', String(KEYS), '--connections', String(CONNECTIONS));
  argv.push('--pipeline', String(pipeline), ...length, '--workers', '1', '--json=-', '--quiet');
  const r = await runTimed(argv);
  if (r.code !== 0) fail('rbench', r);
  let result: RbenchJson;
  try {
    result = JSON.parse(r.stdout) as RbenchJson;
  } catch {
    throw new Error(`rbench did not print JSON on stdout:\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 500)}`);
  }
  const phase = result.phases?.[0];
  if (!phase) throw new Error('rbench reported no phase');
  const errors = Object.values(phase.totals.errors).reduce((a, b) => a + b, 0);
  if (errors > 0) throw new Error(`rbench saw ${errors} errors: ${JSON.stringify(phase.totals.errors)}`);
  return {
    opsPerSec: phase.totals.opsPerSec,
    ops: phase.totals.ops,
    cpuS: r.cpuS,
    wallS: r.wallS,
    latency: { p50Us: phase.totals.latencyUs.p50, p99Us: phase.totals.latencyUs.p99, p999Us: phase.totals.latencyUs.p999, maxUs: phase.totals.latencyUs.max },
    ...(command === 'GET' ? { misses: phase.totals.nulls } : {}),
    ...(phase.client
      ? { client: { eventLoopDelayMaxUs: phase.client.eventLoopDelayUs.max, gcCount: phase.client.gc.count, gcMaxMs: phase.client.gc.maxMs } }
      : {}),
  };
}

async function memtier(port: number, command: Command, pipeline: number, seconds: number): Promise<Sample> {
  const testTime = Math.max(1, Math.round(seconds));
  const argv = ['memtier_benchmark', '-s', '127.0.0.1', '-p', String(port), '--protocol', 'redis', '-c', String(CONNECTIONS), '-t', '1'];
  argv.push('--pipeline', String(pipeline), '--ratio', command === 'SET' ? '1:0' : '0:1', '-d', String(DATA_SIZE));
  argv.push('--key-minimum', '1', '--key-maximum', String(KEYS), '--test-time', String(testTime), '--hide-histogram');
  argv.push('--print-percentiles', '50,99,99.9,100'); // p100 is its max
  const r = await runTimed(argv);
  if (r.code !== 0) fail('memtier_benchmark', r);
  const { opsPerSec, latency } = parseMemtier(r.stdout);
  // memtier prints no total count in its table: rate × test time is close enough for CPU per op.
  return { opsPerSec, ops: opsPerSec * testTime, cpuS: r.cpuS, wallS: r.wallS, latency };
}

/**
 * How busy the machine is besides the benchmark: the 1-minute load average and Linux's CPU
 * pressure (share of the last 10 s some task waited for a CPU; null where /proc/pressure is absent).
 * Other processes' CPU time shows up in every tool's tail, so the tables say how much there was.
 */
async function machineLoad(): Promise<{ loadAvg1: number; cpuPressureAvg10: number | null }> {
  let pressure: number | null = null;
  try {
    const m = /^some avg10=([\d.]+)/m.exec(await readFile('/proc/pressure/cpu', 'utf8'));
    pressure = m ? Number(m[1]) : null;
  } catch {
    // No PSI on this kernel.
  }
  return { loadAvg1: loadavg()[0] ?? 0, cpuPressureAvg10: pressure };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!onPath('redis-benchmark')) throw new Error('redis-benchmark is not on PATH (apt-get install redis-tools)');
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('rbench is not built: run `npm run build`');
  const withMemtier = onPath('memtier_benchmark');
  const pinCpus = options.pin && onPath('taskset') ? allowedCpus() : [];
  const pinned = pinCpus.length >= 2;
  scratchDir = await mkdtemp(join(tmpdir(), 'rbench-peers-'));

  let server: LocalServer | undefined;
  const cleanup = async (): Promise<void> => {
    await server?.stop();
    await rm(scratchDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });

  const startedAt = new Date();
  try {
    server = await startLocalServer();
    const port = server.port;
    if (pinned) {
      const r = spawnSync('taskset', ['-a', '-p', '-c', String(pinCpus[0]), String(server.pid)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`taskset could not pin redis-server: ${r.stderr.trim()} (run with --no-pin)`);
      clientPrefix = ['taskset', '-c', String(pinCpus[1])];
    }
    const tools: Tool[] = ['redis-benchmark', 'rbench', ...(withMemtier ? (['memtier_benchmark'] as const) : [])];
    console.log(
      `rbench vs peers · redis-server on 127.0.0.1:${port} · ${options.rounds} round(s) × ${options.durationS}s per run · ` +
        `${CONNECTIONS} connections, 1 client thread, ${DATA_SIZE}-byte values, ${KEYS} keys · ${cpus().length} CPUs`,
    );
    console.log(`client CPU measured with ${HAVE_GNU_TIME ? '/usr/bin/time' : "bash's time"} (user+sys of the whole client process)`);
    if (!withMemtier) console.log('memtier_benchmark: not on PATH, skipped');
    console.log(
      pinned
        ? `placement: redis-server pinned to CPU ${pinCpus[0]}, each client to CPU ${pinCpus[1]} (--no-pin to let the scheduler choose)`
        : 'placement: left to the scheduler (no pinning)',
    );

    // rbench's fixed cost (Node start-up, worker spin-up, connecting): one tiny run, for context.
    const tiny = await rbench(port, 'SET', 1, ['--requests', '1']);
    console.log(`rbench fixed start-up cost: ${tiny.cpuS.toFixed(2)} s CPU, ${tiny.wallS.toFixed(2)} s wall (included in its CPU per op below)`);

    const workloads: WorkloadSummary[] = [];
    for (const command of COMMANDS) {
      if (command === 'GET') {
        // Make every tool's GETs hit, whatever order the SET runs filled the keys in.
        process.stdout.write('pre-filling the key spaces for GET ... ');
        await redisBenchmark(port, 'SET', 16, 20 * KEYS);
        await rbench(port, 'SET', 16, ['--requests', String(20 * KEYS)]);
        if (withMemtier) {
          const r = await runTimed(['memtier_benchmark', '-s', '127.0.0.1', '-p', String(port), '--protocol', 'redis', '-c', '1', '-t', '1',
            '--pipeline', '16', '--ratio', '1:0', '-d', String(DATA_SIZE), '--key-minimum', '1', '--key-maximum', String(KEYS),
            '--key-pattern', 'P:P', '--requests', String(KEYS), '--hide-histogram']);
          if (r.code !== 0) fail('memtier_benchmark pre-fill', r);
        }
        console.log('done');
      }
      for (const pipeline of PIPELINES) {
        const workload = `${command} P=${pipeline}`;
        const machine = await machineLoad();
        const pressure = machine.cpuPressureAvg10 === null ? '' : `, CPU pressure ${machine.cpuPressureAvg10.toFixed(0)}% (tasks waiting for a CPU)`;
        console.log(`  ${workload}: machine load ${machine.loadAvg1.toFixed(1)}${pressure}`);
        // redis-benchmark runs a request count: calibrate it to last about --duration.
        const calib = await redisBenchmark(port, command, pipeline, Math.max(10_000, 20_000 * pipeline));
        let rbRate = calib.opsPerSec;
        const samples = new Map<Tool, Sample[]>(tools.map((t) => [t, []]));
        for (let round = 0; round < options.rounds; round++) {
          // Rotate who goes first, so slow drift (thermal, neighbours) does not favour one tool.
          const order = tools.map((_, i) => tools[(i + round) % tools.length]!);
          for (const tool of order) {
            let s: Sample;
            if (tool === 'redis-benchmark') {
              s = await redisBenchmark(port, command, pipeline, Math.max(1000, Math.round(rbRate * options.durationS)));
              rbRate = s.opsPerSec;
            } else if (tool === 'rbench') {
              s = await rbench(port, command, pipeline, ['--duration', options.durationArg]);
            } else {
              s = await memtier(port, command, pipeline, options.durationS);
            }
            samples.get(tool)!.push(s);
            const miss = s.misses !== undefined && s.misses > 0 ? ` · ${s.misses} misses` : '';
            const own = s.client ? ` · loop stall ≤${fmtUs(s.client.eventLoopDelayMaxUs)}, ${s.client.gcCount} GC ≤${s.client.gcMaxMs.toFixed(1)}ms` : '';
            console.log(
              `  ${workload.padEnd(8)} round ${round + 1}/${options.rounds}  ${tool.padEnd(17)} ${fmtRate(s.opsPerSec).padStart(7)} ops/s  ` +
                `${s.cpuS.toFixed(2)} s CPU / ${s.wallS.toFixed(2)} s wall  ${fmtCpu((s.cpuS / s.ops) * 1e6)} CPU s/M ops  ` +
                `p50 ${fmtUs(s.latency.p50Us)} p99 ${fmtUs(s.latency.p99Us)} p99.9 ${fmtUs(s.latency.p999Us)} max ${fmtUs(s.latency.maxUs)}${miss}${own}`,
            );
          }
        }
        const summaries = tools.map((t) => summarise(t, samples.get(t)!, t === 'rbench' ? tiny.cpuS : null));
        const get = (t: Tool): ToolSummary | undefined => summaries.find((x) => x.tool === t);
        const ratio = (a: ToolSummary | undefined, b: ToolSummary | undefined) =>
          a && b
            ? {
                throughput: a.opsPerSec.median / b.opsPerSec.median,
                cpuPerOp: a.cpuSPerMillionOps.median / b.cpuSPerMillionOps.median,
                p999: a.latencyUs.p999 / b.latencyUs.p999,
                max: a.latencyUs.max / b.latencyUs.max,
              }
            : null;
        workloads.push({
          workload,
          command,
          pipeline,
          tools: summaries,
          ratios: ratio(get('rbench'), get('redis-benchmark')),
          ratiosVsMemtier: ratio(get('rbench'), get('memtier_benchmark')),
          machine,
        });
      }
    }

    console.log('');
    printTable(workloads);
    console.log('');
    printLatencyTable(workloads);

    const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
    const path = join('reports', `bench-peers-${stamp}.json`);
    await mkdir('reports', { recursive: true });
    const report = {
      kind: 'bench-peers',
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, hostname: hostname() },
      settings: { rounds: options.rounds, durationS: options.durationS, connections: CONNECTIONS, clientThreads: 1, dataSize: DATA_SIZE, keys: KEYS, pinned },
      cpuMeasurement: HAVE_GNU_TIME ? '/usr/bin/time %U+%S' : 'bash time %U+%S',
      memtier: withMemtier,
      rbenchStartupCost: { cpuS: tiny.cpuS, wallS: tiny.wallS },
      workloads,
    };
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
    console.log(`\nreport written to ${path}`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:peers: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
