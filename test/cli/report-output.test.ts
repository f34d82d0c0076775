/**
 * Where the JSON report goes (#15 items 3-6): devices and FIFOs are written in place, a report
 * path that is an input or cannot be written is refused before any load (exit 2), a write that
 * still fails at the end puts the report on stdout, and --json/--out together write both.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/report/run-result.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

/** A short inline run against the test server; `extra` adds output flags. */
function shortRun(extra: string[], load: string[] = ['--requests', '300']): string[] {
  return ['run', '--target', redis().url, '--command', 'SET {key} {value}', ...load, '--connections', '2', '--workers', '1', '--warmup', '0s', ...extra];
}

async function dbsize(): Promise<number> {
  return Number(execFileSync('redis-cli', ['-p', String(redis().port), 'DBSIZE'], { encoding: 'utf8' }).trim());
}

describe('devices and FIFOs are written in place', () => {
  it('leaves /dev/null a character device', async () => {
    const result = await runCli(shortRun(['--out', '/dev/null', '--quiet']));
    expect(result.code, describeRun(result)).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('writes the whole report into a FIFO and leaves the FIFO there', async () => {
    const fifo = join(tmp(), 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    let text = '';
    const reader = new Promise<void>((resolve, reject) => {
      createReadStream(fifo, 'utf8').on('data', (chunk) => (text += String(chunk))).on('end', resolve).on('error', reject);
    });
    const result = await runCli(shortRun(['--out', fifo, '--quiet']));
    await reader;
    expect(result.code, describeRun(result)).toBe(0);
    expect((JSON.parse(text) as RunResult).phases[0]!.totals.ops).toBe(300);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});

describe('report paths are checked before any load (exit 2)', () => {
  it('refuses to overwrite the scenario file with the report', async () => {
    const scenario = join(tmp(), 'victim.yml');
    const text = 'name: victim\nrequests: 100\nmix:\n  - command: "SET {key} {value}"\n';
    await writeFile(scenario, text);
    const before = await dbsize();
    const result = await runCli(['run', scenario, '--target', redis().url, '--workers', '1', '--out', scenario]);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain('is the scenario file of this run');
    expect(await readFile(scenario, 'utf8')).toBe(text);
    expect(await dbsize()).toBe(before); // refused before any load
  });

  it('refuses a TLS file given as the report path, whatever it is called', async () => {
    const ca = join(tmp(), 'ca.pem');
    await writeFile(ca, 'not really a certificate');
    const result = await runCli(shortRun(['--tls-ca', ca, '--out', join(tmp(), '.', 'ca.pem')]));
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain('the --tls-ca file of this run');
  });

  it.each([
    ['a folder given as the file', (dir: string) => dir, /it is a folder; name a file in it/],
    ['a path under a regular file', (dir: string) => join(dir, 'plain.txt', 'report.json'), /plain\.txt is a file, so no folder can be made under it/],
    ['a path under /proc', () => '/proc/rbench-no-such/report.json', /cannot write the report to \/proc/],
  ])('refuses %s, loads nothing and leaves no temporary file', async (_what, pathOf, pattern) => {
    const dir = join(tmp(), `unwritable-${Math.random().toString(36).slice(2)}`);
    await mkdir(dir);
    await writeFile(join(dir, 'plain.txt'), 'x');
    const before = await dbsize();
    const result = await runCli(shortRun(['--out', pathOf(dir)]));
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(await dbsize()).toBe(before);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a read-only folder (as a user who cannot write it)', async () => {
    const dir = join(tmp(), 'readonly');
    await mkdir(dir, { mode: 0o555 });
    execFileSync('chmod', ['755', tmp()]);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = await runCli(shortRun(['--out', join(dir, 'r.json')]), asNobody);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/cannot write the report to .*readonly\/r\.json: permission denied/);
  });
});

describe('a report that cannot be written at the end is not lost', () => {
  it('prints the JSON on stdout, says where it could not go, exits 1 and leaves no *.tmp', async () => {
    const dir = join(tmp(), 'vanishing');
    await mkdir(dir);
    const out = join(dir, 'report.json');
    const run = spawnCli(shortRun(['--out', out, '--quiet'], ['--duration', '3s']));
    // The folder passed the check; now it turns into a plain file while the load runs.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await rm(dir, { recursive: true });
    await writeFile(dir, 'in the way');
    const result = await run.done;
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain(`could not write the report to ${out}`);
    expect(result.stderr).toContain('follows on stdout instead');
    const report = JSON.parse(result.stdout) as RunResult;
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(0);
    expect((await readdir(tmp())).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--json and --out together write both', () => {
  it('--json - --out FILE: the JSON on stdout and the same report in FILE', async () => {
    const out = join(tmp(), 'both.json');
    const result = await runCli(shortRun(['--json', '-', '--out', out]));
    expect(result.code, describeRun(result)).toBe(0);
    const fromStdout = JSON.parse(result.stdout) as RunResult;
    const fromFile = await readReport(out);
    expect(fromFile).toEqual(fromStdout);
    expect(fromFile.phases[0]!.totals.ops).toBe(300);
  });

  it('--json A --out B: the same report in both files', async () => {
    const a = join(tmp(), 'a.json');
    const b = join(tmp(), 'b.json');
    const result = await runCli(shortRun(['--json', a, '--out', b]));
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain(`report written to ${b}`);
    expect(result.stderr).toContain(`report written to ${a}`);
    expect(await readReport(a)).toEqual(await readReport(b));
  });
});
