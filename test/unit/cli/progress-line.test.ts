import { beforeAll, describe, expect, it } from 'vitest';
import { ProgressLine } from '../../../src/cli/progress-line.js';
import { initHistogramBackend, LatencyRecorder } from '../../../src/metrics/index.js';
import { ManualClock } from '../../../src/shared/clock.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

/** One worker's interval snapshot: `n` commands at `latency` us. */
function interval(n: number, latency: number) {
  const clock = new ManualClock();
  const rec = new LatencyRecorder({ phase: 'main', labels: ['GET'], separateServiceTime: false, clock });
  for (let i = 0; i < n; i++) rec.record(0, latency, latency);
  clock.advance(1_000_000);
  const snap = rec.snapshotInterval();
  rec.destroy();
  return snap;
}

describe('ProgressLine', () => {
  it("shows p50/p99 of all workers' last intervals merged, not one worker's", () => {
    const written: string[] = [];
    let now = 0;
    const line = new ProgressLine(false, { isTTY: false, write: (t) => written.push(t) }, () => now);
    line.startStage('main', 10_000);
    line.interval(0, interval(900, 100));
    line.interval(1, interval(100, 5000));
    // 900 at 100us and 100 at 5ms: p50 is 100us, p99 is 5ms (within HDR precision).
    expect(line.latency().p50).toBeLessThan(101);
    expect(line.latency().p99).toBeGreaterThan(4990);
    // A worker's newer interval replaces its older one.
    line.interval(1, interval(100, 100));
    expect(line.latency().p99).toBeLessThan(101);
    now = 5000;
    line.tick({ ops: 0, errors: 0 });
    line.tick({ ops: 5000, errors: 3 });
    now = 11_000;
    line.tick({ ops: 11_000, errors: 3 });
    // A plain line every 5 s on a non-TTY.
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(/^main {2}11s\/10s {2}\S+ ops\/s {2}p50 100us {2}p99 100us {2}errors 3\n$/);
  });

  it('redraws in place on a TTY, cut to the terminal width, and stays silent when quiet', () => {
    const written: string[] = [];
    const line = new ProgressLine(false, { isTTY: true, columns: 20, write: (t) => written.push(t) }, () => 0);
    line.startStage('main', null);
    line.tick({ ops: 0, errors: 0 });
    expect(written[0]!.startsWith('\r\x1b[2K')).toBe(true);
    expect(written[0]!.length).toBe('\r\x1b[2K'.length + 19);
    const quiet: string[] = [];
    const q = new ProgressLine(true, { isTTY: true, write: (t) => quiet.push(t) }, () => 0);
    q.startStage('main', null);
    q.tick({ ops: 0, errors: 0 });
    expect(quiet).toEqual([]);
  });
});
