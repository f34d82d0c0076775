/**
 * The drill done-when test: against a local Sentinel deployment (one master, two replicas, three
 * sentinels; separate passwords for data nodes and sentinels), `rbench drill` with SENTINEL
 * FAILOVER completes, the load continues on the new master in the same process, the
 * unavailability window is positive and shorter than the failover timeout, and every part of the
 * drill is in the JSON report, with no password anywhere.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { asString } from '../../../src/resp/values.js';
import { dataNodeTarget, withConnection } from '../../../src/client/sentinel/sentinel-lookup.js';
import type { RunResult } from '../../../src/report/run-result.js';
import { startLocalSentinel, type LocalSentinel } from '../../../src/topology/local-sentinel.js';
import { describeRun, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const DATA_PASSWORD = 'data-Pw-4821';
const SENTINEL_PASSWORD = 'sentinel-Pw-9377';
const tmp = useTempDir();

const SCENARIO = `
name: drill-test
duration: 8s
connections: 8
workers: 1
keyspace: { prefix: "rbench:dt:", keys: 1000 }
subscribers: { connections: 2, channels: "news" }
mix:
  - { command: "GET {key}", weight: 3 }
  - { command: "SET {key} {value}", weight: 1 }
  - { command: "PUBLISH news {value}", weight: 1 }
drill:
  action: sentinel-failover
  at: 2s
`;

describe('rbench drill: SENTINEL FAILOVER on a local Sentinel deployment', () => {
  let topo: LocalSentinel;
  beforeAll(async () => {
    topo = await startLocalSentinel({ password: DATA_PASSWORD, sentinelPassword: SENTINEL_PASSWORD });
  }, 30_000);
  afterAll(async () => {
    await topo?.stop();
  });

  it('follows the failover, measures the window and the lost writes, and reports every part', async () => {
    const scenario = join(tmp(), 'drill.yml');
    await writeFile(scenario, SCENARIO);
    const out = join(tmp(), 'drill.json');
    const url = `${topo.url}?password=${DATA_PASSWORD}&sentinelPassword=${SENTINEL_PASSWORD}`;
    const result = await runCli(['drill', scenario, '--target', url, '--out', out], { timeoutMs: 45_000 });
    expect(result.code, describeRun(result)).toBe(0);
    const json = await readFile(out, 'utf8');
    for (const [where, text] of [['stdout', result.stdout], ['stderr', result.stderr], ['report', json]] as const) {
      expect(text, `data password in ${where}`).not.toContain(DATA_PASSWORD);
      expect(text, `sentinel password in ${where}`).not.toContain(SENTINEL_PASSWORD);
    }
    const report = JSON.parse(json) as RunResult;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.target.topology).toBe('sentinel');
    const drill = report.drill!;
    expect(drill.triggerError).toBeNull();
    expect(drill.trigger).toMatch(/^SENTINEL FAILOVER mymaster via 127\.0\.0\.1:\d+$/);
    expect(drill.eventAtS).toBeGreaterThanOrEqual(1.9);

    // The master changed, to a former replica, and rbench found it.
    const ports = topo.dataNodes.map((n) => `127.0.0.1:${n.port}`);
    expect(drill.masterBefore).toBe(ports[0]);
    expect(ports.slice(1)).toContain(drill.masterAfter);
    expect(drill.discovery.newMasterFoundMs).toBeGreaterThan(0);
    expect(drill.discovery.via).not.toBeNull();

    // The unavailability window: positive, closed, shorter than the sentinels' failover timeout.
    const u = drill.unavailability;
    expect(u.windowMs).toBeGreaterThan(0);
    expect(u.windowMs).toBeLessThan(topo.failoverTimeoutMs);
    expect(u.startAtS!).toBeGreaterThanOrEqual(drill.eventAtS! - 0.001);
    expect(u.endAtS!).toBeGreaterThan(u.startAtS!);
    expect(u.firstFailure).not.toBeNull();

    // The verifying writer: writes acknowledged, read back, the missing ones counted.
    const w = drill.writes;
    expect(w.verifyError).toBeNull();
    expect(w.sent).toBeGreaterThan(100);
    expect(w.acknowledged).toBeGreaterThan(0);
    expect(w.acknowledged + w.failed + w.notReplicated).toBe(w.sent);
    expect(Number.isInteger(w.missing) && w.missing >= 0, `missing ${w.missing}`).toBe(true);
    expect(w.missing).toBeLessThanOrEqual(w.acknowledged);
    expect(w.missingSample.length).toBe(Math.min(10, w.missing));

    // Load continued after the event without a restart: the seconds after the window have ops,
    // and the new master served reads (GET is not replicated, so these came from rbench).
    // The last row is a partial second; leave it out.
    const after = drill.timeline.filter((r) => r.t >= Math.ceil(u.endAtS!) && r.t < drill.timeline.length - 1);
    expect(after.length).toBeGreaterThan(0);
    for (const row of after) expect(row.ops, `ops in second ${row.t}`).toBeGreaterThan(0);
    const masterAfter = topo.dataNodes.find((n) => `127.0.0.1:${n.port}` === drill.masterAfter)!;
    const stats = await withConnection(dataNodeTarget(topo.target, { transport: 'tcp', host: masterAfter.host, port: masterAfter.port }), async (c) => asString(await c.call(['INFO', 'commandstats'])) ?? '');
    const gets = Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    expect(gets).toBeGreaterThan(100);
    // The subscribers moved too, and got what was published on the new master: had they stayed
    // behind, the PUBLISH replies would have promised each message after the switch to no one,
    // and promised would be about 2x the publishes before it. (SUBSCRIBE calls on the new master
    // prove nothing: the sentinels subscribe to every data node themselves.)
    const publishesAfter = Number(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    expect(publishesAfter).toBeGreaterThan(50);
    const pubsub = report.phases[0]!.pubsub!;
    expect(pubsub.promised).toBeGreaterThan(1.5 * publishesAfter);
    expect(pubsub.delivered).toBeGreaterThan(1.5 * publishesAfter);

    // The timeline is in the report, one row per second with errors by kind, and in the terminal.
    expect(drill.timeline.length).toBeGreaterThanOrEqual(7);
    expect(drill.timeline[0]).toHaveProperty('errors');
    expect(result.stdout).toContain('drill sentinel-failover');
    expect(result.stdout).toContain('^ event');
    expect(result.stdout).toMatch(/lost acknowledged writes: \d+ of \d+/);
  }, 50_000);
});
