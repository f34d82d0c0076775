/**
 * Runs the built CLI (`bin/rbench`, which imports dist/) as a child process, the way a user does,
 * and collects its exit code and output. `npm test` builds dist/ first; a bare `vitest run` does
 * not, so `requireBuiltCli()` fails early with a clear message instead of a confusing import error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { RunResult } from '../../src/report/run-result.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_MAIN = join(REPO_ROOT, 'dist/src/cli/main.js');

export interface CliResult {
  /** Exit code, or null when the process ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Kill the child (SIGKILL) after this long; the test then fails on the code. Default 60 s. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child; the repo root by default. */
  cwd?: string;
  /** Run the child as this user and group (needs root), e.g. to meet a permission check root would pass. */
  uid?: number;
  gid?: number;
}

/** A running CLI child: the process, and a promise of its result. */
export interface CliChild {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Fails the file's tests in beforeAll when dist/ is not built. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(CLI_MAIN)) {
      throw new Error(`${CLI_MAIN} is missing: build first (npm run build), or run the tests with npm test`);
    }
  });
}

/** Starts `bin/rbench ...args` in the repo root without waiting for it. */
export function spawnCli(args: string[], options: CliOptions = {}): CliChild {
  // REDIS_URL from the developer's shell must not steer a test towards their server.
  const env = { ...process.env, REDIS_URL: undefined, NO_COLOR: '1', ...options.env };
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid };
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/rbench'), ...args], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `bin/rbench ...args` to the end. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/** A temp directory made in beforeAll and removed in afterAll; the function gives its path. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rbench-cli-test-'));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir(): not created yet (use it inside a test)');
    return dir;
  };
}

/** Reads a JSON report written by `run --out`. */
export async function readReport(path: string): Promise<RunResult> {
  return JSON.parse(await readFile(path, 'utf8')) as RunResult;
}

/** A readable summary of a finished CLI run, for assertion messages. */
export function describeRun(result: CliResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout ---\n${result.stdout.slice(-3000)}\n--- stderr ---\n${result.stderr.slice(-3000)}`;
}

/** True when `text` holds a JavaScript stack frame ("    at fn (file:line)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+/m.test(text);
}
