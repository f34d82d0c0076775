/**
 * The second drill done-when test: against a local Redis Cluster (two masters, one replica each),
 * `rbench drill scenarios/cluster-failover.yml` sends CLUSTER FAILOVER to the replica of the
 * master the URL names first; the load (routed by slot) and the verifying writer (its keys in one
 * slot of that master) follow the slot to the new owner in the same process; the unavailability
 * window is positive and shorter than the failover's time limit; and every part of the drill is in
 * the JSON report.
 *
 * What really happens (and is asserted): CLUSTER FAILOVER without FORCE is a coordinated manual
 * failover. The master pauses writes, the replica catches up and takes over, and the paused
 * commands are answered with MOVED to the new owner. So the window is short (tens to hundreds of
 * ms), opens with a MOVED (or a stall past the threshold), and no acknowledged write is lost: the
 * replica had every write the master acknowledged before it paused. The load sees MOVED too, but
 * follows it, so it shows up as counted redirects (cluster.moved), not as errors.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { withConnection } from '../../../src/client/sentinel/sentinel-lookup.js';
import type { RunResult } from '../../../src/report/run-result.js';
import { asString } from '../../../src/resp/values.js';
import { targetOf } from '../../../src/topology/local-cluster.js';
import { useLocalCluster } from '../../helpers/redis.js';
import { describeRun, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();
const NODE_TIMEOUT_MS = 2000;
/** A replica gives up on a failover election after max(2 x cluster-node-timeout, 2 s). */
const FAILOVER_TIMEOUT_MS = Math.max(2 * NODE_TIMEOUT_MS, 2000);

describe('rbench drill: CLUSTER FAILOVER on a local Redis Cluster', () => {
  const localCluster = useLocalCluster({ masters: 2, replicas: 1, nodeTimeoutMs: NODE_TIMEOUT_MS });

  it('follows the slot to the new master, measures the window and the lost writes, and reports every part', async () => {

    const cluster = localCluster();
    const out = join(tmp(), 'drill.json');
    const args = ['drill', 'scenarios/cluster-failover.yml', '--target', cluster.url, '--duration', '8s', '--at', '3s', '--connections', '8', '--out', out];
    const result = await runCli(args, { timeoutMs: 45_000 });
    expect(result.code, describeRun(result)).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.target.topology).toBe('cluster');
    const drill = report.drill!;
    for (const part of ['action', 'phase', 'plannedAtS', 'eventAtS', 'trigger', 'triggerError', 'masterBefore', 'masterAfter', 'unavailability', 'discovery', 'writes', 'timeline']) {
      expect(drill, `drill.${part}`).toHaveProperty(part);
    }
    expect(drill.action).toBe('cluster-failover');
    expect(drill.triggerError).toBeNull();
    expect(drill.eventAtS).toBeGreaterThanOrEqual(2.9);

    // The URL names masters[0] first; its replica (replicas[0]) took over, and rbench saw it.
    const address = (n: { port: number }) => `127.0.0.1:${n.port}`;
    const [oldMaster, replica] = [cluster.masters[0]!, cluster.replicas[0]!];
    expect(drill.trigger).toMatch(new RegExp(`^CLUSTER FAILOVER on replica 127\\.0\\.0\\.1:${replica.port} of [0-9a-f]{8}$`));
    expect(drill.masterBefore).toBe(address(oldMaster));
    expect(drill.masterAfter).toBe(address(replica));
    const role = await withConnection(targetOf(replica), (c) => c.call(['ROLE']));
    expect(Array.isArray(role) && asString(role[0]!)).toBe('master');
    expect(drill.discovery.newMasterFoundMs).toBeGreaterThan(0);
    expect(drill.discovery.newMasterFoundMs).toBeLessThan(FAILOVER_TIMEOUT_MS);
    expect(['moved', 'lookup']).toContain(drill.discovery.via);

    // The unavailability window: positive, closed by the new master, shorter than the failover timeout.
    const u = drill.unavailability;
    expect(u.windowMs).toBeGreaterThan(0);
    expect(u.windowMs).toBeLessThan(FAILOVER_TIMEOUT_MS);
    expect(u.startAtS!).toBeGreaterThanOrEqual(drill.eventAtS! - 0.001);
    expect(u.endAtS!).toBeGreaterThan(u.startAtS!);
    expect(['MOVED', 'stall']).toContain(u.firstFailure);

    // The verifying writer: acknowledged writes read back from the new master; a coordinated
    // failover loses none of them.
    const w = drill.writes;
    expect(w.verifyError).toBeNull();
    expect(w.sent).toBeGreaterThan(100);
    expect(w.acknowledged).toBeGreaterThan(0);
    expect(w.acknowledged + w.failed + w.notReplicated).toBe(w.sent);
    expect(typeof w.missing).toBe('number');
    expect(w.missing).toBe(0);
    expect(w.missingSample).toEqual([]);

    // The load went on without a restart: every full second from the event on has ops, no command
    // failed (the MOVED replies were followed and counted as redirects), and the new master served
    // reads (it served none as a replica: the load reads from masters).
    const full = drill.timeline.filter((r) => r.t >= Math.floor(drill.eventAtS!) && r.t < drill.timeline.length - 1);
    expect(full.length).toBeGreaterThanOrEqual(3);
    for (const row of full) expect(row.ops, `ops in second ${row.t}`).toBeGreaterThan(0);
    for (const row of drill.timeline) expect(row.errors, `errors in second ${row.t}`).toEqual({});
    const phase = report.phases.find((p) => p.name === drill.phase)!;
    expect(phase.totals.errors).toEqual({});
    expect(phase.cluster?.['cluster.moved'] ?? 0).toBeGreaterThan(0);
    const stats = await withConnection(targetOf(replica), async (c) => asString(await c.call(['INFO', 'commandstats'])) ?? '');
    expect(Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0)).toBeGreaterThan(100);

    // The terminal report has the drill too.
    expect(result.stdout).toContain('drill cluster-failover');
    expect(result.stdout).toContain('^ event');
    expect(result.stdout).toMatch(/lost acknowledged writes: 0 of \d+/);
  }, 60_000);
});
