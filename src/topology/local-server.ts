/**
 * Throwaway redis-server processes for tests and `--local` runs: each in its own temp
 * directory, without persistence, on a free port of 127.0.0.1, stopped and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Socket, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { RuntimeError } from '../shared/errors.js';
import { scrubSecrets } from '../client/redact.js';
import { reapOnExit } from './child-reaper.js';
import { findFreePort } from './free-port.js';

export { findFreePort } from './free-port.js';

export interface AclUser {
  name: string;
  password: string;
}

export interface LocalServerOptions {
  /** Port to listen on; a free one when absent. Give the old port to restart "the same" server. */
  port?: number;
  /** `requirepass`: the password of the default user. */
  password?: string;
  /** ACL users created at start, each with all permissions on all keys and channels. */
  aclUsers?: AclUser[];
  /** More arguments for redis-server, e.g. ['--maxmemory', '10mb']. */
  extraArgs?: string[];
  /** Also listen on a unix socket inside the server's directory. */
  unixSocket?: boolean;
  /** How long to wait for the first PONG. Default 10 s. */
  startTimeoutMs?: number;
  /** Binary to run. Default `redis-server` from PATH. */
  binary?: string;
  /** A config file written into the server's directory and given first (a sentinel needs one it can rewrite). */
  configText?: string;
  /** Start as a Sentinel (`redis-server CONF --sentinel`); needs configText. */
  sentinel?: boolean;
  /** Outlive this process (`rbench local up`): logs go to DIR/redis.log and nothing stops it at exit. */
  detached?: boolean;
}

export interface LocalServer {
  readonly host: string;
  readonly port: number;
  /** redis://host:port, without credentials (add them yourself; this string gets printed). */
  readonly url: string;
  /** Path of the unix socket when `unixSocket` was asked for. */
  readonly unixSocketPath?: string;
  /** The server's working directory (removed by stop()). */
  readonly dir: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after a timeout; removes the directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Sends a signal; resolves once the process exited for terminating signals, at once for SIGSTOP/SIGCONT. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The server's last log lines (password-free), for error messages. */
  logTail(): string;
}

const HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 5000;
const LOG_LINES_KEPT = 40;

/** Starts a redis-server from PATH and waits until it answers PING. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const binary = options.binary ?? 'redis-server';
  if (!binaryExists(binary)) {
    throw new RuntimeError(
      `cannot start a local Redis: "${binary}" is not on PATH`,
      'install it (e.g. apt-get install redis-server) or pass --target to use a running server',
    );
  }
  // When the port was picked by us, another process may grab it between the pick and the
  // bind; try a few fresh ports before giving up. A port the caller chose is tried once.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(binary, options.port ?? (await findFreePort()), options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError instanceof PortInUseError ? lastError.asRuntimeError() : lastError;
}

class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly tail: string,
  ) {
    super(`port ${port} is in use`);
  }
  asRuntimeError(): RuntimeError {
    return new RuntimeError(`local redis-server could not listen on ${HOST}:${this.port}: address in use\n${this.tail}`, 'pick another port');
  }
}

async function startOnce(binary: string, port: number, options: LocalServerOptions): Promise<LocalServer> {
  const dir = await mkdtemp(join(tmpdir(), 'rbench-redis-'));
  const unixSocketPath = options.unixSocket === true ? join(dir, 'redis.sock') : undefined;
  const args: string[] = [];
  if (options.configText !== undefined) {
    const configPath = join(dir, options.sentinel === true ? 'sentinel.conf' : 'redis.conf');
    await writeFile(configPath, options.configText, { mode: 0o600 });
    args.push(configPath);
    if (options.sentinel === true) args.push('--sentinel');
  }
  args.push('--port', String(port), '--bind', HOST, '--dir', dir, '--daemonize', 'no');
  if (options.sentinel !== true) args.push('--save', '', '--appendonly', 'no');
  const logFile = join(dir, 'redis.log');
  if (options.detached === true) args.push('--logfile', logFile);
  if (unixSocketPath !== undefined) args.push('--unixsocket', unixSocketPath, '--unixsocketperm', '700');
  if (options.password !== undefined) args.push('--requirepass', options.password);
  for (const user of options.aclUsers ?? []) args.push('--user', user.name, 'on', `>${user.password}`, '~*', '&*', '+@all');
  args.push(...(options.extraArgs ?? []));

  const secrets = [options.password, ...(options.aclUsers ?? []).map((u) => u.password)];
  const log: string[] = [];
  const child = spawn(binary, args, options.detached === true ? { stdio: 'ignore', detached: true } : { stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.detached === true) child.unref();
  else reapOnExit(child);
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      log.push(scrubSecrets(line, secrets));
      if (log.length > LOG_LINES_KEPT) log.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logTail = (): string => (options.detached === true ? fileTail(logFile, secrets) : log.slice(-15).join('\n'));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      await terminate(child, exited);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForPing(port, child, exited, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    // Read the log before stop(): a detached server's log is a file in the directory stop() removes.
    const tail = logTail();
    await stop();
    if (/address already in use/i.test(tail)) throw new PortInUseError(port, tail);
    const why = error instanceof Error ? error.message : String(error);
    throw new RuntimeError(`local redis-server on port ${port} did not start: ${why}\nlast log lines:\n${tail}`, 'check the arguments and the log lines above');
  }

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT' || signal === 'SIGTSTP') return;
    await exited;
  };

  return {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    ...(unixSocketPath === undefined ? {} : { unixSocketPath }),
    dir,
    pid: child.pid ?? -1,
    stop,
    kill,
    logTail,
  };
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // A stopped (SIGSTOP) process cannot handle SIGTERM until continued.
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls with an inline PING until the server answers; NOAUTH counts as alive. */
async function waitForPing(port: number, child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`the process exited (code ${child.exitCode ?? child.signalCode})`);
    if (await pingOnce(port)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no PONG within ${timeoutMs} ms`);
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = createConnection({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    // Something else on the port may close the connection without a word: not a PONG either.
    socket.once('close', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

function fileTail(path: string, secrets: (string | undefined)[]): string {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return scrubSecrets(lines.slice(-15).join('\n'), secrets);
  } catch {
    return '';
  }
}

function binaryExists(binary: string): boolean {
  if (binary.includes('/')) return existsSync(binary);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}
