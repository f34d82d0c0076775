/**
 * Every runtime failure prints one line on stderr, even with --quiet (#15 item 8): a run whose
 * workers could not connect used to end with exit 1 and no word at all under --quiet.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
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
let relay: Server;
let relayPort = 0;
beforeAll(async () => {
  let closedOnce = false;
  relay = createServer((client: Socket) => {
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
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

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
});
