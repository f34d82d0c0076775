/**
 * Servers that are not a plain redis-server (#15 items 12-14): twemproxy, a server that refuses
 * INFO/COMMAND/CONFIG/CLIENT/HELLO, a server at its maxclients, and one whose COMMAND INFO is
 * wrong. rbench runs against each, says what it could not learn, and never loops on reconnects.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';
import { useTwemproxy } from '../helpers/twemproxy.js';

requireBuiltCli();
const tmp = useTempDir();
const backend = useRedis();
const proxy = useTwemproxy(() => backend().port);
// A managed-service-like server: the admin and introspection commands are gone.
const minimal = useRedis({ extraArgs: ['INFO', 'COMMAND', 'CONFIG', 'CLIENT', 'HELLO'].flatMap((c) => ['--rename-command', c, '']) });
const full = useRedis({ extraArgs: ['--maxclients', '10'] });
// At maxclients 10 and CONFIG renamed: rbench cannot know the limit before it connects.
const fullNoConfig = useRedis({ extraArgs: ['--maxclients', '10', '--rename-command', 'CONFIG', ''] });

function redisCli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
}

function inlineRun(url: string, out: string, extra: string[] = []): string[] {
  return ['run', '--target', url, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--duration', '2s', '--connections', '4', '--workers', '1', '--warmup', '0s', '--quiet', '--out', out, ...extra];
}

describe('through twemproxy', () => {
  it('ping answers, saying what the proxy would not tell', async () => {
    const result = await runCli(['ping', '--target', proxy().url]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/server: +unknown/);
    expect(result.stdout).toMatch(/latency: .* median/);
    expect(result.stdout).toMatch(/unknown: server version and mode \(INFO made the server close the connection\)/);
  });

  it('runs the load through the proxy, with one warning for the skipped command check', async () => {
    const out = join(tmp(), 'twemproxy.json');
    const result = await runCli(inlineRun(proxy().url, out));
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(100);
    expect(report.phases[0]!.totals.errors).toEqual({});
    expect(report.target.serverVersion).toBeNull();
    expect(report.warnings.filter((w) => w.startsWith('server-side command check skipped'))).toHaveLength(1);
    expect(report.warnings.join('\n')).toContain('load connections go unnamed');
    // The writes really went through the proxy to the server behind it.
    expect(Number(redisCli(backend().port, 'DBSIZE'))).toBeGreaterThan(0);
  });
});

describe('a server without INFO, COMMAND, CONFIG, CLIENT and HELLO', () => {
  it('ping and run work and name what could not be learnt', async () => {
    const ping = await runCli(['ping', '--target', minimal().url]);
    expect(ping.code, describeRun(ping)).toBe(0);
    expect(ping.stdout).toContain("INFO refused: ERR unknown command 'INFO'");
    expect(ping.stdout).toContain('maxclients (CONFIG refused');
    const out = join(tmp(), 'minimal.json');
    const result = await runCli(inlineRun(minimal().url, out));
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(100);
    expect(report.phases[0]!.totals.errors).toEqual({});
    expect(report.warnings.join('\n')).toMatch(/command check skipped: the server's command table \(COMMAND refused/);
  });
});

describe('maxclients', () => {
  it('more connections than maxclients are refused before any load (exit 2)', async () => {
    const result = await runCli(inlineRun(full().url, join(tmp(), 'full.json'), ['--connections', '30']));
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(`the run needs 30 connections, but ${full().url} allows 10 (maxclients)`);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("unknown up front: the run holds what it can, shows the server's words, and backs off", async () => {
    const before = Number(/rejected_connections:(\d+)/.exec(redisCli(fullNoConfig().port, 'INFO', 'stats'))![1]);
    const out = join(tmp(), 'full-no-config.json');
    const result = await runCli(inlineRun(fullNoConfig().url, out, ['--connections', '30', '--duration', '3s']));
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    const held = report.warnings.find((w) => w.startsWith('held '));
    expect(held, report.warnings.join('\n')).toMatch(/^held \d+ of 30 connections at start \(.*ERR max number of clients reached\); the other \d+ retry with back-off$/);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(100);
    // ~20 refused connections retrying with back-off (50 ms doubling to 2 s) over ~3 s make well
    // under 400 attempts; the old tight loop made thousands.
    const rejected = Number(/rejected_connections:(\d+)/.exec(redisCli(fullNoConfig().port, 'INFO', 'stats'))![1]) - before;
    expect(rejected).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(400);
  });
});

// A real server cannot be made to answer COMMAND INFO with nulls for commands it has; this
// in-process RESP server does, and answers the load itself (SET: +OK, GET: nil).
let fake: Server | undefined;
let fakePort = 0;
beforeAll(async () => {
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const parsed = parseCommand(pending);
        if (parsed === null) break;
        pending = pending.subarray(parsed.used);
        socket.write(fakeReply(parsed.args));
      }
    });
    socket.on('error', () => {});
  });
  fake = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fakePort = (server.address() as { port: number }).port;
});
// When an earlier beforeAll failed (nutcracker missing) this one never ran: a throw here would
// make vitest skip the other afterAll hooks, and the file's redis-servers would outlive it.
afterAll(() => new Promise<void>((resolve) => (fake === undefined ? resolve() : fake.close(() => resolve()))));

function fakeReply(args: string[]): string {
  const name = args[0]?.toUpperCase();
  if (name === 'COMMAND') return `*${args.length - 2}\r\n${'*-1\r\n'.repeat(Math.max(0, args.length - 2))}`;
  if (name === 'INFO') return bulk('# Server\r\nredis_version:7.2.0\r\nredis_mode:standalone\r\n');
  if (name === 'CONFIG') return '*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n';
  if (name === 'GET') return '$-1\r\n';
  if (name === 'PING') return '+PONG\r\n';
  if (name === 'SET' || name === 'CLIENT') return '+OK\r\n';
  return `-ERR unknown command '${args[0] ?? ''}'\r\n`;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** One RESP array of bulk strings from the front of `buf`, or null when it is not all there yet. */
function parseCommand(buf: Buffer): { args: string[]; used: number } | null {
  let at = 0;
  const line = (): string | null => {
    const end = buf.indexOf('\r\n', at);
    if (end < 0) return null;
    const text = buf.toString('utf8', at, end);
    at = end + 2;
    return text;
  };
  const head = line();
  if (head === null || !head.startsWith('*')) return null;
  const args: string[] = [];
  for (let i = 0; i < Number(head.slice(1)); i++) {
    const size = line();
    if (size === null) return null;
    const length = Number(size.slice(1));
    if (buf.length < at + length + 2) return null;
    args.push(buf.toString('utf8', at, at + length));
    at += length + 2;
  }
  return { args, used: at };
}

describe('a server whose COMMAND INFO is implausible', () => {
  it('warns and falls back to rbench\'s own table instead of refusing SET and GET', async () => {
    const out = join(tmp(), 'wrong-table.json');
    const result = await runCli(inlineRun(`redis://127.0.0.1:${fakePort}`, out, ['--duration', '1s']));
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain("the server's COMMAND INFO looks wrong (it knows none of GET, SET, DEL)");
    const report = await readReport(out);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(100);
  });

  it('--no-server-check does not ask', async () => {
    const out = join(tmp(), 'no-check.json');
    const result = await runCli(inlineRun(`redis://127.0.0.1:${fakePort}`, out, ['--duration', '1s', '--no-server-check']));
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).not.toContain('COMMAND INFO');
    // Nothing about the command table; this relay also refuses SCAN, so the reset says it was not done.
    const warnings = (await readReport(out)).warnings.join('\n');
    expect(warnings).not.toMatch(/command table|COMMAND INFO/);
    expect(warnings).toMatch(/reset not done .*SCAN/);
  });
});
