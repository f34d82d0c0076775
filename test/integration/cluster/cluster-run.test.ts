/**
 * `rbench run` against a local 3-master cluster: load goes where the slots are, and the cluster
 * can change under load (a slot migrated by hand, a 1,000-slot reshard) without a failed command.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../../src/client/cluster/key-slot.js';
import { Connection } from '../../../src/client/connection.js';
import { asString } from '../../../src/resp/values.js';
import { startLocalCluster, targetOf, type LocalCluster } from '../../../src/topology/local-cluster.js';
import type { LocalServer } from '../../../src/topology/local-server.js';
import { describeRun, readReport, requireBuiltCli, runCli, spawnCli, useTempDir } from '../../helpers/cli.js';

const run = promisify(execFile);

requireBuiltCli();
const tmp = useTempDir();
let cluster: LocalCluster;
const conns = new Map<LocalServer, Connection>();

beforeAll(async () => {
  cluster = await startLocalCluster({ masters: 3, replicas: 0, nodeTimeoutMs: 3000 });
  for (const node of cluster.nodes) conns.set(node, await Connection.open({ target: targetOf(node), reconnect: false }));
}, 60_000);

afterAll(async () => {
  for (const conn of conns.values()) await conn.close().catch(() => {});
  await cluster?.stop();
});

const address = (n: LocalServer): string => `${n.host}:${n.port}`;
const call = async (n: LocalServer, ...args: (string | number)[]): Promise<string> => asString(await conns.get(n)!.call(args)) ?? '';

/** Slots each master owns, from its own CLUSTER NODES line. */
async function slotsOwned(): Promise<Map<string, number>> {
  const text = await call(cluster.masters[0]!, 'CLUSTER', 'NODES');
  const owned = new Map<string, number>();
  for (const line of text.trim().split('\n')) {
    const fields = line.split(' ');
    const addr = fields[1]!.split('@')[0]!;
    let n = 0;
    for (const range of fields.slice(8)) {
      if (range.startsWith('[')) continue; // a slot being migrated or imported
      const [a, b] = range.split('-').map(Number);
      n += (b ?? a!) - a! + 1;
    }
    owned.set(addr, n);
  }
  return owned;
}

async function commandCalls(n: LocalServer): Promise<number> {
  const info = await call(n, 'INFO', 'commandstats');
  let calls = 0;
  for (const m of info.matchAll(/^cmdstat_(set|get):calls=(\d+)/gm)) calls += Number(m[2]);
  return calls;
}

const nodeId = (n: LocalServer): Promise<string> => call(n, 'CLUSTER', 'MYID');

function runArgs(out: string, extra: string[]): string[] {
  return [
    'run', '--target', cluster.url, '--command', 'SET {key} {value}', '--command', 'GET {key}', '--data-size', '8',
    '--warmup', '0s', '--workers', '1', '--quiet', '--out', out, ...extra,
  ];
}

describe('rbench run on a Redis Cluster', () => {
  it('spreads the load over the masters in proportion to their slots, and reports it per node', async () => {
    for (const m of cluster.masters) await call(m, 'CONFIG', 'RESETSTAT');
    const out = join(tmp(), 'spread.json');
    const result = await runCli(runArgs(out, ['--keys', '50000', '--requests', '30000', '--connections', '4', '--pipeline', '8']));
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.target.topology).toBe('cluster');
    const phase = report.phases[0]!;
    expect(phase.totals.ops).toBe(30000);
    expect(phase.totals.errors).toEqual({});
    const owned = await slotsOwned();
    for (const m of cluster.masters) {
      const calls = await commandCalls(m);
      // The report's per-node count is exactly what the node executed.
      expect(phase.nodes?.[address(m)]?.ops).toBe(calls);
      // Uniform keys: each master's share of the load is its share of the slots (±4 points).
      expect(Math.abs(calls / 30000 - owned.get(address(m))! / 16384)).toBeLessThan(0.04);
    }
    expect(report.target.nodes.sort()).toEqual(cluster.masters.map(address).sort());
  });

  it('follows a slot migrated by hand during the run: ASK and MOVED counted, no failed command', async () => {
    const out = join(tmp(), 'migrate.json');
    // 20 keys, so the migrated slot's key is hot enough to meet both redirects.
    const slot = keySlot('rbench:inline:7');
    const source = (await slotsOwnerOf(slot)).source;
    await call(source, 'CONFIG', 'RESETSTAT');
    const child = spawnCli(runArgs(out, ['--keys', '20', '--duration', '4s', '--connections', '4', '--pipeline', '4']));
    await loadReached(source);
    const dest = cluster.masters.find((m) => m !== source)!;
    const [sourceId, destId] = [await nodeId(source), await nodeId(dest)];
    await call(dest, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', sourceId);
    await call(source, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', destId);
    for (;;) {
      const keys = (await conns.get(source)!.call(['CLUSTER', 'GETKEYSINSLOT', slot, 100])) as Buffer[];
      if (keys.length === 0) break;
      await conns.get(source)!.call(['MIGRATE', dest.host, dest.port, '', 0, 5000, 'KEYS', ...keys]);
    }
    // Keys are at the destination, the slot is still "migrating": the source answers ASK.
    await new Promise((r) => setTimeout(r, 500));
    for (const n of [dest, source, ...cluster.masters.filter((m) => m !== dest && m !== source)]) {
      await call(n, 'CLUSTER', 'SETSLOT', slot, 'NODE', destId);
    }
    const result = await child.done;
    expect(result.code, describeRun(result)).toBe(0);
    const phase = (await readReport(out)).phases[0]!;
    expect(phase.totals.errors).toEqual({});
    expect(phase.cluster?.['cluster.ask']).toBeGreaterThan(0);
    expect(phase.cluster?.['cluster.moved']).toBeGreaterThan(0);
    expect(phase.totals.ops).toBeGreaterThan(1000);
  });

  it('finishes a 1,000-slot redis-cli reshard during the run with no failed command', async () => {
    const out = join(tmp(), 'reshard.json');
    const [from, to] = [cluster.masters[0]!, cluster.masters[1]!];
    await call(from, 'CONFIG', 'RESETSTAT');
    const child = spawnCli(runArgs(out, ['--keys', '20000', '--duration', '8s', '--connections', '4', '--pipeline', '4']), { timeoutMs: 90_000 });
    await loadReached(from);
    await run('redis-cli', [
      '--cluster', 'reshard', address(from), '--cluster-from', await nodeId(from), '--cluster-to', await nodeId(to),
      '--cluster-slots', '1000', '--cluster-yes',
    ], { timeout: 60_000 });
    const result = await child.done;
    expect(result.code, describeRun(result)).toBe(0);
    const phase = (await readReport(out)).phases[0]!;
    expect(phase.totals.errors).toEqual({});
    expect(phase.cluster?.['cluster.moved'] ?? 0).toBeGreaterThan(0);
    const owned = await slotsOwned();
    expect([...owned.values()].reduce((a, b) => a + b, 0)).toBe(16384);
  }, 90_000);
});

/** Waits until the run's load reaches `node` (its SET/GET count grows), so changes land mid-run. */
async function loadReached(node: LocalServer): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await commandCalls(node)) < 500) {
    if (Date.now() > deadline) throw new Error(`no load reached ${address(node)} within 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Which master owns `slot` now. */
async function slotsOwnerOf(slot: number): Promise<{ source: LocalServer }> {
  const shards = await conns.get(cluster.masters[0]!)!.call(['CLUSTER', 'SLOTS']);
  for (const range of shards as unknown as [number, number, [Buffer, number]][]) {
    if (slot >= range[0] && slot <= range[1]) {
      const port = Number(range[2][1]);
      return { source: cluster.masters.find((m) => m.port === port)! };
    }
  }
  throw new Error(`no master owns slot ${slot}`);
}
