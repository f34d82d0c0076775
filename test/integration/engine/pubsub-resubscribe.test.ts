/**
 * Subscribers survive a lost connection: when the server drops them mid-run (CLIENT KILL, as a
 * restart or a failover would), they reconnect and subscribe again, and deliveries go on.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { asString } from '../../../src/resp/values.js';
import { describeRun, readReport, requireBuiltCli, spawnCli, useTempDir } from '../../helpers/cli.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

describe('pub/sub subscribers', () => {
  it('subscribe again after the server kills their connections, and keep receiving', async () => {
    const scenario = join(tmp(), 'pubsub.yml');
    await writeFile(
      scenario,
      [
        'name: resubscribe',
        'duration: 5s',
        'connections: 2',
        'pipeline: [1]',
        'rate: 1k/s',
        'data: { size: 32 }',
        'subscribers: { connections: 2, channels: "news" }',
        'mix:',
        '  - { name: publish, command: "PUBLISH news {value}" }',
        '',
      ].join('\n'),
    );
    const out = join(tmp(), 'pubsub.json');
    const running = spawnCli(['run', scenario, '--target', server().url, '--workers', '1', '--quiet', '--out', out]);

    const control = await connectTo(server());
    let killed = 0;
    try {
      // Once a second's worth of messages has gone out, drop every subscriber connection.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && publishCalls(asString(await control.call(['INFO', 'commandstats'])) ?? '') < 1000) await sleep(50);
      killed = Number(await control.call(['CLIENT', 'KILL', 'TYPE', 'pubsub']));
    } finally {
      await control.close();
    }
    const result = await running.done;
    expect(result.code, describeRun(result)).toBe(0);
    expect(killed).toBe(2);

    const report = await readReport(out);
    const phase = report.phases[0]!;
    const published = phase.commands.publish!.ops;
    expect(published).toBeGreaterThan(3000);
    // Two subscribers each get every message. Without subscribing again, deliveries would stop at
    // the kill (about a fifth of the run); with it, only the reconnect gap (~50 ms) is missed.
    expect(phase.pubsub!.delivered).toBeGreaterThan(0.8 * 2 * published);
  });
});

function publishCalls(info: string): number {
  return Number(/cmdstat_publish:calls=(\d+)/.exec(info)?.[1] ?? 0);
}
