/**
 * Running bench:peers' clients as child processes: timed (user+sys CPU of the whole process, with
 * /usr/bin/time, else bash's `time`), optionally pinned with `taskset`; and the machine facts the
 * tables print (allowed CPUs, load average, CPU pressure).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + sys CPU seconds of the child and its descendants. */
  cpuS: number;
  wallS: number;
}

export const HAVE_GNU_TIME = existsSync('/usr/bin/time');

/** True when `binary` is a file in one of PATH's folders. */
export function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

/** Runs client commands under a CPU-time measurement, each with the same placement prefix. */
export class ChildTimer {
  /**
   * @param scratchDir where the timing files go
   * @param prefix put before every command when pinning (e.g. ['taskset', '-c', '1']); [] otherwise
   */
  constructor(
    private readonly scratchDir: string,
    private readonly prefix: string[],
  ) {}

  /** Runs `command` and returns its output, exit code, CPU and wall time. */
  async run(command: string[]): Promise<Timed> {
    const argv = [...this.prefix, ...command];
    const timeFile = join(this.scratchDir, `time-${process.hrtime.bigint()}.txt`);
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

  /** Runs `command` and throws with its output unless it exits 0. */
  async runOk(what: string, command: string[]): Promise<Timed> {
    const r = await this.run(command);
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.trim() || r.stdout.trim()}`.slice(0, 2000));
    return r;
  }
}

/** The CPUs this process may run on (its affinity list, e.g. "0-3,6"), or [] when unknown. */
export function allowedCpus(): number[] {
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

/** Pins every thread of process `pid` to `cpu`. */
export function pinProcess(pid: number, cpu: number, what: string): void {
  const r = spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset could not pin ${what}: ${r.stderr.trim()} (run with --no-pin)`);
}

/**
 * How busy the machine is besides the benchmark: the 1-minute load average and Linux's CPU
 * pressure (share of the last 10 s some task waited for a CPU; null where /proc/pressure is absent).
 * Other processes' CPU time shows up in every tool's tail, so the tables say how much there was.
 */
export async function machineLoad(): Promise<{ loadAvg1: number; cpuPressureAvg10: number | null }> {
  let pressure: number | null = null;
  try {
    const m = /^some avg10=([\d.]+)/m.exec(await readFile('/proc/pressure/cpu', 'utf8'));
    pressure = m ? Number(m[1]) : null;
  } catch {
    // No PSI on this kernel.
  }
  return { loadAvg1: loadavg()[0] ?? 0, cpuPressureAvg10: pressure };
}
