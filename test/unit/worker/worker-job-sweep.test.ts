/** A swept plan as worker stages (src/worker/worker-job.ts): one compiled mix per value-size step. */
import { describe, expect, test } from 'vitest';
import { applySweep, buildPlan, sweepPlan } from '../../../src/plan/index.js';
import { buildWorkerJobs } from '../../../src/worker/worker-job.js';
import { phaseMixId, workloadLayout } from '../../../src/worker/workload-layout.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { scenario, SET_MIX } from '../../helpers/scenario.js';

const mix = SET_MIX;

describe('worker jobs of a sweep', () => {
  test('a value-size sweep gives each step its own compiled mix after the setup mixes', () => {
    const s = scenario(`name: t\nsetup:\n  - command: "SET {key} {value}"\nsweep: { over: valueSize, values: [16, "4kb"] }\n${mix}`);
    const plan = applySweep(buildPlan(s, { cpuCount: 2, workers: 1 }), sweepPlan(s.sweep!, 0));
    expect(plan.phases.map((p) => p.data)).toEqual([{ kind: 'fixed', bytes: 16 }, { kind: 'fixed', bytes: 4096 }]);
    expect([0, 1].map((p) => phaseMixId(workloadLayout(plan), p))).toEqual([2, 3]);
    const target = parseTarget('redis://127.0.0.1:1') as StandaloneTarget;
    const stages = buildWorkerJobs(plan, target)[0]!.stages;
    // The mix writes, so every step starts from a reset: the setup runs again before each.
    expect(stages.map((st) => [st.kind, st.mix, st.resetBefore])).toEqual([['setup', 1, true], ['measure', 2, false], ['setup', 1, true], ['measure', 3, false]]);
    const kept = buildWorkerJobs({ ...plan, reset: 'none' }, target)[0]!.stages;
    expect(kept.map((st) => [st.kind, st.mix])).toEqual([['setup', 1], ['measure', 2], ['measure', 3]]);
  });
});
