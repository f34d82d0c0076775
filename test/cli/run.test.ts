/** `rbench run` from the outside: secrets stay out of every output, --json -, bundled scenarios. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/report/run-result.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const PASSWORD = 'S3cretPw!';
const secured = useRedis({ password: PASSWORD });
const plain = useRedis();
const tmp = useTempDir();

describe('passwords never leak', () => {
  it('keeps the password out of stdout, stderr and the JSON report', async () => {
    const out = join(tmp(), 'secret.json');
    const result = await runCli([
      'run', '--target', `redis://:${PASSWORD}@127.0.0.1:${secured().port}`, '--command', 'SET {key} {value}',
      '--requests', '1000', '--connections', '4', '--workers', '1', '--warmup', '0s', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const json = await readFile(out, 'utf8');
    const report = JSON.parse(json) as RunResult;
    // The run really authenticated and did its work.
    expect(report.phases[0]!.totals.ops).toBe(1000);
    expect(report.phases[0]!.totals.errors).toEqual({});
    for (const [where, text] of [['stdout', result.stdout], ['stderr', result.stderr], ['report', json]] as const) {
      expect(text, `password found in ${where}`).not.toContain(PASSWORD);
      expect(text, `url-encoded password found in ${where}`).not.toContain(encodeURIComponent(PASSWORD));
    }
  });

  it('exits 1 with a clear message, without the password, when the password is wrong', async () => {
    const wrong = 'Wr0ngPw!';
    const result = await runCli([
      'run', '--target', `redis://:${wrong}@127.0.0.1:${secured().port}`, '--command', 'SET {key} {value}',
      '--requests', '100', '--workers', '1', '--quiet', '--out', join(tmp(), 'wrong.json'),
    ]);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/WRONGPASS|password|auth/i);
    expect(hasStackTrace(result.stderr)).toBe(false);
    for (const secret of [wrong, PASSWORD]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(secret));
    }
  });
});

describe('rbench run --json -', () => {
  it('prints only the JSON report on stdout', async () => {
    const result = await runCli([
      'run', '--target', plain().url, '--command', 'SET {key} {value}', '--command', 'GET {key}',
      '--requests', '2000', '--connections', '4', '--workers', '1', '--warmup', '0s', '--json', '-',
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = JSON.parse(result.stdout) as RunResult;
    expect(report.schemaVersion).toBe(1);
    expect(report.phases[0]!.totals.ops).toBe(2000);
  });

  it('takes `--json -` between a scenario file and further flags', async () => {
    const result = await runCli([
      'run', 'scenarios/strings.yml', '--json', '-', '--target', plain().url, '--requests', '500',
      '--pipeline', '1', '--connections', '2', '--workers', '1', '--warmup', '0s',
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = JSON.parse(result.stdout) as RunResult;
    expect(report.phases.map((p) => p.totals.ops)).toEqual([500]);
  });
});

describe('a bundled scenario', () => {
  it('runs scenarios/strings.yml briefly without errors in any phase', async () => {
    const out = join(tmp(), 'strings.json');
    const result = await runCli([
      'run', 'scenarios/strings.yml', '--target', plain().url, '--duration', '1s', '--warmup', '0s',
      '--connections', '4', '--workers', '1', '--quiet', '--out', out,
    ]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.failures).toEqual([]);
    expect(report.phases.length).toBeGreaterThanOrEqual(1);
    for (const setup of report.setup) expect(setup.errors, `setup ${setup.label}`).toEqual({});
    for (const phase of report.phases) {
      expect(phase.totals.ops, phase.name).toBeGreaterThan(0);
      const errorsByCommand = Object.fromEntries(
        Object.entries(phase.commands).filter(([, stats]) => Object.keys(stats.errors).length > 0).map(([label, stats]) => [label, stats.errors]),
      );
      expect(errorsByCommand, `errors in phase ${phase.name}`).toEqual({});
    }
  });
});
