/** Verdicts from phase figures: each kind fires on the numbers it names and stays quiet otherwise. */
import { describe, expect, it } from 'vitest';
import type { PhaseResult, TimelineRow } from '../../../src/report/run-result.js';
import { failedShare, mannKendallSignificant, median, phaseVerdicts } from '../../../src/report/verdicts.js';
import { samplePhase } from '../../helpers/sample-result.js';

const rows = (rates: number[], p99 = 1000): TimelineRow[] => rates.map((r, t) => ({ t, durationS: 1, ops: r, opsPerSec: r, p50Us: 100, p99Us: p99, errors: 0 }));

function phase(overrides: Partial<PhaseResult>): PhaseResult {
  return { ...samplePhase({ name: 'p', seconds: 2, perSecond: 10, latencyUs: () => 200 }), ...overrides };
}

const kinds = (p: PhaseResult, maxErrorRate = 0.01) => phaseVerdicts(p, { maxErrorRate }).map((v) => v.kind);

describe('not-steady', () => {
  it('fires on a falling throughput and names the change', () => {
    const v = phaseVerdicts(phase({ timeline: rows([1000, 900, 800, 700, 600, 500]) }), { maxErrorRate: 0.01 });
    const ns = v.find((x) => x.kind === 'not-steady');
    expect(ns).toMatchObject({ kind: 'not-steady', metric: 'throughput', firstThird: 950, lastThird: 550 });
    expect(ns!.message).toMatch(/fell 42%/);
  });

  it('stays quiet on noise without a trend, on small changes, and on short phases', () => {
    expect(kinds(phase({ timeline: rows([1000, 600, 1100, 500, 1000, 900]) }))).not.toContain('not-steady');
    expect(kinds(phase({ timeline: rows([1000, 990, 980, 970, 960, 950]) }))).not.toContain('not-steady');
    expect(kinds(phase({ timeline: rows([1000, 500, 100]) }))).not.toContain('not-steady');
  });

  it('ignores a partial last second (it is not a fall)', () => {
    const timeline = [...rows([1000, 1000, 1000, 1000, 1000]), { t: 5, durationS: 0.01, ops: 10, opsPerSec: 10, p50Us: 100, p99Us: 1000, errors: 0 }];
    expect(kinds(phase({ timeline }))).not.toContain('not-steady');
  });

  it('fires on a rising p99', () => {
    const timeline = rows([1000, 1000, 1000, 1000, 1000, 1000]).map((r, i) => ({ ...r, p99Us: 1000 * (i + 1) }));
    // A 40% swing of p99 is within what a shared machine does: not flagged.
    const noisy = rows([1000, 1000, 1000, 1000, 1000, 1000]).map((r, i) => ({ ...r, p99Us: 1000 - 80 * i }));
    expect(kinds(phase({ timeline: noisy }))).not.toContain('not-steady');
    expect(phaseVerdicts(phase({ timeline }), { maxErrorRate: 0.01 }).find((v) => v.kind === 'not-steady')).toMatchObject({ metric: 'p99' });
  });
});

describe('stall', () => {
  it('fires at 1 s, or at 100x the p50, never under 50 ms', () => {
    const p = phase({ stalls: [{ atS: 2, durationS: 1.2, round: 0 }] });
    expect(phaseVerdicts(p, { maxErrorRate: 0.01 }).find((v) => v.kind === 'stall')).toMatchObject({ atS: 2, durationS: 1.2 });
    // p50 is 200 us here: 100 x p50 = 20 ms, below the floor.
    expect(kinds(phase({ stalls: [{ atS: 2, durationS: 0.03, round: 0 }] }))).not.toContain('stall');
    expect(kinds(phase({ stalls: [{ atS: 2, durationS: 0.06, round: 0 }] }))).toContain('stall');
  });

  it('explains what the closed loop hides', () => {
    const v = phaseVerdicts(phase({ rate: null, stalls: [{ atS: 0, durationS: 2, round: 0 }] }), { maxErrorRate: 0.01 }).find((x) => x.kind === 'stall');
    expect(v!.message).toMatch(/once per connection.*--rate/);
  });
});

describe('errors', () => {
  it('fires above the limit with the main kinds, counting never-completed commands', () => {
    const base = phase({});
    const p = phase({ totals: { ...base.totals, ops: 100, errors: { OOM: 250 } }, schedule: { ...scheduleOf(), dropped: 30, unsent: 20, abandoned: 0 } });
    expect(failedShare(p)).toBeCloseTo(300 / 400);
    const v = phaseVerdicts(p, { maxErrorRate: 0.01 }).find((x) => x.kind === 'errors');
    expect(v!.message).toMatch(/^75% of commands failed or never completed: OOM 250, dropped 30, unsent 20/);
    expect(kinds(p, 1)).not.toContain('errors');
  });

  it('stays quiet under the limit', () => {
    const base = phase({});
    expect(kinds(phase({ totals: { ...base.totals, ops: 1000, errors: { ERR: 5 } } }))).not.toContain('errors');
  });
});

describe('client-bound', () => {
  it('fires on a busy worker event loop or a late schedule', () => {
    expect(kinds(phase({ client: clientAt(0.97) }))).toContain('client-bound');
    expect(kinds(phase({ client: clientAt(0.5) }))).not.toContain('client-bound');
    const late = scheduleOf();
    late.sendLagUs = { ...late.sendLagUs, p99: 2500 };
    const v = phaseVerdicts(phase({ schedule: late }), { maxErrorRate: 0.01 }).find((x) => x.kind === 'client-bound');
    expect(v).toMatchObject({ sendLagP99Us: 2500 });
    expect(v!.message).toMatch(/measure rbench, not Redis/);
  });
});

describe('helpers', () => {
  it('Mann-Kendall finds monotone series and not shuffled ones', () => {
    expect(mannKendallSignificant([1, 2, 3, 4, 5])).toBe(true);
    expect(mannKendallSignificant([5, 4, 3, 2, 1])).toBe(true);
    expect(mannKendallSignificant([3, 1, 4, 1, 5, 2])).toBe(false);
    expect(mannKendallSignificant([1, 2, 3])).toBe(false);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

function scheduleOf(): NonNullable<PhaseResult['schedule']> {
  const lag = samplePhase({ name: 'x', seconds: 1, perSecond: 1, latencyUs: () => 10 }).totals.latencyUs;
  return { targetRate: 1000, achievedRate: 1000, sendLagUs: { ...lag, p99: 10 }, lateSends: 0, dropped: 0, scheduled: 0, completed: 0, errorReplies: 0, transportFailures: 0, unsent: 0, abandoned: 0 };
}

/** rbench's own load with only the field the verdict reads filled in. */
function clientAt(utilization: number): NonNullable<PhaseResult['client']> {
  return { utilization } as NonNullable<PhaseResult['client']>;
}
