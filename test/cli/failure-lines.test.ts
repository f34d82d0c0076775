/**
 * Every runtime failure prints one line on stderr, even with --quiet (#15 item 8): a run whose
 * workers could not connect used to end with exit 1 and no word at all under --quiet.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

// A real server cannot refuse the load connections while it accepted the control connection a
// moment earlier; this relay to the real server does: after the first connection closes (the
// control connection, before the workers start), every new connection is closed at once.
function startRelay(): Promise<{ port: number; close(): Promise<void> }> {
  let closedOnce = false;
  const relay: Server = createServer((client: Socket) => {
    if (closedOnce) {
      client.destroy();
      return;
    }
    const upstream = connect(redis().port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => {
      closedOnce = true;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  return new Promise((resolve) =>
    relay.listen(0, '127.0.0.1', () =>
      resolve({ port: (relay.address() as { port: number }).port, close: () => new Promise<void>((done) => relay.close(() => done())) }),
    ),
  );
}

let relayPort = 0;
let closeRelay: () => Promise<void> = async () => {};
beforeAll(async () => {
  const relay = await startRelay();
  relayPort = relay.port;
  closeRelay = relay.close;
});
afterAll(() => closeRelay());

describe('a worker failure under --quiet', () => {
  it('prints one stderr line naming it, exits 1, and the report holds it', async () => {
    const out = join(tmp(), 'failed.json');
    const result = await runCli([
      'run', '--target', `redis://127.0.0.1:${relayPort}`, '--command', 'SET {key} {value}', '--requests', '100',
      '--connections', '2', '--workers', '1', '--warmup', '0s', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, describeRun(result)).toEqual([expect.stringMatching(/^rbench: worker 0 failed: .*127\.0\.0\.1:\d+/)]);
    expect(result.stdout).toBe('');
    const report = await readReport(out);
    expect(report.failures).toHaveLength(1);
  });

  it('ends a drill whose workers all failed with exit 1, like run and sweep', async () => {
    const relay = await startRelay();
    try {
      const scenario = join(tmp(), 'drill.yml');
      await writeFile(scenario, 'name: d\nduration: 20s\nconnections: 2\nworkers: 1\nwarmup: 0s\nmix:\n  - { command: "SET {key} {value}" }\n');
      const out = join(tmp(), 'drill-failed.json');
      const result = await runCli(['drill', scenario, '--target', `redis://127.0.0.1:${relay.port}`, '--action', 'pause-master', '--at', '10s', '--no-writer', '--quiet', '--out', out]);
      expect(result.code, describeRun(result)).toBe(1);
      expect(result.stderr, describeRun(result)).toMatch(/^rbench: worker 0 failed: .*127\.0\.0\.1:\d+/m);
      expect(result.stderr).toMatch(/^rbench: no command succeeded$/m);
      const report = await readReport(out);
      expect(report.failures).toHaveLength(1);
      expect(report.phases).toEqual([]);
    } finally {
      await relay.close();
    }
  });
});
