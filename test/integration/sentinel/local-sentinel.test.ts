import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentinelFollower, type MasterSwitch } from '../../../src/client/sentinel/sentinel-follower.js';
import { findMaster, findReplicas, withConnection, dataNodeTarget, sentinelNodeTarget } from '../../../src/client/sentinel/sentinel-lookup.js';
import { describeEndpoint } from '../../../src/client/target-url.js';
import { startLocalSentinel, type LocalSentinel } from '../../../src/topology/local-sentinel.js';
import { asString } from '../../../src/resp/values.js';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();

describe('local sentinel topology and discovery', () => {
  let topo: LocalSentinel;
  beforeAll(async () => {
    topo = await startLocalSentinel({ password: 'data-secret', sentinelPassword: 'sentinel-secret' });
  }, 30_000);
  afterAll(async () => {
    await topo?.stop();
  });

  it('finds the master and its replicas through the sentinels, with separate passwords', async () => {
    const master = await findMaster(topo.target);
    expect(describeEndpoint(master)).toBe(`127.0.0.1:${topo.dataNodes[0]!.port}`);
    const replicas = await findReplicas(topo.target);
    expect(replicas.map((r) => r.endpoint.transport === 'tcp' ? r.endpoint.port : 0).sort()).toEqual(topo.dataNodes.slice(1).map((n) => n.port).sort());
    expect(topo.target.display).not.toContain('secret');
  });

  const getCalls = (): Promise<number[]> =>
    Promise.all(
      topo.dataNodes.map(async (n) => {
        const info = await withConnection(dataNodeTarget(topo.target, { transport: 'tcp', host: n.host, port: n.port }), async (c) => asString(await c.call(['INFO', 'commandstats'])) ?? '');
        return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
      }),
    );

  it.each([
    ['?readFrom=replica in the URL', '&readFrom=replica', []],
    ['--read-from replica', '', ['--read-from', 'replica']],
  ])('%s spreads the load over the replicas and leaves the master alone', async (_how, query, flags) => {
    const url = `${topo.url}?password=data-secret&sentinelPassword=sentinel-secret${query}`;
    const before = await getCalls();
    const out = join(tmp(), `replica${flags.length}.json`);
    const result = await runCli(['run', '--target', url, ...flags, '--command', 'GET {key}', '--keys', '100', '--duration', '2s', '--connections', '6', '--workers', '1', '--quiet', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    expect(report.target.readFrom).toBe('replica');
    expect(report.phases[0]!.totals.errors).toEqual({});
    const gets = (await getCalls()).map((n, i) => n - before[i]!);
    expect(gets[0], 'GETs on the master').toBe(0);
    expect(gets[1]! + gets[2]!).toBe(report.phases[0]!.totals.ops);
    expect(gets[1], 'GETs on replica 1').toBeGreaterThan(0);
    expect(gets[2], 'GETs on replica 2').toBeGreaterThan(0);
  }, 30_000);

  it('in replica mode sends setup and writes to the master and reads to the replicas, with no errors', async () => {
    const file = join(tmp(), 'read-write.yml');
    await writeFile(
      file,
      [
        'name: read-write',
        'keyspace: { prefix: "rw:", keys: 200 }',
        'setup:',
        '  - { command: "SET {key} {value}" }',
        'mix:',
        '  - { command: "GET {key}", weight: 4 }',
        '  - { command: "SET {key} {value}", weight: 1 }',
        '  - { name: block, multi: ["INCR {key:counter}", "GET {key}"], weight: 1 }',
        'keyspaces:',
        '  counter: { prefix: "rw:counter:", keys: 10 }',
        '',
      ].join('\n'),
    );
    const url = `${topo.url}?password=data-secret&sentinelPassword=sentinel-secret`;
    const calls = (): Promise<Record<string, number>[]> =>
      Promise.all(
        topo.dataNodes.map(async (n) => {
          const info = await withConnection(dataNodeTarget(topo.target, { transport: 'tcp', host: n.host, port: n.port }), async (c) => asString(await c.call(['INFO', 'commandstats'])) ?? '');
          return Object.fromEntries([...info.matchAll(/^cmdstat_([a-z]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
        }),
      );
    const before = await calls();
    const out = join(tmp(), 'read-write.json');
    const result = await runCli(['run', file, '--target', url, '--read-from', 'replica', '--duration', '2s', '--connections', '4', '--workers', '1', '--quiet', '--out', out]);
    expect(result.code, describeRun(result)).toBe(0);
    const report = await readReport(out);
    const phase = report.phases[0]!;
    expect(phase.totals.errors).toEqual({});
    expect(report.setup[0]!.errors).toEqual({});
    expect(phase.totals.nulls).toBe(0); // setup filled the keys the replicas read
    const after = await calls();
    const delta = (node: number, cmd: string): number => (after[node]![cmd] ?? 0) - (before[node]![cmd] ?? 0);
    // Writes and whole MULTI blocks on the master (replication does not show in commandstats).
    expect(delta(0, 'set')).toBe(200 + phase.commands['SET']!.ops);
    expect(delta(0, 'exec')).toBe(phase.commands['block']!.ops);
    // Plain GETs on the replicas, spread over both; the master saw only the GETs inside blocks.
    expect(delta(0, 'get')).toBe(phase.commands['block']!.ops);
    expect(delta(1, 'get') + delta(2, 'get')).toBe(phase.commands['GET']!.ops);
    expect(delta(1, 'get')).toBeGreaterThan(0);
    expect(delta(2, 'get')).toBeGreaterThan(0);
  }, 30_000);

  it('follows SENTINEL FAILOVER through +switch-master', async () => {
    const switches: MasterSwitch[] = [];
    const follower = new SentinelFollower(topo.target, { onSwitch: (c) => switches.push(c) });
    const before = await follower.start();
    await withConnection(sentinelNodeTarget(topo.target, topo.target.sentinels[0]!), (c) => c.call(['SENTINEL', 'FAILOVER', topo.masterName]));
    const deadline = Date.now() + 15_000;
    while (switches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await follower.close();
    expect(switches.length).toBeGreaterThan(0);
    expect(switches[0]!.via).toBe('switch-master');
    expect(describeEndpoint(switches[0]!.to)).not.toBe(describeEndpoint(before));
    // The new master is one of the former replicas and says so itself.
    const role = await withConnection(dataNodeTarget(topo.target, switches[0]!.to), (c) => c.call(['ROLE']));
    expect(String((role as Buffer[])[0])).toBe('master');
  }, 30_000);
});
