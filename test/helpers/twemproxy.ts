/**
 * A real twemproxy (Debian's `nutcracker`) in front of a test redis-server, for the proxy tests.
 * Debian installs it as /usr/sbin/nutcracker, which is not on every user's PATH; .ci/run installs
 * the package when it is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { findFreePort } from '../../src/topology/free-port.js';

export interface Twemproxy {
  port: number;
  url: string;
}

/** The nutcracker binary: on PATH, else where Debian puts it; null when not installed. */
export function nutcrackerBinary(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin', '/sbin'])) {
    const candidate = join(dir, 'nutcracker');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Starts twemproxy in beforeAll in front of the server `backendPort()` names; stops it in afterAll. */
export function useTwemproxy(backendPort: () => number): () => Twemproxy {
  let child: ChildProcess | null = null;
  let dir = '';
  let proxy: Twemproxy | null = null;
  beforeAll(async () => {
    const binary = nutcrackerBinary();
    if (binary === null) throw new Error('nutcracker (twemproxy) is not installed: apt-get install nutcracker (.ci/run does)');
    dir = await mkdtemp(join(tmpdir(), 'rbench-twemproxy-'));
    const port = await findFreePort();
    const config = [
      'rbench:',
      `  listen: 127.0.0.1:${port}`,
      '  hash: fnv1a_64',
      '  distribution: ketama',
      '  redis: true',
      '  auto_eject_hosts: false',
      '  servers:',
      `   - 127.0.0.1:${backendPort()}:1`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'nutcracker.yml'), config);
    child = spawn(binary, ['-c', join(dir, 'nutcracker.yml'), '-o', join(dir, 'nutcracker.log'), '-s', String(await findFreePort())], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
    proxy = { port, url: `redis://127.0.0.1:${port}` };
  }, 20_000);
  afterAll(async () => {
    if (child !== null && child.exitCode === null) {
      const gone = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (proxy === null) throw new Error('useTwemproxy(): not started yet (use it inside a test)');
    return proxy;
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`twemproxy did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
