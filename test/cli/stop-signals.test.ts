/**
 * SIGTERM and SIGHUP stop a run like Ctrl-C (#15 item 2): the load stops, the partial report is
 * written, the exit code names the signal (143, 129), and no temporary file is left behind.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, readReport, requireBuiltCli, spawnCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const redis = useRedis();
const tmp = useTempDir();

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130],
] as const)('%s during a run', (signal, code) => {
  it(`writes the partial report and exits ${code}`, async () => {
    const dir = join(tmp(), signal);
    const out = join(dir, 'partial.json');
    const started = Date.now();
    const run = spawnCli([
      'run', '--target', redis().url, '--command', 'SET {key} {value}', '--duration', '60s',
      '--connections', '2', '--workers', '1', '--warmup', '0s', '--quiet', '--out', out,
    ]);
    // Long enough for the workers to start and send; generous on a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code, describeRun(result)).toBe(code);
    expect(Date.now() - started).toBeLessThan(30_000);
    const report = await readReport(out);
    expect(report.interrupted).toBe(true);
    expect(report.phases[0]!.totals.ops).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a stop signal before anything was measured', () => {
  it('exits at once with the signal code and says nothing was measured', async () => {
    // A server that accepts and never answers: rbench is still connecting when the signal comes.
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const dir = join(tmp(), 'early');
      const run = spawnCli(['run', '--target', `redis://127.0.0.1:${port}`, '--command', 'SET {key} {value}', '--requests', '10', '--quiet', '--out', join(dir, 'r.json')]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      run.child.kill('SIGTERM');
      const result = await run.done;
      expect(result.code, describeRun(result)).toBe(143);
      expect(result.stderr).toContain('interrupted (SIGTERM) before anything was measured');
      expect((await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      silent.close();
    }
  });
});
