/** The scenario's sweep: and slo: sections: units by the swept variable, errors with line and field. */
import { describe, expect, test } from 'vitest';
import { scenario, problems, SET_MIX } from '../../helpers/scenario.js';

const mix = SET_MIX;

describe('sweep and slo sections', () => {
  test('values are parsed with the unit of the swept variable', () => {
    const s = scenario(`name: t\nsweep: { over: rate, values: ["5k/s", 10000, "20k"], stepDuration: 2s }\nslo: { p99: 2ms, errorRate: "0.1%" }\n${mix}`);
    expect(s.sweep).toMatchObject({ over: 'rate', values: [5000, 10000, 20000], stepDurationMs: 2000, earlyStop: true, achievedBelow: 0.9, flatSteps: 2 });
    expect(s.slo).toEqual({ p99: 2, errorRate: 0.001 });
    expect(scenario(`name: t\nsweep: { over: valueSize, values: [64, "1kb"] }\n${mix}`).sweep?.values).toEqual([64, 1024]);
  });

  test('bad sweeps are reported with their line and field', () => {
    expect(problems(`name: t\nsweep:\n  over: rate\n  values: ["fast"]\n${mix}`)).toEqual([
      expect.stringMatching(/^4:sweep\.values\[0\]: rate "fast" is not understood/),
    ]);
    expect(problems(`name: t\nsweep: { over: connections }\n${mix}`)[0]).toMatch(/needs `values` \(a list\) or a range/);
    expect(problems(`name: t\nsweep: { over: pipeline, values: [1], from: 1, to: 4 }\n${mix}`)[0]).toMatch(/either `values` or `from`/);
    expect(problems(`name: t\nsweep: { over: load, values: [1] }\n${mix}`)[0]).toMatch(/sweep\.over/);
    expect(problems(`name: t\nslo: {}\n${mix}`)[0]).toMatch(/at least one objective/);
    expect(problems(`name: t\nslo: { errorRate: 2 }\n${mix}`)[0]).toMatch(/slo\.errorRate/);
  });
});
