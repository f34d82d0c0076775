import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from '../../helpers/wait.js';
import { Connection, type ConnectionState, type StateInfo } from '../../../src/client/connection.js';
import { isTransportKind } from '../../../src/client/error-kinds.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { findFreePort, startLocalServer, type LocalServer } from '../../../src/topology/local-server.js';
import { asString } from '../../../src/resp/values.js';
import { connectTo } from '../../helpers/redis.js';

const SECRET = 'kill-SECRET-pw';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function track(server: LocalServer): LocalServer {
  cleanups.push(() => server.stop());
  return server;
}

/** Captures everything written to the console and to stdout/stderr while `fn` runs. */
async function captureOutput(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
  );
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    await fn();
  } finally {
    for (const s of [...spies, out, err]) s.mockRestore();
  }
  return lines.join('\n');
}

describe('server killed while commands are in flight', () => {
  it('fails them with a transport kind, reconnects when the server is back, and never shows the password', async () => {
    const stateLog: string[] = [];
    const replies: Array<[number, string | null]> = [];
    let conn: Connection | undefined;
    const first = track(await startLocalServer({ password: SECRET, extraArgs: ['--enable-debug-command', 'yes'] }));
    const output = await captureOutput(async () => {
      conn = await connectTo(first, {
        auth: { password: SECRET },
        reconnect: { initialMs: 20, maxMs: 200 },
        onStateChange: (s: ConnectionState, i: StateInfo) => stateLog.push(`${s} ${i.kind ?? '-'} ${i.message ?? ''}`),
      });
      cleanups.push(() => conn!.close());
      conn.setReplyHandler((tag, _i, _s, _n, kind) => replies.push([tag, kind]));
      // DEBUG SLEEP holds the replies back, so commands are surely in flight when the server dies.
      conn.encoder.command(3).arg('DEBUG').arg('SLEEP').arg('5');
      conn.enqueue(0, 0);
      for (let i = 1; i <= 100; i++) {
        conn.encoder.command(2).arg('INCR').arg('c');
        conn.enqueue(i, 0);
      }
      conn.flush();
      await new Promise((r) => setTimeout(r, 50));
      await first.kill('SIGKILL');
      await until(() => replies.length === 101);
      expect(replies.map(([t]) => t)).toEqual(Array.from({ length: 101 }, (_, i) => i));
      const kinds = new Set(replies.map(([, k]) => k));
      for (const k of kinds) expect(k !== null && isTransportKind(k)).toBe(true);
      await until(() => conn!.state === 'down' || conn!.state === 'connecting');

      // While down: commands fail at once (next turn) instead of piling up.
      expect(conn.canSend).toBe(false);
      conn.encoder.command(1).arg('PING');
      conn.enqueue(500, 0);
      conn.flush();
      await until(() => replies.length === 102);
      expect(replies[101]![0]).toBe(500);
      expect(isTransportKind(replies[101]![1] ?? '')).toBe(true);
      await expect(conn.call(['PING'])).rejects.toMatchObject({ name: 'ConnectionError' });

      // Let a few reconnect attempts fail, then bring a server back on the same port.
      await new Promise((r) => setTimeout(r, 150));
      track(await startLocalServer({ port: first.port, password: SECRET }));
      await until(() => conn!.state === 'ready');
      expect(asString(await conn.call(['PING']))).toBe('PONG');
      const before = replies.length;
      conn.encoder.command(2).arg('INCR').arg('c');
      conn.enqueue(1000, 0);
      conn.flush();
      await until(() => replies.length === before + 1);
      expect(replies.at(-1)).toEqual([1000, null]);
      expect(asString(await conn.call(['GET', 'c']))).toBe('1'); // a fresh server saw only the INCR above
    });
    expect(stateLog.some((l) => l.startsWith('down'))).toBe(true);
    expect(stateLog.filter((l) => l.startsWith('ready')).length).toBeGreaterThanOrEqual(2);
    expect(stateLog.join('\n')).not.toContain(SECRET);
    expect(output).not.toContain(SECRET);
  });
});

describe('connect failures', () => {
  it('nothing listening: rejects with kind "refused", a redacted URL and a hint', async () => {
    const port = await findFreePort();
    const target = parseTarget(`redis://u:${SECRET}@127.0.0.1:${port}`) as StandaloneTarget;
    const error = await Connection.open({ target }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', kind: 'refused' });
    expect((error as Error).message).toContain(`redis://u:***@127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as { hint?: string }).hint).toMatch(/--target|--local/);
  });

  it('a server that accepts but never answers: connect times out', async () => {
    const silent = await fakeServer(() => undefined);
    const target = parseTarget(`redis://127.0.0.1:${silent.port}`) as StandaloneTarget;
    const started = Date.now();
    await expect(Connection.open({ target, connectTimeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('command timeout', () => {
  it('a stopped server fails in-flight commands with "timeout" and the connection comes back after SIGCONT', async () => {
    const server = track(await startLocalServer());
    const kinds: Array<string | null> = [];
    const conn = await connectTo(server, { commandTimeoutMs: 200, reconnect: { initialMs: 20, maxMs: 100 } });
    cleanups.push(() => conn.close());
    conn.setReplyHandler((_t, _i, _s, _n, kind) => kinds.push(kind));
    await server.kill('SIGSTOP');
    for (let i = 0; i < 5; i++) {
      conn.encoder.command(1).arg('PING');
      conn.enqueue(i, 0);
    }
    conn.flush();
    await until(() => kinds.length === 5, 3000);
    expect(kinds).toEqual(Array(5).fill('timeout'));
    await server.kill('SIGCONT');
    await until(() => conn.state === 'ready', 5000);
    expect(asString(await conn.call(['PING']))).toBe('PONG');
  });
});

describe('command timeout timer', () => {
  it('is one timer while the connection is up, however often its queue empties', async () => {
    const server = track(await startLocalServer());
    // 40 ms: the check runs every 10 ms, so each 30 ms pause below finds the queue empty.
    const conn = await connectTo(server, { commandTimeoutMs: 40 });
    cleanups.push(() => conn.close());
    const intervals = vi.spyOn(globalThis, 'setInterval');
    try {
      for (let i = 0; i < 5; i++) {
        expect(asString(await conn.call(['PING']))).toBe('PONG');
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      // Stopped on an empty queue and started at the next flush, it was one timer per command.
      expect(intervals.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      intervals.mockRestore();
    }
  });
});

describe('a lost socket', () => {
  it('refuses a command sent while its commands are being failed, and the reconnect handshake still gets its reply', async () => {
    // Answers the handshake and PING; hangs up on DROP.
    const fake = await fakeServer((socket, data) => {
      if (data.includes('DROP')) return void socket.destroy();
      const replies = (data.match(/\*/g) ?? []).length;
      socket.write('+OK\r\n'.repeat(replies));
    });
    const target = parseTarget(`redis://127.0.0.1:${fake.port}`) as StandaloneTarget;
    const conn = await Connection.open({ target, clientName: 'x', reconnect: { initialMs: 10, maxMs: 20 }, connectTimeoutMs: 2000 });
    cleanups.push(() => conn.close());
    let duringFailure: Promise<unknown> | null = null;
    conn.setReplyHandler((_tag, _i, _s, _n, kind) => {
      // What a cluster router's refresh did here: the state still says 'ready'.
      if (kind !== null && duringFailure === null) duringFailure = conn.call(['PING']).then(() => 'answered', (e: unknown) => String(e));
    });
    conn.encoder.command(1).arg('DROP');
    conn.enqueue(0, 0);
    conn.flush();
    await until(() => duringFailure !== null, 3000);
    expect(await duringFailure).toMatch(/not connected/);
    // Before the fix that PING stayed queued for no socket and took the handshake's +OK: the
    // reconnect timed out, again and again.
    await until(() => conn.state === 'ready', 3000);
    expect(asString(await conn.call(['PING']))).toBe('OK');
  });
});

describe('protocol errors (fake server)', () => {
  it('bytes that are not RESP fail in-flight commands with "protocol"', async () => {
    const fake = await fakeServer((socket, data) => {
      if (data.includes('PING')) socket.write('?garbage\r\n');
    });
    const target = parseTarget(`redis://127.0.0.1:${fake.port}`) as StandaloneTarget;
    const conn = await Connection.open({ target, clientName: null, reconnect: false });
    cleanups.push(() => conn.close());
    const kinds: Array<string | null> = [];
    conn.setReplyHandler((_t, _i, _s, _n, kind) => kinds.push(kind));
    conn.encoder.command(1).arg('PING');
    conn.enqueue(1, 0);
    conn.flush();
    await until(() => kinds.length === 1);
    expect(kinds).toEqual(['protocol']);
    expect(conn.state).toBe('down');
  });

  it('a reply to no command is a protocol error', async () => {
    const fake = await fakeServer((socket) => socket.write('+OK\r\n+EXTRA\r\n'));
    const target = parseTarget(`redis://127.0.0.1:${fake.port}`) as StandaloneTarget;
    const states: string[] = [];
    const conn = await Connection.open({ target, clientName: null, reconnect: false, onStateChange: (s, i) => states.push(`${s}:${i.kind ?? ''}`) });
    cleanups.push(() => conn.close());
    await conn.call(['PING']).catch(() => undefined);
    await until(() => conn.state === 'down');
    expect(states).toContain('down:protocol');
  });
});

/** An in-process TCP server for faults a real Redis will not produce on demand. */
async function fakeServer(onData: (socket: Socket, data: string) => void): Promise<{ port: number }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => onData(socket, d.toString('latin1')));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: typeof address === 'object' && address !== null ? address.port : 0 };
}
