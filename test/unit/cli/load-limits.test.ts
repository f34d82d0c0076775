/** The limits checked before load: caps, workers per CPU and the open-file limit, on given machines. */
import { describe, expect, it } from 'vitest';
import { checkLoadLimits, socketsNeeded } from '../../../src/cli/load-limits.js';
import { buildPlan } from '../../../src/plan/index.js';
import { validateScenarioText } from '../../../src/scenario/index.js';

function plan(yaml: string, overrides: Parameters<typeof buildPlan>[1] = {}) {
  const result = validateScenarioText(yaml, 'test.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildPlan(result.scenario, { cpuCount: 4, ...overrides });
}

const roomy = { cpus: 4, openFiles: { soft: 1_000_000, hard: 1_000_000 } };
const base = 'name: t\nmix:\n  - command: "PUBLISH news {value}"\n';

describe('checkLoadLimits', () => {
  it('counts load, subscriber and consumer sockets', () => {
    const p = plan(`${base}connections: 100\nsubscribers: { connections: 7, channels: news }\n`);
    expect(socketsNeeded(p)).toBe(107);
    expect(socketsNeeded(p, 3)).toBe(307);
  });

  it('passes a plan within every limit, without warnings', () => {
    expect(checkLoadLimits(plan(base, { workers: 4 }), roomy)).toEqual([]);
  });

  it('warns above the CPU count and refuses above four per CPU', () => {
    expect(checkLoadLimits(plan(base, { workers: 5 }), roomy)).toEqual([expect.stringContaining('5 workers on 4 CPUs')]);
    expect(() => checkLoadLimits(plan(base, { workers: 17 }), roomy)).toThrow(/17 workers on 4 CPUs: at most 16 \(4 per CPU\)/);
  });

  it('refuses flag values beyond the caps (flags do not pass through the schema)', () => {
    expect(() => checkLoadLimits(plan(base, { connections: 1e9 }), roomy)).toThrow(/1000000000 connections is above the maximum of 50000/);
    expect(() => checkLoadLimits(plan(base, { pipeline: [1, 20_000] }), roomy)).toThrow(/pipeline 20000 is above the maximum of 10000/);
  });

  it('says how to raise ulimit -n: in the shell below the hard limit, in the system config above it', () => {
    const p = plan(`${base}connections: 1000\n`);
    expect(() => checkLoadLimits(p, { cpus: 4, openFiles: { soft: 512, hard: 4096 } })).toThrow(
      '1000 sockets need about 1064 open files, but this process may open 512 (ulimit -n); raise it with `ulimit -n 1064` in this shell, or use fewer --connections',
    );
    expect(() => checkLoadLimits(p, { cpus: 4, openFiles: { soft: 512, hard: 512 } })).toThrow(/the hard limit is 512: raise it \(LimitNOFILE=/);
    expect(checkLoadLimits(p, { cpus: 4, openFiles: null })).toEqual([]);
  });
});
