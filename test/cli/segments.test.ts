/**
 * A segmented run on one machine against one real server: three `rbench run --segment I/3`
 * processes launched a second apart start their measured phase together, and `rbench merge`
 * gives exactly what they measured together, which is what the server counted.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/report/run-result.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, spawnCli, useTempDir, type CliResult } from '../helpers/cli.js';
import { connectTo, useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

const SCENARIO = ['name: segmented', 'keyspace: { keys: 3000 }', 'setup:', '  - command: "SET {key} 0"', '    count: 3000', 'mix:', '  - command: "INCR {key}"', ''].join('\n');
const RATE = 9000;

async function incrCalls(): Promise<number> {
  const conn = await connectTo(redis());
  try {
    const info = String(await conn.call(['INFO', 'commandstats']));
    return Number(/cmdstat_incr:calls=(\d+)/.exec(info)?.[1] ?? 0);
  } finally {
    await conn.close();
  }
}

function segmentArgs(scenario: string, index: number, runId: string, out: string, extra: string[] = []): string[] {
  return [
    'run', scenario, '--target', `redis://127.0.0.1:${redis().port}`, '--segment', `${index}/3`, '--run-id', runId,
    '--rate', `${RATE}/s`, '--duration', '5s', '--warmup', '0s', '--connections', '6', '--workers', '1', '--quiet', '--out', out, ...extra,
  ];
}

describe('three segments of one open-model run', () => {
  let scenario = '';
  let results: CliResult[] = [];
  let reports: RunResult[] = [];
  let incrDelta = 0;
  let keys = 0;

  beforeAll(async () => {
    scenario = join(tmp(), 'segmented.yml');
    await writeFile(scenario, SCENARIO);
    await mkdir(join(tmp(), 'segments'));
    const before = await incrCalls();
    const children = [];
    for (let i = 0; i < 3; i++) {
      children.push(spawnCli(segmentArgs(scenario, i, 'same-machine', join(tmp(), 'segments', `seg${i}.json`)), { timeoutMs: 60_000 }));
      // Launched a second apart: the barrier makes them wait for the last one.
      if (i < 2) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    results = await Promise.all(children.map((c) => c.done));
    incrDelta = (await incrCalls()) - before;
    const conn = await connectTo(redis());
    try {
      keys = ((await conn.call(['KEYS', 'rbench:segmented:*'])) as unknown[]).length;
    } finally {
      await conn.close();
    }
    reports = await Promise.all([0, 1, 2].map((i) => readReport(join(tmp(), 'segments', `seg${i}.json`))));
  }, 90_000);

  test('every segment ran its share and says which segment it is', () => {
    results.forEach((r) => expect(r.code, describeRun(r)).toBe(0));
    expect(reports.map((r) => r.segment)).toEqual([0, 1, 2].map((index) => expect.objectContaining({ index, count: 3, runId: 'same-machine' })));
    expect(reports.map((r) => r.phases[0]!.connections)).toEqual([2, 2, 2]);
    expect(reports.map((r) => r.phases[0]!.rate)).toEqual([3000, 3000, 3000]);
    // Setup filled each key once over the three segments.
    expect(reports.reduce((a, r) => a + r.setup[0]!.ops, 0)).toBe(3000);
    expect(keys).toBe(3000);
  });

  test('the measured phases start together although the processes started a second apart', () => {
    const starts = reports.map((r) => Date.parse(r.phases[0]!.startedAt!));
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThanOrEqual(250);
    // ... and after the last process started, so nobody ran alone.
    const launched = reports.map((r) => Date.parse(r.startedAt));
    expect(Math.min(...starts)).toBeGreaterThan(Math.max(...launched));
  });

  test('merge: the achieved rate, the server count and the exact p99', async () => {
    const out = join(tmp(), 'merged.json');
    const merged = await runCli(['merge', join(tmp(), 'segments'), '--out', out, '--quiet']);
    expect(merged.code, describeRun(merged)).toBe(0);
    const report = await readReport(out);
    const phase = report.phases[0]!;
    expect(phase.schedule!.targetRate).toBe(RATE);
    expect(Math.abs(phase.schedule!.achievedRate - RATE) / RATE).toBeLessThan(0.03);
    const segmentOps = reports.reduce((a, r) => a + r.phases[0]!.totals.ops, 0);
    expect(phase.totals.ops).toBe(segmentOps);
    expect(phase.totals.ops).toBe(incrDelta);
    const sum = hdr.build({ bitBucketSize: 64, autoResize: true });
    for (const r of reports) sum.add(hdr.decodeFromCompressedBase64(r.phases[0]!.totals.latencyUs.hdr, 64));
    expect(phase.totals.latencyUs.p99).toBe(sum.getValueAtPercentile(99));
    expect(report.merged!.segments.map((s) => s.index)).toEqual([0, 1, 2]);
    // An ordinary report: report and compare read it.
    const shown = await runCli(['report', out]);
    expect(shown.code, describeRun(shown)).toBe(0);
    expect(shown.stdout).toContain('pipeline=1');
    const compared = await runCli(['compare', out, out]);
    expect(compared.code, describeRun(compared)).toBe(0);
  });

  test('merge refuses a missing segment and a mixed run id (exit 2)', async () => {
    const seg = (i: number) => join(tmp(), 'segments', `seg${i}.json`);
    const missing = await runCli(['merge', seg(0), seg(2), '--out', join(tmp(), 'x.json')]);
    expect(missing.code, describeRun(missing)).toBe(2);
    expect(missing.stderr).toContain('run "same-machine" has 3 segments; missing: segment 1');
    const other = join(tmp(), 'other-run.json');
    const copy = JSON.parse(await readFile(seg(1), 'utf8')) as RunResult;
    copy.segment!.runId = 'another-run';
    await writeFile(other, JSON.stringify(copy));
    const mixed = await runCli(['merge', seg(0), other, seg(2), '--out', join(tmp(), 'y.json')]);
    expect(mixed.code, describeRun(mixed)).toBe(2);
    expect(mixed.stderr).toContain(`${other} is from run "another-run"`);
    await copyFile(seg(1), join(tmp(), 'seg1-again.json'));
    const doubled = await runCli(['merge', join(tmp(), 'segments'), join(tmp(), 'seg1-again.json'), '--out', join(tmp(), 'z.json')]);
    expect(doubled.code, describeRun(doubled)).toBe(2);
    expect(doubled.stderr).toMatch(/given more than once: segment 1/);
    for (const r of [missing, mixed, doubled]) expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('segment flags and the barrier from the command line', () => {
  test('bad values exit 2 naming the flag and the value', async () => {
    const target = `redis://127.0.0.1:${redis().port}`;
    const bad = await runCli(['run', '--command', 'INCR {key}', '--target', target, '--segment', '3/3', '--run-id', 'r']);
    expect(bad.code, describeRun(bad)).toBe(2);
    expect(bad.stderr).toContain('--segment must be I/N with 0 <= I < N (segments count from 0), got "3/3"');
    const noId = await runCli(['run', '--command', 'INCR {key}', '--target', target, '--segments', '2'], { env: { JOB_COMPLETION_INDEX: '1' } });
    expect(noId.code, describeRun(noId)).toBe(2);
    expect(noId.stderr).toContain('needs --run-id');
    const index = await runCli(['run', '--command', 'INCR {key}', '--target', target, '--segments', '2', '--run-id', 'r'], { env: { JOB_COMPLETION_INDEX: '2' } });
    expect(index.code, describeRun(index)).toBe(2);
    expect(index.stderr).toContain('JOB_COMPLETION_INDEX=2 is not a segment of --segments 2');
  });

  test('a segment that never comes: exit 1 naming it, and the report is still written', async () => {
    const out = join(tmp(), 'alone.json');
    const result = await runCli(
      ['run', '--command', 'INCR {key}', '--target', `redis://127.0.0.1:${redis().port}`, '--segments', '2', '--run-id', 'never-complete', '--barrier-timeout', '1s',
        '--duration', '1s', '--connections', '2', '--workers', '1', '--quiet', '--out', out],
      { env: { JOB_COMPLETION_INDEX: '0' } },
    );
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain('segment 1 of 2 did not reach stage-0 within 1s (run id "never-complete")');
    const report = await readReport(out);
    expect(report.phases).toEqual([]);
    expect(report.segment).toMatchObject({ index: 0, count: 2 });
    expect(report.warnings.join('\n')).toContain('segment 1 of 2 did not reach');
  });
});
