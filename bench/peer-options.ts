/**
 * bench:peers' command line: rounds, run length, pinning, which row groups to run (--only) and an
 * optional second rbench build to compare against (--rbench DIR). Bad input is a UsageError
 * (one message, exit 2).
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../src/shared/errors.js';
import { GROUPS, type Group } from './peer-workloads.js';

export interface PeerOptions {
  rounds: number;
  durationS: number;
  /** As given (a bare number gets an "s"), passed on to rbench's --duration. */
  durationArg: string;
  /** Pin the servers to the first allowed CPU and the clients to the second. */
  pin: boolean;
  /** Row groups to run, in the order of GROUPS. */
  only: Group[];
  /** --rbench DIR: a second rbench checkout (its bin/rbench and dist/) run as its own tool. */
  otherRbench: { dir: string; label: string } | null;
}

export const PEERS_USAGE =
  'usage: node dist/bench/peers.js [--rounds N (default 3)] [--duration 5s (per run)] [--only base,values,cluster (default all)] ' +
  '[--rbench DIR (also run DIR/bin/rbench, labelled rbench@<dir name>)] [--no-pin]';

/** Seconds in "5s", "500ms", "1m" or a bare number (seconds). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad --duration "${text}"`, 'use e.g. 5s, 500ms, 1m');
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : n;
}

/** "values" or "base,cluster": the groups named, in run order, each once. */
export function parseOnly(text: string): Group[] {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(GROUPS as readonly string[]).includes(name)) {
      throw new UsageError(`--only: unknown group "${name}"`, `use ${GROUPS.join(', ')}, or a comma-separated list of them`);
    }
  }
  return GROUPS.filter((g) => names.includes(g));
}

/** Checks that DIR is a built rbench checkout and names its tool after the folder. */
export function parseOtherRbench(dir: string, exists: (path: string) => boolean = existsSync): { dir: string; label: string } {
  const abs = resolve(dir);
  for (const part of [join('bin', 'rbench'), join('dist', 'src', 'cli', 'main.js')]) {
    if (!exists(join(abs, part))) {
      throw new UsageError(`--rbench ${dir}: no ${part} there`, 'give a checkout of rbench that was built (npm ci, or npm run build)');
    }
  }
  return { dir: abs, label: `rbench@${basename(abs) || 'other'}` };
}

/** Parses bench:peers' arguments; --help prints the usage and returns null. */
export function parsePeerArgs(argv: string[], exists: (path: string) => boolean = existsSync): PeerOptions | null {
  let rounds = 3;
  let durationArg = '5s';
  let pin = true;
  let only: Group[] = [...GROUPS];
  let otherRbench: PeerOptions['otherRbench'] = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`, PEERS_USAGE);
      return v;
    };
    if (name === '--rounds') {
      const text = value();
      rounds = Number(text);
      if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a positive integer, got "${text}"`);
    } else if (name === '--duration') durationArg = value();
    else if (name === '--only') only = parseOnly(value());
    else if (name === '--rbench') otherRbench = parseOtherRbench(value(), exists);
    else if (name === '--pin') pin = true;
    else if (name === '--no-pin') pin = false;
    else if (name === '--help' || name === '-h') return null;
    else throw new UsageError(`unknown argument "${arg}"`, PEERS_USAGE);
  }
  const durationS = parseDuration(durationArg);
  if (!(durationS > 0)) throw new UsageError(`--duration must be positive, got "${durationArg}"`);
  // rbench wants a unit; a bare number means seconds here.
  if (/^\d+(\.\d+)?$/.test(durationArg.trim())) durationArg = `${durationArg.trim()}s`;
  return { rounds, durationS, durationArg, pin, only, otherRbench };
}
