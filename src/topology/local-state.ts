/**
 * What `rbench local up` left running, kept in .rbench/local.json under the current directory
 * so that `rbench local down` (a later process) can stop it: each topology's URL and, per node,
 * its pid, port and directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../shared/errors.js';

export interface LocalNodeRecord {
  pid: number;
  port: number;
  dir: string;
}

export interface LocalTopologyRecord {
  kind: string;
  url: string;
  startedAt: string;
  nodes: LocalNodeRecord[];
}

export interface LocalState {
  topologies: LocalTopologyRecord[];
}

/** The state directory (.rbench in `cwd`). */
export function stateDir(cwd = process.cwd()): string {
  return join(cwd, '.rbench');
}

function statePath(cwd?: string): string {
  return join(stateDir(cwd), 'local.json');
}

/** The recorded topologies; empty when nothing was started here. */
export async function readLocalState(cwd?: string): Promise<LocalState> {
  const path = statePath(cwd);
  if (!existsSync(path)) return { topologies: [] };
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as LocalState;
    return { topologies: Array.isArray(parsed.topologies) ? parsed.topologies : [] };
  } catch (error) {
    throw new RuntimeError(`${path} is not readable state (${error instanceof Error ? error.message : String(error)})`, `delete ${path} and stop leftover redis-server processes by hand`);
  }
}

/** Writes the state atomically; removes the file when nothing is left. */
export async function writeLocalState(state: LocalState, cwd?: string): Promise<void> {
  const path = statePath(cwd);
  if (state.topologies.length === 0) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(stateDir(cwd), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, path);
}

/** Stops a recorded node: SIGTERM, SIGKILL after a grace period, then removes its directory. */
export async function stopRecordedNode(node: LocalNodeRecord, graceMs = 5000): Promise<void> {
  if (alive(node.pid)) {
    try {
      process.kill(node.pid, 'SIGTERM');
    } catch {
      // gone meanwhile
    }
    const deadline = Date.now() + graceMs;
    while (alive(node.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive(node.pid)) {
      try {
        process.kill(node.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  await rm(node.dir, { recursive: true, force: true });
}

/** True while `pid` runs and is still a redis-server (a reused pid must not be signalled). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true; // not Linux: trust the pid
  try {
    return readFileSync(cmdline, 'latin1').includes('redis-server');
  } catch {
    return false;
  }
}
