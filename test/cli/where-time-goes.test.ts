/**
 * Where the time goes, from real servers. rbench's own noise (event-loop delay, utilization, GC)
 * is in every measured phase. Server-side latency: the counts agree with the server's commandstats for the
 * phase, the server's GET p99 is far below the client's, a server without LATENCY still gives a
 * successful run, and a cluster adds its masters (and, with replica reads, only the reads of its
 * replicas, which also replay the masters' writes).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSentinel, type LocalSentinel } from '../../src/topology/local-sentinel.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { commandCalls, resetStats, useLocalCluster, useRedis } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis();
const renamed = useRedis({ configText: 'rename-command LATENCY ""\n' });
const cluster = useLocalCluster({ masters: 2, replicas: 1 });
const tmp = useTempDir();
let sentinel: LocalSentinel | undefined;
beforeAll(async () => {
  sentinel = await startLocalSentinel({ replicas: 1, sentinels: 1, quorum: 1 });
}, 60_000);
afterAll(async () => {
  await sentinel?.stop();
});

const load = (workers = 1) => ['--command', 'GET {key}', '--command', 'SET {key} {value}', '--duration', '2s', '--connections', '20', '--workers', String(workers), '--warmup', '0s'];

describe('server-side latency (LATENCY HISTOGRAM)', () => {
  it('counts what commandstats counts for the phase, and shows GET far faster in Redis than at the client', async () => {
    await resetStats(server());
    const out = join(tmp(), 'standalone.json');
    const result = await runCli(['run', '--target', server().url, ...load(), '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const calls = await commandCalls(server());
    const phase = (await readReport(out)).phases[0]!;
    const get = phase.commands.GET!;
    expect(get.serverLatencyUs, describeRun(result)).not.toBeNull();
    // The inline run has no setup and no warm-up: every GET the server ran was in the phase.
    expect(Math.abs(get.serverLatencyUs!.count - calls.get!)).toBeLessThanOrEqual(calls.get! * 0.01);
    expect(Math.abs(phase.commands.SET!.serverLatencyUs!.count - calls.set!)).toBeLessThanOrEqual(calls.set! * 0.01);
    expect(phase.totals.serverLatencyUs!.count).toBe(get.serverLatencyUs!.count + phase.commands.SET!.serverLatencyUs!.count);
    expect(get.serverLatencyUs!.count).toBeGreaterThan(1000);
    // A GET takes a few µs in Redis; the client's round trip through the loopback is far longer.
    expect(get.serverLatencyUs!.p99 * 5).toBeLessThan(get.latencyUs.p99);
    expect(result.stdout).toMatch(/client vs server/);
    expect(result.stdout).toMatch(/p99: [\d.]+(us|ms) at the client, ≤\d+us in Redis/);
  });

  it('gives null with a reason, and a successful run, when the server has no LATENCY command', async () => {
    const out = join(tmp(), 'renamed.json');
    const result = await runCli(['run', '--target', renamed().url, ...load(), '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const phase = (await readReport(out)).phases[0]!;
    expect(phase.totals.ops).toBeGreaterThan(1000);
    expect(phase.totals.serverLatencyUs).toBeNull();
    expect(phase.totals.serverLatencyReason).toMatch(/no LATENCY command/);
    expect(phase.commands.GET!.serverLatencyUs).toBeNull();
    expect(result.stdout).toMatch(/server-side latency not available: .*no LATENCY command/);
  });

  it("reports rbench's own noise per worker and for the main thread", async () => {
    const out = join(tmp(), 'noise.json');
    const result = await runCli(['run', '--target', server().url, ...load(2), '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const phase = (await readReport(out)).phases[0]!;
    const client = phase.client!;
    expect(client?.workers, describeRun(result)).toHaveLength(2);
    for (const noise of [client, ...client.workers, client.mainThread!]) {
      const d = noise.eventLoopDelayUs;
      expect(d.p50).toBeLessThanOrEqual(d.p99);
      expect(d.p99).toBeLessThanOrEqual(d.max);
      // Nothing stalls a loop for the whole 2 s phase; a loop that never ran its timer would read 0 everywhere.
      expect(d.max).toBeLessThan(phase.durationS * 1e6);
      expect(noise.utilization).toBeGreaterThanOrEqual(0);
      expect(noise.utilization).toBeLessThanOrEqual(1);
      expect(noise.gc.maxMs).toBeLessThanOrEqual(noise.gc.totalMs);
    }
    // The workers send tens of thousands of commands: their loops are busy, the main thread's far less.
    expect(client.utilization).toBeGreaterThan(0.2);
    expect(client.utilization).toBe(Math.max(...client.workers.map((w) => w.utilization)));
    expect(client.mainThread!.utilization).toBeLessThan(client.utilization);
    expect(client.workers.some((w) => w.eventLoopDelayUs.max > 0)).toBe(true);
  });

  it('adds every master of a cluster, and only the reads of replicas', async () => {
    await Promise.all(cluster().nodes.map(resetStats));
    const out = join(tmp(), 'cluster.json');
    const result = await runCli(['run', '--target', cluster().url, '--read-from', 'replica', ...load(), '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const perNode = await Promise.all(cluster().nodes.map(commandCalls));
    const sum = (nodes: Record<string, number>[], command: string) => nodes.reduce((total, c) => total + (c[command] ?? 0), 0);
    const masters = perNode.slice(0, cluster().masters.length);
    const replicas = perNode.slice(cluster().masters.length);
    const phase = (await readReport(out)).phases[0]!;
    const gets = sum(replicas, 'get');
    const sets = sum(masters, 'set');
    expect(gets).toBeGreaterThan(500);
    // Replicas replay every SET: counting theirs too would double the SETs.
    expect(sum(replicas, 'set')).toBeGreaterThan(sets * 0.9);
    expect(Math.abs(phase.commands.GET!.serverLatencyUs!.count - gets)).toBeLessThanOrEqual(gets * 0.01);
    expect(Math.abs(phase.commands.SET!.serverLatencyUs!.count - sets)).toBeLessThanOrEqual(sets * 0.01);
  });

  it('reads the master and the replicas used on a Sentinel target', async () => {
    const nodes = sentinel!.dataNodes;
    await Promise.all(nodes.map(resetStats));
    const out = join(tmp(), 'sentinel.json');
    const result = await runCli(['run', '--target', sentinel!.url, '--read-from', 'replica', ...load(), '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const [master, replica] = await Promise.all(nodes.map(commandCalls));
    const phase = (await readReport(out)).phases[0]!;
    expect(replica!.get).toBeGreaterThan(500);
    expect(Math.abs(phase.commands.GET!.serverLatencyUs!.count - replica!.get!)).toBeLessThanOrEqual(replica!.get! * 0.01);
    expect(Math.abs(phase.commands.SET!.serverLatencyUs!.count - master!.set!)).toBeLessThanOrEqual(master!.set! * 0.01);
  });
});
