/**
 * Every bundled scenario runs briefly against a real redis-server; INFO commandstats shows that
 * every required command was executed (MULTI/EXEC too), and no error reply came back that the
 * run did not report. Scenarios must run clean: an error here is a scenario or engine bug.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseInfo } from '../../../src/client/server-info.js';
import { asString } from '../../../src/resp/values.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';
import { connectTo, useRedis } from '../../helpers/redis.js';
import { REQUIRED_COMMANDS } from '../../helpers/required-commands.js';

const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yml')).sort();

describe('bundled scenarios against a real server', () => {
  const server = useRedis();
  const dir = useTempDir();
  beforeAll(() => requireBuiltCli());

  test('together they execute every required command, with no error replies', { timeout: 240_000 }, async () => {
    const admin = await connectTo(server());
    try {
      await admin.call(['CONFIG', 'RESETSTAT']);
      const reportedErrors: string[] = [];
      for (const file of scenarios) {
        const out = join(dir(), `${file}.json`);
        const result = await runCli([
          'run', join('scenarios', file),
          '--target', server().url,
          '--duration', '1s', '--warmup', '0s', '--pipeline', '1',
          '--connections', '4', '--workers', '1', '--quiet', '--out', out,
        ]);
        expect(result.code, describeRun(result)).toBe(0);
        const report = await readReport(out);
        for (const step of report.setup) {
          for (const [kind, n] of Object.entries(step.errors)) reportedErrors.push(`${file} setup ${step.label}: ${kind} x${n}`);
        }
        for (const phase of report.phases) {
          expect(phase.totals.ops, `${file} ${phase.name} sent nothing`).toBeGreaterThan(0);
          for (const [label, stats] of Object.entries(phase.commands)) {
            for (const [kind, n] of Object.entries(stats.errors)) reportedErrors.push(`${file} ${label}: ${kind} x${n}`);
          }
        }
      }
      const stats = parseInfo(asString(await admin.call(['INFO', 'commandstats'])) ?? '');
      const executed = new Set(
        Object.entries(stats)
          .filter(([, v]) => /calls=[1-9]/.test(v))
          .map(([k]) => k.replace(/^cmdstat_/, '').toUpperCase()),
      );
      expect(REQUIRED_COMMANDS.filter((c) => !executed.has(c))).toEqual([]);
      expect(executed.has('MULTI') && executed.has('EXEC')).toBe(true);
      expect(executed.has('SUBSCRIBE')).toBe(true);

      const errorstats = parseInfo(asString(await admin.call(['INFO', 'errorstats'])) ?? '');
      // Errors inside an EXEC reply do not fail the EXEC, so ask the server which commands failed.
      const failedCalls = Object.entries(stats)
        .filter(([, v]) => /failed_calls=[1-9]/.test(v) || /rejected_calls=[1-9]/.test(v))
        .map(([k, v]) => `${k}: ${v}`);
      const serverErrors = Object.entries(errorstats).map(([k, v]) => `${k}=${v}`);
      expect(failedCalls).toEqual([]);
      expect(reportedErrors).toEqual([]);
      expect(serverErrors).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
