/**
 * The worker pool (src/pool/worker-pool.ts) with its real worker entry (dist/) against a real
 * redis-server: stages run back to back behind the barrier, every worker's totals come back and
 * add up to what the server executed, the live counters move, and a stage can be skipped, refused
 * or interrupted.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { buildPlan, type PlanOverrides } from '../../../src/plan/index.js';
import { startPool, type StageEvents } from '../../../src/pool/worker-pool.js';
import { asString } from '../../../src/resp/values.js';
import { validateScenarioText } from '../../../src/scenario/index.js';
import type { EncodedStageSnapshot } from '../../../src/metrics/stage-snapshot.js';
import { buildWorkerJobs } from '../../../src/worker/worker-job.js';
import { standaloneLoad } from '../../../src/deployment/deployment-spec.js';
import { requireBuiltCli } from '../../helpers/cli.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

requireBuiltCli(); // the pool starts dist/src/worker/entry.js
const server = useRedis();

/** Jobs for `GET {key}` over 100 keys, two workers, with these overrides. */
function jobs(overrides: PlanOverrides) {
  const parsed = validateScenarioText('name: pool\nkeyspace: { keys: 100 }\nmix:\n  - command: "GET {key}"\n', 'pool.yml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const plan = buildPlan(parsed.scenario, { cpuCount: 2, workers: 2, warmupMs: 0, connections: 4, ...overrides });
  return buildWorkerJobs(plan, standaloneLoad(parseTarget(server().url) as StandaloneTarget));
}

const opsOf = (s: EncodedStageSnapshot | null): number => (s === null ? 0 : s.commands.reduce((a, c) => a + c.ops, 0));

async function serverGets(reset = false): Promise<number> {
  const conn = await connectTo(server());
  try {
    if (reset) await conn.call(['CONFIG', 'RESETSTAT']);
    const info = asString(await conn.call(['INFO', 'commandstats'])) ?? '';
    return Number(/^cmdstat_get:calls=(\d+)/m.exec(info)?.[1] ?? 0);
  } finally {
    await conn.close();
  }
}

describe('worker pool', () => {
  it('runs the stages in order on every worker, and the totals add up to what the server executed', async () => {
    await serverGets(true);
    const events: string[] = [];
    const observer: StageEvents = {
      beforeStage: (s) => (events.push(`before ${s}`), 'go'),
      onStageStart: (s) => void events.push(`start ${s}`),
      onStageDone: (s, totals) => void events.push(`done ${s}: ${totals.map((t) => (t === null ? 'null' : 'totals')).join(',')}`),
    };
    const run = await startPool(jobs({ requests: 4000, pipeline: [1, 8] }), observer).done;
    expect(run.failures).toEqual([]);
    expect(run.interrupted).toBe(false);
    expect(events).toEqual(['before 0', 'start 0', 'done 0: totals,totals', 'before 1', 'start 1', 'done 1: totals,totals']);
    // Each stage did exactly its requests, split over the two workers, and the server saw each one.
    expect(run.stageTotals.map((stage) => stage.reduce((a, t) => a + opsOf(t), 0))).toEqual([4000, 4000]);
    expect(run.stageTotals.every((stage) => stage.every((t) => opsOf(t) > 0))).toBe(true);
    expect(await serverGets()).toBe(8000);
  }, 60_000);

  it('shows the commands in flight and the ops so far while a stage runs', async () => {
    const samples: { ops: number; inFlight: number }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pool = startPool(jobs({ durationMs: 2500, pipeline: [8] }), {
      onStageStart: () => {
        timer = setInterval(() => samples.push(pool.live()), 50);
      },
      onStageDone: () => clearInterval(timer),
    });
    const run = await pool.done;
    clearInterval(timer);
    expect(run.failures).toEqual([]);
    // Published once a second per worker: by the end, two or more readings have come in.
    const seen = samples.filter((s) => s.ops > 0);
    expect(seen.length).toBeGreaterThan(0);
    // 4 connections at depth 8 keep up to 32 commands out; the worker once always published 0.
    expect(Math.max(...seen.map((s) => s.inFlight))).toBeGreaterThan(0);
    expect(Math.max(...seen.map((s) => s.inFlight))).toBeLessThanOrEqual(32);
    expect(seen.at(-1)!.ops).toBeLessThanOrEqual(run.stageTotals[0]!.reduce((a, t) => a + opsOf(t), 0));
  }, 60_000);

  it('waits for a stage without a timer per wake (the main thread sets one for the stage limit)', async () => {
    let duringStage = 0;
    let counting = false;
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
      if (counting) duringStage++;
      return real(...args);
    }) as typeof setTimeout);
    try {
      const run = await startPool(jobs({ durationMs: 2500, pipeline: [8] }), {
        onStageStart: () => void (counting = true),
        onStageDone: () => void (counting = false),
      }).done;
      expect(run.failures).toEqual([]);
      expect(run.stageTotals[0]!.every((t) => opsOf(t) > 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
    // A 100 ms poll set about 25 in 2.5 s, plus one per message; now the stage's limit is one.
    expect(duringStage).toBeLessThanOrEqual(3);
  }, 60_000);

  it('skipRemaining() after a stage runs no further stage and finishes normally', async () => {
    const started: number[] = [];
    const pool = startPool(jobs({ requests: 500, pipeline: [1, 2, 4] }), {
      onStageStart: (s) => void started.push(s),
      onStageDone: (s) => {
        if (s === 0) pool.skipRemaining();
      },
    });
    const run = await pool.done;
    expect(started).toEqual([0]);
    expect(run.interrupted).toBe(false);
    expect(run.failures).toEqual([]);
    expect(run.stageTotals.map((stage) => stage.map((t) => t !== null))).toEqual([[true, true], [false, false], [false, false]]);
  }, 60_000);

  it("beforeStage 'stop' refuses the stage and the rest", async () => {
    const run = await startPool(jobs({ requests: 500, pipeline: [1, 2] }), { beforeStage: (s) => (s === 1 ? 'stop' : 'go') }).done;
    expect(run.failures).toEqual([]);
    expect(run.stageTotals.map((stage) => stage.map((t) => opsOf(t) > 0))).toEqual([[true, true], [false, false]]);
  }, 60_000);

  it('interrupt() stops a long stage within seconds and keeps what was measured', async () => {
    const pool = startPool(jobs({ durationMs: 60_000, pipeline: [1, 2] }), {
      onStageStart: (s) => {
        if (s === 0) setTimeout(() => pool.interrupt(), 700);
      },
    });
    const startedAt = Date.now();
    const run = await pool.done;
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(run.interrupted).toBe(true);
    expect(run.failures).toEqual([]);
    expect(run.stageTotals[0]!.reduce((a, t) => a + opsOf(t), 0)).toBeGreaterThan(0);
    expect(run.stageTotals[1]).toEqual([null, null]);
  }, 60_000);
});
