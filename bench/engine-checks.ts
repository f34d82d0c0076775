/**
 * Load-engine checks that a timed test cannot make on a shared machine, run by hand:
 *
 *   npm run bench:engine -- open-model [--rate 50k] [--duration 20s] [--connections 50] [--pipeline 16] [--warmup 2s]
 *     the open model at a fixed target: achieved rate against the target, and send lag p99
 *     (how late commands left), from rbench's own JSON report;
 *   npm run bench:engine -- memory [--connections 1000] [--duration 5m]
 *     resident memory of the rbench process, sampled every 5 s over a long closed-loop run with
 *     many connections: the first and last minute are compared, so a leak shows as growth.
 *
 * Both start their own redis-server on a free port and stop it.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from '../src/topology/local-server.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RBENCH = join(REPO, 'bin', 'rbench');

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

interface ReportLike {
  phases: {
    totals: { ops: number; opsPerSec: number; errors: Record<string, number>; latencyUs: { p99: number } };
    schedule: { targetRate: number; achievedRate: number; sendLagUs: { p50: number; p99: number; max: number }; lateSends: number; dropped: number } | null;
  }[];
}

async function runRbench(args: string[], onPid?: (pid: number) => void): Promise<ReportLike> {
  const dir = await mkdtemp(join(tmpdir(), 'rbench-engine-'));
  const out = join(dir, 'report.json');
  try {
    const child = spawn(process.execPath, [RBENCH, 'run', ...args, '--quiet', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.pid !== undefined) onPid?.(child.pid);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    if (code !== 0) throw new Error(`rbench exited with ${code}`);
    return JSON.parse(await readFile(out, 'utf8')) as ReportLike;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function residentKb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function openModel(argv: string[], url: string): Promise<void> {
  const rate = option(argv, 'rate', '50k');
  const duration = option(argv, 'duration', '20s');
  // In-flight room: connections x pipeline must cover rate x round trip, with margin for stalls.
  const connections = option(argv, 'connections', '50');
  const pipeline = option(argv, 'pipeline', '16');
  // The goal is about the steady state: a warm-up (not recorded) lets the JIT compile the hot
  // paths first; the first second of a cold process has send lag in the tens of ms.
  const warmup = option(argv, 'warmup', '2s');
  const report = await runRbench(['--target', url, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--data-size', '3', '--keys', '10000', '--connections', connections, '--pipeline', pipeline, '--workers', '1', '--rate', `${rate}/s`, '--duration', duration, '--warmup', warmup]);
  const phase = report.phases[0]!;
  const s = phase.schedule!;
  const off = (100 * (s.achievedRate - s.targetRate)) / s.targetRate;
  console.log(`open model at ${rate}/s for ${duration} after a ${warmup} warm-up, ${connections} connections x pipeline ${pipeline}: achieved ${s.achievedRate.toFixed(0)}/s (${off >= 0 ? '+' : ''}${off.toFixed(2)}% of target; goal within 1%)`);
  console.log(`  send lag p50 ${s.sendLagUs.p50} us, p99 ${s.sendLagUs.p99} us (goal < 1000 us), max ${s.sendLagUs.max} us; ${s.lateSends} late sends, ${s.dropped} dropped`);
  console.log(`  response time p99 ${phase.totals.latencyUs.p99} us; errors ${JSON.stringify(phase.totals.errors)}`);
}

async function memory(argv: string[], url: string): Promise<void> {
  const connections = option(argv, 'connections', '1000');
  const duration = option(argv, 'duration', '5m');
  const samples: { t: number; kb: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  const report = await runRbench(
    ['--target', url, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--data-size', '64', '--keys', '100000', '--connections', connections, '--pipeline', '4', '--duration', duration],
    (pid) => {
      timer = setInterval(() => {
        void residentKb(pid).then((kb) => {
          if (kb === null) return;
          const t = (Date.now() - started) / 1000;
          samples.push({ t, kb });
          process.stderr.write(`  ${t.toFixed(0)}s: ${(kb / 1024).toFixed(1)} MiB\n`);
        });
      }, 5000);
    },
  );
  clearInterval(timer);
  const phase = report.phases[0]!;
  const last = samples[samples.length - 1]?.t ?? 0;
  const mean = (rows: { kb: number }[]) => rows.reduce((a, r) => a + r.kb, 0) / Math.max(1, rows.length) / 1024;
  // Skip the first 30 s (start-up, connection set-up, V8 warming up) as the baseline's start.
  const first = samples.filter((s) => s.t >= 30 && s.t < 90);
  const final = samples.filter((s) => s.t >= last - 60);
  console.log(`memory with ${connections} connections over ${duration}: ${phase.totals.ops} ops, ${phase.totals.opsPerSec.toFixed(0)} ops/s, errors ${JSON.stringify(phase.totals.errors)}`);
  console.log(`  resident: 30-90 s mean ${mean(first).toFixed(1)} MiB, last minute mean ${mean(final).toFixed(1)} MiB, max ${(Math.max(...samples.map((s) => s.kb)) / 1024).toFixed(1)} MiB`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const which = argv[0];
  if (which !== 'open-model' && which !== 'memory') {
    console.error('usage: npm run bench:engine -- open-model [--rate 50k] [--duration 20s] | memory [--connections 1000] [--duration 5m]');
    process.exit(2);
  }
  const server = await startLocalServer({ extraArgs: ['--maxclients', '20000'] });
  try {
    if (which === 'open-model') await openModel(argv, server.url);
    else await memory(argv, server.url);
  } finally {
    await server.stop();
  }
}

await main();
