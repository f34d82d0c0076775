/**
 * How long LatencyRecorder.record() takes per call, for each hdr-histogram-js backend, closed
 * loop (one histogram per record) and open model (response + service). The budget is 50 ns.
 *
 *   npm run build && node dist/bench/hdr-record.js
 */
import { createHistogram, initHistogramBackend, type HistogramBackend } from '../src/metrics/histogram-backend.js';
import { LatencyRecorder } from '../src/metrics/latency-recorder.js';

const RECORDS = 5_000_000;
const VALUES = 1 << 16;

/** Long-tailed latencies in microseconds, precomputed so the loop measures recording only. */
function makeValues(): Float64Array {
  const v = new Float64Array(VALUES);
  let x = 12345;
  for (let i = 0; i < VALUES; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const u = x / 4294967296;
    v[i] = Math.floor(80 * Math.exp(u * 4) * (u > 0.995 ? 200 : 1));
  }
  return v;
}

function nsPerOp(run: () => void, ops: number): number {
  run(); // warm-up: let V8 optimise and the histograms grow to their final size
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / ops;
}

async function main(): Promise<void> {
  const values = makeValues();
  const mask = VALUES - 1;
  for (const prefer of ['wasm', 'js'] as HistogramBackend[]) {
    const backend = await initHistogramBackend(prefer);
    const raw = createHistogram();
    const rawNs = nsPerOp(() => {
      for (let i = 0; i < RECORDS; i++) raw.recordValue(values[i & mask]!);
    }, RECORDS);
    raw.destroy();
    const rows: string[] = [`raw recordValue ${rawNs.toFixed(1)} ns`];
    for (const open of [false, true]) {
      const rec = new LatencyRecorder({ phase: 'bench', labels: ['GET', 'SET', 'HSET', 'ZADD'], separateServiceTime: open });
      const ns = nsPerOp(() => {
        for (let i = 0; i < RECORDS; i++) {
          const v = values[i & mask]!;
          rec.record(i & 3, v, v);
        }
        rec.snapshotInterval();
      }, RECORDS);
      rows.push(`record() ${open ? 'open  ' : 'closed'} ${ns.toFixed(1)} ns`);
      rec.destroy();
    }
    console.log(`${backend.padEnd(4)} backend: ${rows.join(' | ')}`);
  }
}

await main();
