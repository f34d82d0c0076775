import { createConnection, createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFreePort, startLocalServer } from '../../../src/topology/local-server.js';
import { RuntimeError } from '../../../src/shared/errors.js';

function rawPing(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('error', reject);
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString());
    });
  });
}

describe('startLocalServer', () => {
  it('starts on a free port, answers PING, and stop() removes its directory and frees the port', async () => {
    const server = await startLocalServer();
    expect(server.port).toBeGreaterThan(1024);
    expect(server.port).not.toBe(6379);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(existsSync(server.dir)).toBe(true);
    expect(await rawPing(server.port)).toBe('+PONG\r\n');
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    await expect(rawPing(server.port)).rejects.toThrow(/ECONNREFUSED/);
    await server.stop(); // twice is fine
  });

  it('restarts on the same port after a SIGKILL', async () => {
    const first = await startLocalServer();
    await first.kill('SIGKILL');
    await expect(rawPing(first.port)).rejects.toThrow(/ECONNREFUSED/);
    const second = await startLocalServer({ port: first.port });
    try {
      expect(second.pid).not.toBe(first.pid);
      expect(await rawPing(second.port)).toBe('+PONG\r\n');
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('reports a server that cannot start, with its log lines and without the password', async () => {
    const error = await startLocalServer({ password: 'pw-SECRET-1', extraArgs: ['--no-such-option', 'x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    const message = (error as RuntimeError).message;
    expect(message).toMatch(/did not start/);
    expect(message).toMatch(/no-such-option/i);
    expect(message).not.toContain('pw-SECRET-1');
  });

  it('says the port is in use, with the log line, also for a detached server (whose log is a file)', async () => {
    const port = await findFreePort();
    // It hangs up on every connection, as a service that is not Redis may: no PONG, no hang either.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      for (const detached of [false, true]) {
        const error = await startLocalServer({ port, detached }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RuntimeError);
        // This is what lets a start on a port picked by rbench retry on another one; for a detached
        // server the log file was read after its directory had been removed, so it never did.
        expect((error as RuntimeError).message).toMatch(/address in use/);
        expect((error as RuntimeError).message).toMatch(/Address already in use/);
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('explains how to get redis-server when the binary is missing', async () => {
    const error = await startLocalServer({ binary: 'redis-server-that-does-not-exist' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).hint).toMatch(/apt-get install redis-server/);
    expect((error as RuntimeError).hint).toMatch(/--target/);
  });

  it('opens a unix socket when asked', async () => {
    const server = await startLocalServer({ unixSocket: true });
    try {
      expect(server.unixSocketPath).toMatch(/redis\.sock$/);
      expect(existsSync(server.unixSocketPath!)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('findFreePort gives a port that can be bound', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});
