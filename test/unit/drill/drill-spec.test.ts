import { describe, expect, it } from 'vitest';
import { resolveDrillSpec } from '../../../src/drill/drill-spec.js';
import { buildPlan } from '../../../src/plan/index.js';
import { validateScenarioText } from '../../../src/scenario/index.js';
import { UsageError } from '../../../src/shared/errors.js';

function scenario(text: string) {
  const r = validateScenarioText(text, 'test.yml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const BASE = 'name: d\nduration: 10s\npipeline: [1, 8]\nmix:\n  - { command: "SET {key} {value}" }\n';

describe('drill spec', () => {
  it('reads the drill: section with units and fills defaults', () => {
    const s = scenario(`${BASE}drill:\n  action: pause-master\n  at: 4s\n  pause: 1500ms\n  phase: pipeline=8\n  writer: { wait: { replicas: 1, timeout: 50ms } }\n`);
    const spec = resolveDrillSpec(s.drill, {}, buildPlan(s, {}));
    expect(spec).toEqual({ action: 'pause-master', atMs: 4000, phase: 'pipeline=8', pauseMs: 1500, pauseWith: 'client-pause', stallAfterMs: 250, writer: true, wait: { replicas: 1, timeoutMs: 50 } });
  });

  it('flags override the section; the first phase is the default', () => {
    const s = scenario(`${BASE}drill: { action: sentinel-failover }\n`);
    const spec = resolveDrillSpec(s.drill, { action: 'kill-master', atMs: 2000, waitReplicas: 2, noWriter: true }, buildPlan(s, {}));
    expect(spec).toMatchObject({ action: 'kill-master', atMs: 2000, phase: 'pipeline=1', writer: false, wait: { replicas: 2, timeoutMs: 100 } });
  });

  it('rejects a missing action, an unknown phase and an event after the phase ends', () => {
    const s = scenario(BASE);
    const plan = buildPlan(s, {});
    expect(() => resolveDrillSpec(undefined, {}, plan)).toThrow(/no drill action/);
    let error: unknown;
    try {
      resolveDrillSpec(undefined, { action: 'pause-master', phase: 'nope' }, plan);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/"nope" is not a phase/);
    expect((error as UsageError).hint).toMatch(/pipeline=1, pipeline=8/);
    expect(() => resolveDrillSpec(undefined, { action: 'pause-master', atMs: 10_000 }, plan)).toThrow(UsageError);
  });

  it('the schema rejects an unknown action and unknown keys', () => {
    const r = validateScenarioText(`${BASE}drill: { action: reboot, when: 3s }\n`, 'test.yml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.issues.map((i) => `${i.path} ${i.message}`).join('\n');
    expect(text).toMatch(/action/);
    expect(text).toMatch(/when/);
  });
});
