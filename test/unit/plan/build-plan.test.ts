import { describe, expect, test } from 'vitest';
import { buildPlan, splitPlan } from '../../../src/plan/index.js';
import { validateScenarioFile } from '../../../src/scenario/index.js';
import { scenario } from '../../helpers/scenario.js';

const minimal = scenario('name: t\nmix:\n  - command: "GET {key}"\n');

describe('buildPlan', () => {
  test('fills in every default', () => {
    const plan = buildPlan(minimal, { cpuCount: 4 });
    expect(plan.workers).toBe(3);
    expect(plan.phases).toEqual([{ name: 'pipeline=1', pipeline: 1, connections: 50, rate: null, durationMs: 10_000, requests: null, warmupMs: 0 }]);
    expect(plan.keyspace).toMatchObject({ prefix: 'rbench:t:', keyPrefix: 'rbench:t:', keys: 10_000, distribution: { kind: 'uniform' }, slotTag: null });
    expect(plan.data).toEqual({ kind: 'fixed', bytes: 64 });
    expect(plan.mix[0]).toMatchObject({ label: 'GET', weight: 1, share: 1, trackHits: true, readOnly: true, kind: 'command' });
    expect(buildPlan(minimal, { cpuCount: 1 }).workers).toBe(1);
  });

  test('overrides replace the stopping rule, pipeline list and rate', () => {
    const s = scenario('name: t\nrequests: 1M\npipeline: [1, 16]\nrate: 20k/s\nmix:\n  - command: "GET {key}"\n');
    expect(buildPlan(s, { cpuCount: 2 }).phases.map((p) => [p.name, p.requests, p.rate])).toEqual([
      ['pipeline=1', 1_000_000, 20_000],
      ['pipeline=16', 1_000_000, 20_000],
    ]);
    const o = buildPlan(s, { durationMs: 5000, pipeline: [4], rate: null, connections: 3, cpuCount: 2 });
    expect(o.phases).toEqual([{ name: 'pipeline=4', pipeline: 4, connections: 3, rate: null, durationMs: 5000, requests: null, warmupMs: 0 }]);
  });

  test('labels, multi blocks, roles and value stamping', async () => {
    const result = await validateScenarioFile('scenarios/queue.yml');
    if (!result.ok) throw new Error('queue.yml invalid');
    const plan = buildPlan(result.scenario, { cpuCount: 2 });
    expect(plan.roles.consumers.map((c) => [c.label, c.connections, c.command.template.command])).toEqual([
      ['worker', 6, 'BRPOP'],
      ['reliable-worker', 2, 'BRPOPLPUSH'],
      ['urgent-worker', 2, 'BLPOP'],
    ]);
    expect(plan.mix.every((e) => e.stampsValue)).toBe(true);
    const tx = scenario('name: t\nmix:\n  - { multi: ["INCR {key}", "EXPIRE {key} 60"], weight: 3 }\n  - { command: "GET {key}", weight: 1 }\n  - { command: "GET {key}", weight: 1 }\n');
    const txPlan = buildPlan(tx, { cpuCount: 2 });
    expect(txPlan.mix.map((e) => [e.label, e.share])).toEqual([['MULTI[INCR,EXPIRE]', 0.6], ['GET', 0.2], ['GET#2', 0.2]]);
    const pub = await validateScenarioFile('scenarios/pubsub.yml');
    if (!pub.ok) throw new Error('pubsub.yml invalid');
    expect(buildPlan(pub.scenario).roles.subscribers?.channels).toEqual(Array.from({ length: 10 }, (_, i) => `news:${i + 1}`));
  });

  test('hashtag keyspaces wrap the prefix and name the slot tag', () => {
    const s = scenario('name: t\nkeyspace: { prefix: "cart:", keys: 10, hashtag: true, distribution: zipf }\nsetup:\n  - command: "SET {key} 1"\nmix:\n  - command: "GET {key}"\n');
    const plan = buildPlan(s);
    expect(plan.keyspace).toMatchObject({ keyPrefix: '{cart:}', slotTag: 'cart:', distribution: { kind: 'zipf', exponent: 0.99 } });
    expect(plan.setup[0]?.count).toBe(10);
  });

  test('distribution parameters default to the values docs/scenario-format.md shows', () => {
    const keyed = (d: string) => buildPlan(scenario(`name: t\nkeyspace: { keys: 10, distribution: ${d} }\nmix:\n  - command: "GET {key}"\n`)).keyspace.distribution;
    expect(keyed('gaussian')).toEqual({ kind: 'gaussian', mean: 0.5, stddev: 0.1 });
    expect(keyed('hotspot')).toEqual({ kind: 'hotspot', hotKeys: 0.2, hotTraffic: 0.8 });
    expect(keyed('{ type: hotspot, hotKeys: 0.05 }')).toEqual({ kind: 'hotspot', hotKeys: 0.05, hotTraffic: 0.8 });
  });

  test('the plan survives JSON round trips unchanged', () => {
    const plan = buildPlan(minimal, { cpuCount: 4 });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('splitPlan', () => {
  const s = scenario('name: t\nconnections: 10\nrequests: 1001\nrate: 1000/s\nsetup:\n  - { command: "SET {key} 1", count: 7 }\nmix:\n  - command: "GET {key}"\n');

  test('splits connections, rate, requests and setup with remainders to the first workers', () => {
    const shares = splitPlan(buildPlan(s), 3);
    expect(shares.map((w) => w.phases[0]?.connections)).toEqual([4, 3, 3]);
    expect(shares.map((w) => w.phases[0]?.rate)).toEqual([400, 300, 300]);
    expect(shares.map((w) => w.phases[0]?.requests)).toEqual([401, 300, 300]);
    expect(shares.map((w) => [w.setup[0]?.start, w.setup[0]?.count])).toEqual([[0, 3], [3, 2], [5, 2]]);
  });

  test('workers without connections get no requests, and seeds differ per worker but repeat', () => {
    const shares = splitPlan(buildPlan(s), 12);
    expect(shares[11]?.phases[0]).toMatchObject({ connections: 0, requests: 0, rate: 0 });
    expect(shares.reduce((n, w) => n + (w.phases[0]?.requests ?? 0), 0)).toBe(1001);
    expect(new Set(shares.map((w) => w.seed)).size).toBe(12);
    expect(splitPlan(buildPlan(s), 12).map((w) => w.seed)).toEqual(shares.map((w) => w.seed));
  });
});
