/**
 * Deployments started by `rbench local up`: they outlive the command, so what is needed to find
 * and stop them (ports, pids, directories) is recorded in a small JSON file per kind, in
 * $RBENCH_STATE_DIR or ~/.rbench. `rbench local down` and the kill-master drill read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../shared/errors.js';

export interface RecordedProcess {
  /** e.g. "master", "replica", "sentinel", "node". */
  role: string;
  port: number;
  pid: number;
  dir: string;
}

export interface LocalDeployment {
  kind: string;
  /** The URL to give rbench (without passwords). */
  url: string;
  startedAt: string;
  processes: RecordedProcess[];
}

const STOP_TIMEOUT_MS = 5000;

/** Where the records live. */
export function stateDir(): string {
  return process.env.RBENCH_STATE_DIR ?? join(homedir(), '.rbench');
}

function recordPath(kind: string): string {
  return join(stateDir(), `local-${kind}.json`);
}

export async function saveDeployment(deployment: LocalDeployment): Promise<void> {
  await mkdir(stateDir(), { recursive: true });
  await writeFile(recordPath(deployment.kind), `${JSON.stringify(deployment, null, 2)}\n`, 'utf8');
}

/** The recorded deployment of `kind`, or null. */
export function loadDeployment(kind: string): LocalDeployment | null {
  const path = recordPath(kind);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalDeployment;
  } catch {
    throw new RuntimeError(`${path} is not a valid record of a local deployment`, `delete it, and stop any redis-server it listed by hand`);
  }
}

/** Every recorded deployment. */
export async function loadAllDeployments(): Promise<LocalDeployment[]> {
  if (!existsSync(stateDir())) return [];
  const names = (await readdir(stateDir())).filter((n) => /^local-[a-z]+\.json$/.test(n));
  return names.map((n) => loadDeployment(n.slice('local-'.length, -'.json'.length))).filter((d): d is LocalDeployment => d !== null);
}

/** True when `pid` runs and is a redis-server (a pid may have been reused since it was recorded). */
export function isRedisProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return true; // no /proc (not Linux): trust the record
  }
}

/** Sends `signal` to a recorded process and waits until it is gone (SIGKILL after a timeout). */
export async function stopProcess(p: RecordedProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!isRedisProcess(p.pid)) return;
  process.kill(p.pid, signal);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isRedisProcess(p.pid)) {
    if (Date.now() > deadline) {
      process.kill(p.pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  while (isRedisProcess(p.pid)) await new Promise((r) => setTimeout(r, 25));
}

/** Stops every process of a deployment, removes their directories and the record. */
export async function stopDeployment(d: LocalDeployment): Promise<void> {
  await Promise.all(d.processes.map((p) => stopProcess(p).catch(() => {})));
  await Promise.all(d.processes.map((p) => rm(p.dir, { recursive: true, force: true })));
  await rm(recordPath(d.kind), { force: true });
}
