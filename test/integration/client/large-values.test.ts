/**
 * Large values through the load API against a real server: values held by reference leave in
 * one writev with the commands around them, arrive byte for byte, keep reply order, and a value
 * larger than the kernel's socket buffer goes out over several writes with back-pressure (canSend
 * false until the socket drains, then the wake handler).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/client/connection.js';
import { BY_REFERENCE_BYTES } from '../../../src/resp/encoder.js';
import { asString } from '../../../src/resp/values.js';
import { Rng } from '../../../src/workload/rng.js';
import { ValueGenerator } from '../../../src/workload/values.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

const server = useRedis();

/** Resolves when `n` replies have come, with their tags and error kinds in arrival order. */
function replies(conn: Connection, n: number): Promise<Array<[number, string | null]>> {
  const seen: Array<[number, string | null]> = [];
  return new Promise((resolve) => {
    conn.setReplyHandler((tag, _i, _s, _n, kind) => {
      seen.push([tag, kind]);
      if (seen.length === n) resolve(seen);
    });
  });
}

describe('large values on the wire', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connectTo(server());
  });
  afterAll(async () => {
    await conn.close();
  });

  it('sends pipelined 4 KB and 64 KB values from the value pool byte for byte, in order with small commands', async () => {
    await conn.call(['FLUSHALL']);
    const sizes = [BY_REFERENCE_BYTES, 65536, 100, BY_REFERENCE_BYTES - 1, 65536 * 3 + 7];
    const generators = sizes.map((bytes, i) => new ValueGenerator({ size: { kind: 'fixed', bytes } }, new Rng(i + 1)));
    const expected = new Map<string, Buffer>();
    const total = 64;
    const done = replies(conn, total);
    const enc = conn.encoder;
    for (let i = 0; i < total; i++) {
      if (i % 8 === 7) {
        enc.command(2).arg('INCR').arg('counter');
      } else {
        const value = generators[i % generators.length]!.nextValue();
        const key = `big:${i}`;
        enc.command(3).arg('SET').arg(key).argShared(value);
        expected.set(key, Buffer.from(value)); // a copy: pool views are shared
      }
      conn.enqueue(i, 0);
      if (i % 16 === 15) conn.flush();
    }
    conn.flush();
    const seen = await done;
    expect(seen.map(([t]) => t)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(seen.filter(([, k]) => k !== null)).toEqual([]);
    for (const [key, value] of expected) {
      const got = await conn.call(['GET', key]);
      expect(Buffer.isBuffer(got) ? got.equals(value) : asString(got) === value.toString('latin1')).toBe(true);
    }
    expect(asString(await conn.call(['GET', 'counter']))).toBe(String(total / 8));
  });

  it('writes a value larger than the socket buffer with back-pressure and resumes on drain', async () => {
    await conn.call(['FLUSHALL']);
    // 24 MB: far above the kernel's send buffer (tcp_wmem max is 4 MB by default) and the
    // server's first read, so the write cannot finish at once.
    const g = new ValueGenerator({ size: { kind: 'fixed', bytes: 24 * 1024 * 1024 } }, new Rng(9));
    let woken = 0;
    conn.setWakeHandler(() => woken++);
    const done = replies(conn, 2);
    const view = g.nextValue();
    const value = Buffer.from(view);
    conn.encoder.command(3).arg('SET').arg('huge').argShared(view);
    conn.enqueue(1, 0);
    conn.encoder.command(2).arg('STRLEN').arg('huge');
    conn.enqueue(2, 0);
    conn.flush();
    expect(conn.canSend).toBe(false);
    expect(conn.pendingWriteBytes).toBeGreaterThan(0);
    const seen = await done;
    expect(seen).toEqual([[1, null], [2, null]]);
    expect(woken).toBeGreaterThanOrEqual(1);
    expect(conn.canSend).toBe(true);
    expect(conn.pendingWriteBytes).toBe(0);
    const got = await conn.call(['GET', 'huge']);
    expect(Buffer.isBuffer(got) && got.equals(value)).toBe(true);
  });
});
