/**
 * Limits and validation from the outside (#15 items 7-11): sizes that would grow memory without
 * bound are refused before any load, bad flag values name the flag and echo the value, hostile
 * files (alias bombs, non-UTF-8, unreadable, huge) get one located message, and flags a scenario
 * makes meaningless are named with what wins instead. Each refusal is exit 2 with no stack trace.
 */
import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, hasStackTrace, readReport, REPO_ROOT, requireBuiltCli, runCli, useTempDir, type CliResult } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

async function dbsize(): Promise<number> {
  return Number(execFileSync('redis-cli', ['-p', String(redis().port), 'DBSIZE'], { encoding: 'utf8' }).trim());
}

/** A short inline run; a flag in `extra` replaces the default of the same name. */
function inline(extra: string[]): string[] {
  const defaults: [string, string][] = [['--requests', '200'], ['--workers', '1'], ['--warmup', '0s'], ['--out', join(tmp(), 'x.json')]];
  const given = new Set(extra.filter((a) => a.startsWith('--')));
  if (given.has('--duration')) given.add('--requests');
  const kept = defaults.filter(([flag]) => !given.has(flag)).flat();
  return ['run', '--target', redis().url, '--command', 'SET {key} {value}', '--quiet', ...kept, ...extra];
}

/** Exit 2, one message matching `pattern`, no stack trace, and nothing written to the server. */
async function expectRefused(args: string[], pattern: RegExp, options: Parameters<typeof runCli>[1] = {}): Promise<CliResult> {
  const before = await dbsize();
  const result = await runCli(args, options);
  expect(result.code, describeRun(result)).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(await dbsize()).toBe(before);
  return result;
}

describe('sizes beyond the limits are refused before any load', () => {
  it.each([
    [['--connections', '1e9'], /1000000000 connections is above the maximum of 50000/],
    [['--pipeline', '1000000000'], /pipeline 1000000000 is above the maximum of 10000/],
    [['--workers', '100000'], /100000 workers is above the maximum of 256/],
    [['--workers', String(4 * availableParallelism() + 1)], /workers on \d+ CPUs?: at most \d+ \(4 per CPU\)/],
    [['--data-size', '10gb'], /a Redis value is at most 512mb/],
  ])('%j', async (flags, pattern) => {
    await expectRefused(inline(flags), pattern);
  });

  it('warns, and still runs, with more workers than CPUs', async () => {
    const workers = availableParallelism() + 1;
    const result = await runCli(inline(['--workers', String(workers), '--connections', String(workers)]));
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain(`warning: ${workers} workers on ${availableParallelism()} CPU`);
  });

  it('names ulimit -n, the numbers and how to raise it when the sockets would not fit', async () => {
    const args = inline(['--connections', '300']);
    const result = await new Promise<CliResult>((resolve) => {
      // The limit of this child only: bash lowers it (soft and hard: Node raises the soft one to
      // the hard one at start), then becomes rbench.
      const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      execFile('bash', ['-c', `ulimit -n 200 && exec '${process.execPath}' bin/rbench ${quoted}`], { cwd: REPO_ROOT, env: { ...process.env, REDIS_URL: '' } }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, signal: null, stdout, stderr });
      });
    });
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/300 sockets need about 364 open files, but this process may open 200 \(ulimit -n\); the hard limit is 200: raise it/);
  });

  it('refuses a scenario file over 1 MB at once, without reading it all', async () => {
    const file = join(tmp(), 'huge.yml');
    await writeFile(file, `name: huge\nmix:\n${'  - command: "GET {key}"\n'.repeat(100_000)}`);
    const started = Date.now();
    const result = await runCli(['validate', file]);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(`${file}:1:1: the file is 2.4 MB; a scenario is at most 1 MB`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('flag values: exit 2 naming the flag and echoing the value', () => {
  it.each([
    [['--seed', 'abc'], '--seed needs a number, got "abc"'],
    [['--seed', '1.5'], '--seed must be a whole number of at least 0, got "1.5"'],
    [['--connections', 'abc'], '--connections needs a number, got "abc"'],
    [['--duration', '0'], '--duration must be above zero, got "0"'],
    [['--duration', '-5s'], '--duration cannot be negative, got "-5s"'],
    [['--requests', '0'], '--requests must be above zero, got "0"'],
    [['--runs', 'x'], '--runs needs a number, got "x"'],
  ])('%j', async (flags, message) => {
    const result = await expectRefused(inline(flags), new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(result.stderr).not.toContain('Unknown argument');
  });

  // Only the port of the test server: were the host still filled in as 127.0.0.1, the load would
  // go there and not to a system Redis. (redis:// and cluster:// alone: see target-url.test.ts.)
  it('--target redis://:PORT (no host)', async () => {
    await expectRefused(['run', '--target', `redis://:${redis().port}`, '--command', 'SET {key} {value}', '--requests', '10'], /the host is missing before ":\d+"/);
  });

  it('keeps the seed given on the command line in the report', async () => {
    const out = join(tmp(), 'seeded.json');
    const result = await runCli(inline(['--seed', '42', '--out', out]));
    expect(result.code, describeRun(result)).toBe(0);
    expect((await readReport(out)).plan).toMatchObject({ seed: 42 });
  });
});

describe('hostile scenario files', () => {
  it('an alias bomb is file:line:col: too many aliases, exit 2', async () => {
    const result = await runCli(['validate', 'test/fixtures/scenarios/broken/51-alias-bomb.yml']);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain('51-alias-bomb.yml:3:8: too many aliases');
    expect(result.stderr).not.toContain('internal error');
  });

  it('non-UTF-8 bytes are refused with their line and column', async () => {
    const result = await runCli(['run', 'test/fixtures/scenarios/broken/52-not-utf8.yml', '--target', redis().url]);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain('52-not-utf8.yml:3:28: byte 0xe9 is not valid UTF-8');
  });

  it('a file that may not be read says "permission denied", not "no such file"', async () => {
    const file = join(tmp(), 'secret.yml');
    await writeFile(file, 'name: s\nmix:\n  - command: "GET {key}"\n');
    await chmod(file, 0o000);
    await chmod(tmp(), 0o755);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = await runCli(['validate', file], asNobody);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(`${file}:1:1: cannot read the scenario: permission denied`);
  });
});

describe('flags a scenario file makes meaningless', () => {
  it('warns naming the part of the scenario that wins', async () => {
    const file = join(tmp(), 'own-sizes.yml');
    await writeFile(file, 'name: own-sizes\nrequests: 200\nkeyspace: { keys: 50 }\ndata: { size: 32 }\nmix:\n  - command: "SET {key} {value}"\n');
    const out = join(tmp(), 'own-sizes.json');
    const result = await runCli(['run', file, '--target', redis().url, '--workers', '1', '--connections', '2', '--quiet', '--out', out, '--keys', '5', '--data-size', '10']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain(`--keys is ignored: it shapes an inline --command mix, and ${file} wins with keyspace.keys (50)`);
    expect(result.stderr).toContain(`--data-size is ignored: it shapes an inline --command mix, and ${file} wins with its data.size`);
    const report = await readReport(out);
    expect(report.plan).toMatchObject({ keyspace: { keys: 50 }, data: { kind: 'fixed', bytes: 32 } });
  });
});
