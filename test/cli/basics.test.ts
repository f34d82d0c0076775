/** The CLI's surface: version, help, bad input, ping, and the scenario tools (validate, schema). */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/topology/local-server.js';
import { REPO_ROOT, describeRun, hasStackTrace, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();

describe('rbench --version and --help', () => {
  it('prints the package.json version', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('lists the commands', async () => {
    const result = await runCli(['--help']);
    expect(result.code, describeRun(result)).toBe(0);
    for (const command of ['run', 'validate', 'schema', 'ping']) expect(result.stdout).toMatch(new RegExp(`rbench ${command}\\b`));
  });

  it.each([
    ['an unknown command', ['frobnicate'], 'Unknown argument: frobnicate'],
    ['an unknown flag', ['run', '--frobnicate', '--local'], 'Unknown argument: --frobnicate'],
    ['an unknown negated flag', ['ping', '--no-such-flag'], 'Unknown argument: --no-such-flag'],
    ['two unknown flags', ['ping', '--bogus-flag=3', '--other-flag'], 'Unknown arguments: --bogus-flag, --other-flag'],
  ])('exits 2 on %s, with a message and no stack trace', async (_what, args, message) => {
    const result = await runCli(args);
    expect(result.code, describeRun(result)).toBe(2);
    // Named once, as typed (yargs alone says "bogus-flag, bogusFlag").
    expect(result.stderr.split('\n')[0]).toBe(`rbench: ${message}`);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(hasStackTrace(result.stdout)).toBe(false);
  });
});

describe('rbench ping', () => {
  it('prints the version, role and mode of a --target server', async () => {
    const result = await runCli(['ping', '--target', `redis://127.0.0.1:${server().port}`]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/redis 7\.\d+\.\d+/);
    expect(result.stdout).toMatch(/role:\s+master/);
    expect(result.stdout).toMatch(/mode:\s+standalone/);
    expect(result.stdout).toMatch(/latency:\s+[\d.]+ ?(us|ms|s) median, [\d.]+ ?(us|ms|s) best \(\d+ PINGs\)/);
  });

  it('starts a throwaway server with --local and says so on stderr', async () => {
    const result = await runCli(['ping', '--local']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/server:\s+redis \d+\.\d+\.\d+/);
    expect(result.stderr).toMatch(/started a throwaway redis-server/);
    expect(result.stdout).not.toMatch(/started a throwaway/);
  });

  it('exits 1 with a hint when nothing listens at the target', async () => {
    const port = await findFreePort();
    const result = await runCli(['ping', '--target', `redis://127.0.0.1:${port}`]);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${port}`);
    expect(result.stderr).toMatch(/hint: .*--local/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

const BROKEN = `name: broken
duration: 1s
pipline: 4
mix:
  - { command: "GET {key}" }
`;

describe('rbench validate, schema and a broken scenario', () => {
  it('accepts every bundled scenario', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(join(REPO_ROOT, 'scenarios'))).filter((f) => f.endsWith('.yml')).map((f) => `scenarios/${f}`);
    expect(files.length).toBeGreaterThan(0);
    const result = await runCli(['validate', ...files]);
    expect(result.code, describeRun(result)).toBe(0);
    for (const file of files) expect(result.stdout + result.stderr).toContain(file);
  });

  it('rejects a broken file with file:line:col and exit 2', async () => {
    const file = join(tmp(), 'broken.yml');
    await writeFile(file, BROKEN);
    const result = await runCli(['validate', file]);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(`${file}:3:1:`);
    expect(result.stderr).toMatch(/pipline/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('refuses to run a broken file (exit 2) before connecting to anything', async () => {
    const file = join(tmp(), 'broken-run.yml');
    await writeFile(file, BROKEN);
    const result = await runCli(['run', file, '--local', '--quiet', '--out', join(tmp(), 'never.json')]);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(`${file}:3:1:`);
    // --local would have started a server and said so: it must not get that far.
    expect(result.stderr).not.toMatch(/started a throwaway/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(tmp(), 'never.json'))).toBe(false);
  });

  it('prints the JSON Schema that is checked in', async () => {
    const result = await runCli(['schema']);
    expect(result.code, describeRun(result)).toBe(0);
    const expected = JSON.parse(await readFile(join(REPO_ROOT, 'schema/scenario.schema.json'), 'utf8')) as unknown;
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });
});
