/**
 * The workload layout (src/worker/workload-layout.ts) the main thread sends and the worker compiles
 * from (src/worker/workload-setup.ts): every stage's mix id finds the mix it should send, every
 * role records under its own label, and a layout that does not cover a stage or a role is refused
 * with a message naming it.
 */
import { describe, expect, test } from 'vitest';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { LatencyRecorder } from '../../../src/metrics/index.js';
import { buildPlan, type Plan, type PlanOverrides } from '../../../src/plan/index.js';
import { CommandEncoder } from '../../../src/resp/encoder.js';
import { DELIVERY_LABEL, queueLabel } from '../../../src/shared/role-labels.js';
import { buildWorkerJobs, type WorkerJob } from '../../../src/worker/worker-job.js';
import { checkLayout, MAIN_MIX, stageSlots, workloadLayout, type WorkloadLayout } from '../../../src/worker/workload-layout.js';
import { compileWorkload } from '../../../src/worker/workload-setup.js';
import { scenario } from '../../helpers/scenario.js';

const target = parseTarget('redis://127.0.0.1:1') as StandaloneTarget;

/** Two setup steps, a two-entry mix, four phases of which the 2nd and 4th have their own value size. */
function mixedPlan(): Plan {
  const s = scenario(`name: layout
keyspace: { keys: 50 }
data: { size: 10 }
setup:
  - { command: "HSET {key} f {value}", count: 20 }
  - { command: "SADD {key} m", count: 30 }
mix:
  - { name: write, command: "SET {key} {value}" }
  - { name: read, command: "GET {key}" }
`);
  const plan = buildPlan(s, { cpuCount: 2, workers: 2, pipeline: [1, 2, 4, 8], requests: 100, warmupMs: 1000 });
  plan.phases[1]!.data = { kind: 'fixed', bytes: 100 };
  plan.phases[3]!.data = { kind: 'fixed', bytes: 3000 };
  return plan;
}

/** A plan with subscribers (optional), two consumer groups and a setup step. */
function rolesPlan(subscribers: boolean, overrides: PlanOverrides = {}): Plan {
  const s = scenario(`name: roles
keyspace: { keys: 4 }
setup:
  - { command: "DEL {key}", count: 4 }
${subscribers ? 'subscribers: { connections: 2, channels: "news:{int:1..3}" }\n' : ''}consumers:
  - { name: alpha, connections: 2, command: "BRPOP {key} 1" }
  - { name: beta, connections: 1, command: "BLPOP {key} 1" }
mix:
  - { name: push, command: "LPUSH {key} {value}" }
${subscribers ? '  - { name: pub, command: "PUBLISH news:{int:1..3} {value}" }\n' : ''}`);
  return buildPlan(s, { cpuCount: 2, workers: 2, pipeline: [1, 4], requests: 100, warmupMs: 0, ...overrides });
}

/** The arguments of the one command `emit` writes (RESP array of bulk strings, parsed by length). */
function emitted(emit: (enc: CommandEncoder) => void): string[] {
  const enc = new CommandEncoder();
  emit(enc);
  const bytes = enc.take().toString('latin1');
  const args: string[] = [];
  let at = bytes.indexOf('\r\n') + 2;
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n', at);
    const len = Number(bytes.slice(at + 1, end));
    args.push(bytes.slice(end + 2, end + 2 + len));
    at = end + 2 + len + 2;
  }
  return args;
}

/** What each stage of `job` sends, as the worker compiles it from `layout`. */
function sentByStage(job: WorkerJob, layout: WorkloadLayout) {
  const workload = compileWorkload(job.plan, job.share, layout);
  return job.stages.map((stage) => {
    const mix = workload.mix(stage.mix);
    return { stage, labels: mix.labels, first: emitted((enc) => mix.mix.emit(0, enc)) };
  });
}

describe('the workload layout', () => {
  test('every stage finds, by the id the main thread gave it, the mix it should send', () => {
    const plan = mixedPlan();
    const jobs = buildWorkerJobs(plan, target);
    expect(jobs.map((j) => j.layout)).toEqual([workloadLayout(plan), workloadLayout(plan)]);
    const setupByName = new Map(plan.setup.map((step) => [`setup ${step.label}`, step]));
    const kinds = new Set<string>();
    for (const job of jobs) {
      checkLayout(job.layout, job.plan, job.stages);
      for (const { stage, labels, first } of sentByStage(job, job.layout)) {
        kinds.add(`${stage.kind}:${stage.phase}`);
        if (stage.kind === 'setup') {
          const step = setupByName.get(stage.name)!;
          expect(labels, stage.name).toEqual([step.label]);
          expect(first[0], stage.name).toBe(step.commands[0]!.template.command);
        } else {
          const phase = plan.phases[stage.phase!]!;
          const data = phase.data ?? plan.data;
          expect(labels, stage.name).toEqual(['write', 'read']);
          expect(first[0], stage.name).toBe('SET');
          expect(data.kind).toBe('fixed');
          expect(first[2]!.length, stage.name).toBe(data.kind === 'fixed' ? data.bytes : -1);
        }
      }
    }
    // Both setup steps, and a warm-up and a measured stage of each phase, were looked at.
    expect([...kinds].sort()).toEqual(['measure:0', 'measure:1', 'measure:2', 'measure:3', 'setup:null', 'warmup:0', 'warmup:1', 'warmup:2', 'warmup:3']);
    expect(new Set(jobs[0]!.stages.filter((s) => s.kind === 'setup').map((s) => s.name))).toEqual(new Set(['setup HSET', 'setup SADD']));
  });

  test('the worker compiles by id, not by position: a reordered layout sends the same mixes', () => {
    const plan = mixedPlan();
    const job = buildWorkerJobs(plan, target)[0]!;
    const reordered: WorkloadLayout = { ...job.layout, mixes: [...job.layout.mixes].reverse() };
    const strip = (rows: ReturnType<typeof sentByStage>) => rows.map(({ stage, labels, first }) => [stage.name, labels, first[0], first[2]?.length]);
    expect(strip(sentByStage(job, reordered))).toEqual(strip(sentByStage(job, job.layout)));
    // Phases without their own value size send the measured mix; the others each their own copy.
    const phaseMixes = plan.phases.map((_, p) => job.stages.find((s) => s.kind === 'measure' && s.phase === p)!.mix);
    expect(phaseMixes[0]).toBe(MAIN_MIX);
    expect(phaseMixes[2]).toBe(MAIN_MIX);
    expect(new Set([MAIN_MIX, phaseMixes[1], phaseMixes[3], ...job.stages.filter((s) => s.kind === 'setup').map((s) => s.mix)]).size).toBe(5);
  });

  test.each([true, false])('each role records under its own label in every stage (subscribers: %s)', (subscribers) => {
    const plan = rolesPlan(subscribers);
    const job = buildWorkerJobs(plan, target)[0]!;
    checkLayout(job.layout, plan, job.stages);
    const workload = compileWorkload(plan, job.share, job.layout);
    const groups = plan.roles.consumers.length;
    expect(groups).toBe(2);
    expect(new Set(job.stages.map((s) => s.kind))).toEqual(new Set(['setup', 'measure']));
    for (const stage of job.stages) {
      const mixLabels = workload.mix(stage.mix).labels;
      const slots = stageSlots(mixLabels, job.layout.roles, groups);
      const recorder = new LatencyRecorder({ phase: stage.name, labels: slots.labels, separateServiceTime: false });
      try {
        // One delivery, then 2 waits for the first group and 3 for the second, each at its slot.
        if (subscribers) recorder.record(slots.delivery!, 100, 100, false);
        else expect(slots.delivery).toBeNull();
        for (let g = 0; g < groups; g++) for (let n = 0; n < g + 2; n++) recorder.record(slots.queues[g]!, 200, 200, false);
        const ops = Object.fromEntries(recorder.snapshotTotals().commands.map((c) => [c.label, c.ops]));
        expect(ops, stage.name).toEqual({
          ...Object.fromEntries(mixLabels.map((l) => [l, 0])),
          ...(subscribers && { [DELIVERY_LABEL]: 1 }),
          [queueLabel('alpha')]: 2,
          [queueLabel('beta')]: 3,
        });
      } finally {
        recorder.destroy();
      }
    }
  });
});

describe('a layout that does not match the plan or the stages', () => {
  test('a stage naming a mix the layout does not list is refused before the worker starts', () => {
    const plan = mixedPlan();
    const job = buildWorkerJobs(plan, target)[0]!;
    const last = job.stages.find((s) => s.kind === 'measure' && s.phase === 3)!;
    const missing = { ...job.layout, mixes: job.layout.mixes.filter((m) => m.id !== last.mix) };
    expect(() => checkLayout(missing, plan, job.stages)).toThrow(`stage "warm-up pipeline=8" sends mix ${last.mix}, which the workload layout does not list`);
    expect(() => compileWorkload(plan, job.share, missing).mix(last.mix)).toThrow(`no mix ${last.mix} in the workload layout (it lists 0, 1, 2, 3)`);
    const twice = { ...job.layout, mixes: [...job.layout.mixes, job.layout.mixes[1]!] };
    expect(() => checkLayout(twice, plan, job.stages)).toThrow('the workload layout lists mix id 1 twice');
    expect(() => compileWorkload(plan, job.share, twice)).toThrow('the workload layout lists mix id 1 twice');
  });

  test('a mix whose source or labels do not fit the plan is refused while compiling', () => {
    const plan = mixedPlan();
    const job = buildWorkerJobs(plan, target)[0]!;
    const compileWith = (mix: WorkloadLayout['mixes'][number]) => () => compileWorkload(plan, job.share, { ...job.layout, mixes: [mix] });
    expect(compileWith({ id: 7, source: { kind: 'setup', step: 2 }, labels: ['x'] })).toThrow('mix 7 is setup step 2, but the plan has 2 setup steps');
    expect(compileWith({ id: 7, source: { kind: 'phase', phase: 0 }, labels: ['write', 'read'] })).toThrow("mix 7 is phase 0's own value size, but that phase has none");
    expect(compileWith({ id: 0, source: { kind: 'measured' }, labels: ['write'] })).toThrow('mix 0 has 2 entries but the workload layout gives it 1 labels');
  });

  test('a role without exactly one slot is refused', () => {
    const plan = rolesPlan(true);
    const job = buildWorkerJobs(plan, target)[0]!;
    const without = (drop: (slot: WorkloadLayout['roles'][number]) => boolean) => ({ ...job.layout, roles: job.layout.roles.filter((s) => !drop(s)) });
    expect(() => checkLayout(without((s) => s.kind === 'queue' && s.group === 1), plan, job.stages)).toThrow('the workload layout has 0 queue slot(s) for consumer group "beta"');
    expect(() => checkLayout(without((s) => s.kind === 'delivery'), plan, job.stages)).toThrow('the workload layout has 0 delivery slot(s) for one subscriber role');
    const doubled = { ...job.layout, roles: [...job.layout.roles, job.layout.roles[1]!] };
    expect(() => checkLayout(doubled, plan, job.stages)).toThrow('the workload layout has 2 queue slot(s) for consumer group "alpha"');
    expect(() => stageSlots(['push'], [{ kind: 'queue', group: 2, label: 'queue:x' }], 2)).toThrow(
      'the workload layout has a queue slot for consumer group 2, but the plan has 2',
    );
  });
});
