/**
 * A setup step without a count fills every key of the key space its first `{key}` names, once,
 * whether that is the main key space or a named one, and however many workers share the work.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asString } from '../../../src/resp/values.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

async function keysMatching(pattern: string): Promise<number> {
  const conn = await connectTo(server());
  try {
    let cursor = '0';
    let n = 0;
    do {
      const reply = (await conn.call(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000'])) as unknown[];
      cursor = asString(reply[0] as never) ?? '0';
      n += (reply[1] as unknown[]).length;
    } while (cursor !== '0');
    return n;
  } finally {
    await conn.close();
  }
}

describe('setup steps without a count', () => {
  it('fill every key of a named key space and of the main one, with two workers', async () => {
    const scenario = join(tmp(), 'fill.yml');
    await writeFile(
      scenario,
      [
        'name: setup-fill',
        'requests: 200',
        'connections: 4',
        'pipeline: [1]',
        'keyspace: { prefix: "fill:main:", keys: 700 }',
        'keyspaces:',
        '  users: { prefix: "fill:user:", keys: 1500 }',
        'setup:',
        '  - { command: "HSET {key:users} name {value}" }',
        '  - { command: "SET {key} {value}" }',
        'mix:',
        '  - { command: "HGET {key:users} name" }',
        '',
      ].join('\n'),
    );
    const out = join(tmp(), 'fill.json');
    const result = await runCli(['run', scenario, '--target', server().url, '--workers', '2', '--quiet', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(await keysMatching('fill:user:*')).toBe(1500);
    expect(await keysMatching('fill:main:*')).toBe(700);
    // Every HGET then finds its hash: no misses.
    const report = await readReport(out);
    expect(report.phases[0]!.totals.nulls).toBe(0);
  });
});
