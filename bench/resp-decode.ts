/**
 * Decoder throughput: 1,000,000 GET replies of 16-byte values, cut into 64 KiB chunks as a
 * server's socket would deliver them, decoded in count mode and in value mode.
 * Run with `npm run bench:resp`. Targets on a 2-core machine: count ≥ 20 M/s, value ≥ 8 M/s.
 */
import { RespDecoder, type ReplySink } from '../src/resp/decoder.js';
import type { RespValue } from '../src/resp/values.js';

const REPLIES = 1_000_000;
const VALUE_BYTES = 16;
const CHUNK_BYTES = 64 * 1024;
const REPETITIONS = 9;

/** The replies, as separate chunk Buffers (not views of one), like socket reads. */
function buildChunks(): Buffer[] {
  const one = Buffer.from(`$${VALUE_BYTES}\r\n${'v'.repeat(VALUE_BYTES)}\r\n`, 'latin1');
  const all = Buffer.allocUnsafe(one.length * REPLIES);
  for (let i = 0; i < REPLIES; i++) one.copy(all, i * one.length);
  const chunks: Buffer[] = [];
  for (let off = 0; off < all.length; off += CHUNK_BYTES) chunks.push(Buffer.from(all.subarray(off, off + CHUNK_BYTES)));
  return chunks;
}

/** Counts replies and sums lengths, so the decoder's work cannot be optimised away. */
class CountingSink implements ReplySink {
  replies = 0;
  bytes = 0;
  onReply(): void {
    this.replies++;
  }
  onValue(value: RespValue): void {
    this.replies++;
    if (Buffer.isBuffer(value)) this.bytes += value.length;
  }
}

function runOnce(chunks: Buffer[], mode: 'count' | 'value'): number {
  const sink = new CountingSink();
  const decoder = new RespDecoder(sink, { mode });
  const t0 = process.hrtime.bigint();
  for (const chunk of chunks) decoder.feed(chunk);
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink.replies !== REPLIES) throw new Error(`${mode}: decoded ${sink.replies} replies, expected ${REPLIES}`);
  if (mode === 'value' && sink.bytes !== REPLIES * VALUE_BYTES) throw new Error('value: wrong byte total');
  return ns;
}

function report(mode: 'count' | 'value', chunks: Buffer[], target: number): boolean {
  runOnce(chunks, mode); // warm-up: let the JIT settle before timing
  const times: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) times.push(runOnce(chunks, mode));
  times.sort((a, b) => a - b);
  const best = times[0]!;
  const median = times[Math.floor(times.length / 2)]!;
  const rate = (ns: number): number => (REPLIES / ns) * 1e9;
  const ok = rate(best) >= target;
  console.log(
    `${mode.padEnd(5)}  best ${(rate(best) / 1e6).toFixed(1)} M replies/s (${(best / 1e6).toFixed(1)} ms)  ` +
      `median ${(rate(median) / 1e6).toFixed(1)} M replies/s (${(median / 1e6).toFixed(1)} ms)  ` +
      `target ${target / 1e6} M/s ${ok ? 'met' : 'MISSED'}`,
  );
  return ok;
}

const chunks = buildChunks();
console.log(`${REPLIES} replies of $${VALUE_BYTES}, ${chunks.length} chunks of ${CHUNK_BYTES / 1024} KiB, ${REPETITIONS} runs each`);
const countOk = report('count', chunks, 20e6);
const valueOk = report('value', chunks, 8e6);
if (!countOk || !valueOk) process.exitCode = 1;
