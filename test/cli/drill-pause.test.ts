/**
 * `rbench drill` on a standalone server: a CLIENT PAUSE shorter than any failover shows up as a
 * stall-opened unavailability window on the same master, about as long as the pause; bad drill
 * input is a usage error, not a stack trace.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useRedis } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const tmp = useTempDir();
const SCENARIO = 'name: pause\nduration: 5s\nconnections: 4\nworkers: 1\nmix:\n  - { command: "SET {key} {value}" }\n';

describe('rbench drill pause-master', () => {
  it('measures a paused master as a stall window on the same master, with no lost writes', async () => {
    const scenario = join(tmp(), 'pause.yml');
    await writeFile(scenario, SCENARIO);
    const out = join(tmp(), 'pause.json');
    const target = `redis://127.0.0.1:${server().port}`;
    const result = await runCli(['drill', scenario, '--target', target, '--action', 'pause-master', '--pause', '800ms', '--at', '1500ms', '--out', out], { timeoutMs: 30_000 });
    expect(result.code, describeRun(result)).toBe(0);
    const d = (await readReport(out)).drill!;
    expect(d.trigger).toBe(`CLIENT PAUSE 800 ALL on 127.0.0.1:${server().port}`);
    expect(d.masterBefore).toBe(d.masterAfter);
    expect(d.discovery.newMasterFoundMs).toBeNull();
    expect(d.unavailability.firstFailure).toBe('stall');
    // About the pause: generous bounds for a busy machine.
    expect(d.unavailability.windowMs).toBeGreaterThan(500);
    expect(d.unavailability.windowMs).toBeLessThan(3000);
    expect(d.writes.missing).toBe(0);
    expect(d.writes.acknowledged).toBeGreaterThan(0);
    // The second of the event shows the dip: fewer ops than the busiest second.
    const peak = Math.max(...d.timeline.map((r) => r.ops));
    const eventRow = d.timeline.find((r) => r.t === Math.floor(d.eventAtS!))!;
    expect(eventRow.ops).toBeLessThan(peak);
  }, 40_000);

  it('rejects a drill that cannot run, naming the problem', async () => {
    const scenario = join(tmp(), 'nodrill.yml');
    await writeFile(scenario, SCENARIO);
    const target = `redis://127.0.0.1:${server().port}`;
    const noAction = await runCli(['drill', scenario, '--target', target]);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toMatch(/no drill action given/);
    const late = await runCli(['drill', scenario, '--target', target, '--action', 'pause-master', '--at', '9s']);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/set at 9s but phase pipeline=1 lasts 5s/);
    const noSentinel = await runCli(['drill', scenario, '--target', target, '--action', 'sentinel-failover']);
    expect(noSentinel.code).toBe(2);
    expect(noSentinel.stderr).toMatch(/needs a sentinel:\/\/ target/);
    for (const r of [noAction, late, noSentinel]) expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
