/**
 * `rbench clean` and `--cleanup` delete exactly the scenario's keys (in every database it writes
 * to: keys.yml MOVEs keys to db 1), never another key; the reset before each phase uses the same
 * routine. A scenario whose keys would be bare numbers is refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/client/connection.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { targetFor, useRedis } from '../helpers/redis.js';

requireBuiltCli();
const tmp = useTempDir();
const server = useRedis();

async function keysIn(db: number): Promise<string[]> {
  const conn = await Connection.open({ target: targetFor(server(), { db }), reconnect: false });
  try {
    const reply = (await conn.call(['KEYS', '*'])) as Buffer[];
    return reply.map((k) => k.toString()).sort();
  } finally {
    await conn.close();
  }
}

async function setKeys(db: number, keys: string[]): Promise<void> {
  const conn = await Connection.open({ target: targetFor(server(), { db }), reconnect: false });
  try {
    for (const k of keys) await conn.call(['SET', k, 'keep']);
  } finally {
    await conn.close();
  }
}

// Keys that are not the scenario's, though some look close: they must survive every clean.
const FOREIGN = ['rbench:keys:notanumber', 'rbench:keys-other:1', 'other', '42', 'rbench:keys:small:7:x'];

describe('rbench clean', () => {
  it("deletes the scenario's keys in db 0 and db 1 and nothing else", async () => {
    await setKeys(0, FOREIGN);
    await setKeys(1, FOREIGN);
    const run = await runCli(['run', 'scenarios/keys.yml', '--target', server().url, '--duration', '1s', '--connections', '4', '--quiet', '--out', join(tmp(), 'keys.json')]);
    expect(run.code, describeRun(run)).toBe(0);
    const before0 = await keysIn(0);
    const before1 = await keysIn(1);
    expect(before0.length).toBeGreaterThan(1000);
    expect(before1.some((k) => k.startsWith('rbench:keys:moved:'))).toBe(true);

    const clean = await runCli(['clean', 'scenarios/keys.yml', '--target', server().url]);
    expect(clean.code, describeRun(clean)).toBe(0);
    const deleted = Number(/deleted (\d+) keys/.exec(clean.stdout)?.[1]);
    expect(deleted).toBe(before0.length - FOREIGN.length + before1.length - FOREIGN.length);
    expect(await keysIn(0)).toEqual([...FOREIGN].sort());
    expect(await keysIn(1)).toEqual([...FOREIGN].sort());
  }, 60_000);

  it('--cleanup deletes what the run wrote; the reset before a phase deletes what the last run left', async () => {
    const first = join(tmp(), 'first.json');
    const a = await runCli(['run', '--name', 'cleanup', '--command', 'SET {key} {value}', '--keys', '500', '--duration', '1s', '--connections', '2', '--target', server().url, '--quiet', '--out', first]);
    expect(a.code, describeRun(a)).toBe(0);
    const written = (await keysIn(0)).filter((k) => k.startsWith('rbench:cleanup:'));
    expect(written.length).toBeGreaterThan(100);
    const second = join(tmp(), 'second.json');
    const b = await runCli(['run', '--name', 'cleanup', '--command', 'SET {key} {value}', '--keys', '500', '--duration', '1s', '--connections', '2', '--target', server().url, '--out', second, '--cleanup']);
    expect(b.code, describeRun(b)).toBe(0);
    expect((await readReport(second)).phases[0]!.reset!.keysDeleted).toBe(written.length);
    expect(b.stderr).toMatch(/cleanup: deleted \d+ keys of the scenario/);
    expect((await keysIn(0)).filter((k) => k.startsWith('rbench:cleanup:'))).toEqual([]);
  }, 60_000);

  it('refuses a scenario with an empty prefix, and a clean without a named server', async () => {
    const file = join(tmp(), 'bare.yml');
    await writeFile(file, 'name: bare\nkeyspace: { prefix: "", keys: 10 }\nmix:\n  - { command: "SET {key} {value}" }\n');
    const clean = await runCli(['clean', file, '--target', server().url]);
    expect(clean.code).toBe(2);
    expect(clean.stderr).toMatch(/empty prefix/);
    expect(hasStackTrace(clean.stderr)).toBe(false);
    const reset = await runCli(['run', file, '--target', server().url, '--reset', 'setup', '--duration', '1s', '--quiet']);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toMatch(/empty prefix.*\n.*--reset none/);
    // Left to its default, the reset is off for such a scenario (nothing is deleted).
    const plain = await runCli(['run', file, '--target', server().url, '--duration', '1s', '--quiet', '--out', join(tmp(), 'bare.json')]);
    expect(plain.code, describeRun(plain)).toBe(0);
    expect((await readReport(join(tmp(), 'bare.json'))).phases[0]!.reset).toBeNull();
    expect(await keysIn(0)).toContain('42');
    const unnamed = await runCli(['clean', 'scenarios/keys.yml']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/needs the server to clean named/);
  }, 60_000);
});
