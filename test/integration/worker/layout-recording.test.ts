/**
 * The real worker (dist/src/worker/entry.js, through the pool) against a real redis-server records
 * each stage under the layout's labels: a setup step, a phase on the measured mix, a phase with its
 * own value size, pub/sub deliveries and two consumer groups, of which only one ever gets an item.
 */
import { describe, expect, it } from 'vitest';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import type { EncodedStageSnapshot } from '../../../src/metrics/stage-snapshot.js';
import { buildPlan } from '../../../src/plan/index.js';
import { startPool } from '../../../src/pool/worker-pool.js';
import { DELIVERY_LABEL, queueLabel } from '../../../src/shared/role-labels.js';
import { buildWorkerJobs } from '../../../src/worker/worker-job.js';
import { requireBuiltCli } from '../../helpers/cli.js';
import { useRedis } from '../../helpers/redis.js';
import { scenario } from '../../helpers/scenario.js';

requireBuiltCli(); // the pool starts dist/src/worker/entry.js
const server = useRedis();

const SCENARIO = `name: layout-roles
keyspace: { prefix: "layout:main:", keys: 1 }
keyspaces:
  qa: { prefix: "layout:qa:", keys: 1 }
  qb: { prefix: "layout:qb:", keys: 1 }
setup:
  - { name: clear, command: "DEL {key:qb}", count: 3 }
subscribers: { connections: 1, channels: "layout:news" }
consumers:
  - { name: alpha, connections: 1, command: "BRPOP {key:qa} 1" }
  - { name: beta, connections: 1, command: "BRPOP {key:qb} 1" }
mix:
  - { name: push-a, command: "LPUSH {key:qa} {value}", weight: 3 }
  - { name: pub, command: "PUBLISH layout:news {value}", weight: 1 }
`;

const opsByLabel = (s: EncodedStageSnapshot): Record<string, number> => Object.fromEntries(s.commands.map((c) => [c.label, c.ops]));

describe('a worker records into the slots of the layout', () => {
  it('keeps setup, mix and role labels apart in every stage, and each group under its own name', async () => {
    const plan = buildPlan(scenario(SCENARIO), { cpuCount: 2, workers: 1, pipeline: [1, 4], requests: 1200, warmupMs: 0, connections: 2 });
    plan.phases[1]!.data = { kind: 'fixed', bytes: 64 };
    const jobs = buildWorkerJobs(plan, parseTarget(server().url) as StandaloneTarget);
    const stages = jobs[0]!.stages;
    expect(stages.map((s) => [s.kind, s.phase])).toEqual([['setup', null], ['measure', 0], ['setup', null], ['measure', 1]]);
    expect(stages[3]!.mix).not.toBe(stages[1]!.mix);

    const run = await startPool(jobs).done;
    expect(run.failures).toEqual([]);
    const totals = run.stageTotals.map((stage) => stage[0]!);
    const roles = [DELIVERY_LABEL, queueLabel('alpha'), queueLabel('beta')];
    let pushed = 0;
    let published = 0;
    let popped = 0;
    let delivered = 0;
    totals.forEach((snapshot, s) => {
      const ops = opsByLabel(snapshot);
      const mixLabels = stages[s]!.kind === 'setup' ? ['clear'] : ['push-a', 'pub'];
      expect(snapshot.commands.map((c) => c.label), stages[s]!.name).toEqual([...mixLabels, ...roles]);
      if (stages[s]!.kind === 'setup') expect(ops.clear).toBe(3);
      else expect(ops['push-a']! + ops.pub!).toBe(1200);
      pushed += ops['push-a'] ?? 0;
      published += ops.pub ?? 0;
      popped += ops[queueLabel('alpha')]!;
      delivered += ops[DELIVERY_LABEL]!;
      // Nothing is ever pushed to beta's list: any wait recorded there belongs to another role.
      expect(ops[queueLabel('beta')], stages[s]!.name).toBe(0);
    });
    expect(popped).toBeGreaterThan(0);
    expect(popped).toBeLessThanOrEqual(pushed);
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(published);
  }, 60_000);
});
