/**
 * rbench's own warm-up (src/plan/client-warmup.ts): how long it lasts, when there is none, and the
 * stage it becomes on every worker (first, PING only, shaped like the first phase).
 */
import { describe, expect, test } from 'vitest';
import { standaloneLoad } from '../../../src/deployment/deployment-spec.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { buildPlan, CLIENT_WARMUP_MAX_MS, clientWarmupMs, clientWarmupParts, clientWarmupRequests, type PhasePlan } from '../../../src/plan/index.js';
import { CommandEncoder } from '../../../src/resp/encoder.js';
import { buildWorkerJobs } from '../../../src/worker/worker-job.js';
import { CLIENT_WARMUP_LABELS, MAIN_MIX } from '../../../src/worker/workload-layout.js';
import { compileWorkload } from '../../../src/worker/workload-setup.js';
import { scenario } from '../../helpers/scenario.js';

const target = parseTarget('redis://127.0.0.1:1') as StandaloneTarget;
const phase = (durationMs: number | null, requests: number | null = null): PhasePlan => ({
  name: 'p',
  pipeline: 1,
  connections: 10,
  rate: null,
  durationMs,
  requests,
  warmupMs: 0,
});

const withSetup = scenario(`name: warm
keyspace: { keys: 100 }
data: { size: 3 }
setup:
  - { command: "SET {key} {value}" }
mix:
  - { command: "INCR {key}" }
`);

describe('clientWarmupMs', () => {
  test('a tenth of the first phase, at most half a second', () => {
    expect(clientWarmupMs(phase(2000))).toBe(200);
    expect(clientWarmupMs(phase(30_000))).toBe(CLIENT_WARMUP_MAX_MS);
    expect(clientWarmupMs(phase(5))).toBe(0);
  });

  test('a tenth of the request count before a request-bound phase, within half a second; none without phases', () => {
    expect(clientWarmupMs(phase(null, 1000))).toBe(CLIENT_WARMUP_MAX_MS);
    expect(clientWarmupRequests(1000)).toBe(100);
    expect(clientWarmupRequests(9)).toBe(0);
    expect(clientWarmupRequests(null)).toBeNull();
    expect(clientWarmupMs(undefined)).toBe(0);
  });

  test('buildPlan sets it only when asked (the CLI asks unless --no-client-warmup)', () => {
    expect(buildPlan(withSetup, { durationMs: 3000 }).clientWarmupMs).toBe(0);
    expect(buildPlan(withSetup, { durationMs: 3000, clientWarmup: false }).clientWarmupMs).toBe(0);
    expect(buildPlan(withSetup, { durationMs: 3000, clientWarmup: true }).clientWarmupMs).toBe(300);
    expect(buildPlan(withSetup, { requests: 500, clientWarmup: true }).clientWarmupMs).toBe(CLIENT_WARMUP_MAX_MS);
  });
});

describe('the client warm-up stage', () => {
  test('comes first on every worker, before the setup, shaped like the first phase, and sends PING', () => {
    const plan = buildPlan(withSetup, { durationMs: 3000, clientWarmup: true, workers: 2, cpuCount: 2, pipeline: [4, 1], connections: 10, rate: 2000 });
    const jobs = buildWorkerJobs(plan, standaloneLoad(target));
    for (const job of jobs) {
      const [first, rest, setup] = job.stages;
      // Two parts (the first stops once before the second re-warms), 300 ms in all.
      expect(first).toMatchObject({ name: 'client warm-up', kind: 'warmup', pipeline: 4, durationMs: 90, requests: null, phase: null, resetBefore: false });
      expect(rest).toEqual({ ...first, durationMs: 210 });
      expect(first!.rate).toBe(job.share.phases[0]!.rate);
      expect(first!.connections).toBe(job.share.phases[0]!.connections);
      // The setup still starts from a clean key space: the reset stays on its first stage.
      expect(setup).toMatchObject({ kind: 'setup', resetBefore: true });
      expect(job.stages.filter((s) => s.name === 'client warm-up')).toHaveLength(2);

      const mixLayout = job.layout.mixes.find((m) => m.id === first!.mix)!;
      expect(mixLayout.labels).toEqual(CLIENT_WARMUP_LABELS);
      // PING alone, with a generated key and with a generated value (of the plan's size) as its message.
      const compiled = compileWorkload(plan, job.share, job.layout).mix(first!.mix);
      const sent = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const encoder = new CommandEncoder();
        compiled.mix.emit(compiled.mix.pick(), encoder);
        const text = encoder.take().toString('latin1');
        sent.add(text === '*1\r\n$4\r\nPING\r\n' ? 'alone' : /^\*2\r\n\$4\r\nPING\r\n\$\d+\r\nrbench:warm:\d+\r\n$/.test(text) ? 'key' : /^\*2\r\n\$4\r\nPING\r\n\$3\r\n.{3}\r\n$/s.test(text) ? 'value' : text);
      }
      expect([...sent].sort()).toEqual(['alone', 'key', 'value']);
    }
    // The measured stages still send (and record under) the scenario's mix alone.
    const measured = jobs[0]!.stages.filter((s) => s.kind === 'measure');
    expect(measured.map((s) => s.mix)).toEqual([MAIN_MIX, MAIN_MIX]);
    expect(jobs[0]!.layout.mixes.find((m) => m.id === MAIN_MIX)!.labels).toEqual(['INCR']);
  });

  test('runs the code the mix runs: its key goes through argKey, and its integer entries are an array of booleans like the mix\'s', () => {
    const plan = buildPlan(withSetup, { durationMs: 3000, clientWarmup: true, workers: 1, cpuCount: 1 });
    const job = buildWorkerJobs(plan, standaloneLoad(target))[0]!;
    const workload = compileWorkload(plan, job.share, job.layout);
    const warmup = workload.mix(job.stages[0]!.mix);
    const keys: string[] = [];
    const encoder = new CommandEncoder();
    const recording = Object.assign(encoder, {
      argKey(b: Uint8Array) {
        keys.push(Buffer.from(b).toString('latin1'));
        return encoder.argBuffer(b);
      },
    });
    for (let i = 0; i < 100; i++) warmup.mix.emit(warmup.mix.pick(), recording);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.every((k) => /^rbench:warm:\d+$/.test(k))).toBe(true);
    // The same array shape for every stage (V8's code for the send loop met a new one at the
    // switch to the mix, and threw its optimised code away in the phase's first milliseconds).
    expect(warmup.integerEntries).toEqual([false, false, false]);
    expect(workload.mix(MAIN_MIX).integerEntries).toEqual([false]);
  });

  test('before a request-bound run: each worker sends a tenth of its share, on every worker even when that is none', () => {
    const plan = buildPlan(withSetup, { requests: 25, clientWarmup: true, workers: 2, cpuCount: 2 });
    const jobs = buildWorkerJobs(plan, standaloneLoad(target));
    for (const job of jobs) {
      const parts = job.stages.filter((s) => s.name === 'client warm-up');
      expect(parts).toHaveLength(2);
      expect(parts[0]!.durationMs! + parts[1]!.durationMs!).toBe(CLIENT_WARMUP_MAX_MS);
      expect(parts[0]!.requests! + parts[1]!.requests!).toBe(Math.floor(job.share.phases[0]!.requests! / 10));
    }
    expect(jobs.map((job) => job.stages.length)).toEqual([jobs[0]!.stages.length, jobs[0]!.stages.length]);
  });

  test('splits into a first part of 30% and the rest, in time and in PINGs', () => {
    expect(clientWarmupParts(500, null)).toEqual([{ durationMs: 150, requests: null }, { durationMs: 350, requests: null }]);
    expect(clientWarmupParts(500, 25)).toEqual([{ durationMs: 150, requests: 7 }, { durationMs: 350, requests: 18 }]);
    expect(clientWarmupParts(500, 0)).toEqual([{ durationMs: 150, requests: 0 }, { durationMs: 350, requests: 0 }]);
  });

  test('every stage spec has its fields in one order (one V8 map for the send loop to read)', () => {
    const plan = buildPlan(withSetup, { durationMs: 3000, warmupMs: 500, clientWarmup: true, workers: 1, cpuCount: 1, pipeline: [4, 1] });
    const [job] = buildWorkerJobs(plan, standaloneLoad(target));
    expect(new Set(job!.stages.map((s) => s.kind))).toEqual(new Set(['warmup', 'setup', 'measure']));
    const order = Object.keys(job!.stages[0]!);
    for (const stage of job!.stages) expect(Object.keys(stage)).toEqual(order);
  });

  test('is absent when the plan has none', () => {
    const plan = buildPlan(withSetup, { durationMs: 3000, workers: 1, cpuCount: 1 });
    const [job] = buildWorkerJobs(plan, standaloneLoad(target));
    expect(job!.stages.some((s) => s.name === 'client warm-up')).toBe(false);
    expect(job!.layout.mixes.some((m) => m.source.kind === 'client-warmup')).toBe(false);
  });
});
