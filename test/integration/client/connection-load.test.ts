import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../src/client/connection.js';
import { asString, RespMap, type RespValue } from '../../../src/resp/values.js';
import { connectTo, startLocalServer, useRedis } from '../../helpers/redis.js';

const server = useRedis();

describe('Connection load API', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connectTo(server());
  });
  afterAll(async () => {
    await conn.close();
  });

  it('returns 10,000 pipelined SET/GET/INCR replies in order with their tags', async () => {
    await conn.call(['FLUSHALL']);
    const total = 10_000;
    const seen: Array<[number, string | null, boolean]> = [];
    const sentTimes: number[] = [];
    const done = new Promise<void>((resolve) => {
      conn.setReplyHandler((tag, intendedUs, sentUs, nowUs, errorKind, isNull) => {
        seen.push([tag, errorKind, isNull]);
        sentTimes.push(sentUs);
        expect(sentUs).toBeGreaterThanOrEqual(intendedUs);
        expect(nowUs).toBeGreaterThanOrEqual(sentUs);
        if (seen.length === total) resolve();
      });
    });
    const enc = conn.encoder;
    const t0 = performance.now() * 1000;
    for (let i = 0; i < total; i++) {
      const op = i % 3;
      if (op === 0) enc.command(3).arg('SET').arg(`k${i % 100}`).argNumber(i);
      else if (op === 1) enc.command(2).arg('GET').arg(`missing-${i}`);
      else enc.command(2).arg('INCR').arg('counter');
      conn.enqueue(i, t0);
      if (i % 500 === 499) conn.flush();
    }
    conn.flush();
    await done;
    expect(seen.map(([tag]) => tag)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(seen.every(([, kind]) => kind === null)).toBe(true);
    // GETs of missing keys are null; nothing else is.
    expect(seen.filter(([tag, , isNull]) => isNull !== (tag % 3 === 1))).toEqual([]);
    const incrs = Math.floor((total - 2) / 3) + 1;
    expect(asString(await conn.call(['GET', 'counter']))).toBe(String(incrs));
    expect(conn.inFlight).toBe(0);
  });

  it('with reuseSlabs, sends every byte intact through slabs written over, also when the socket queues', async () => {
    const reusing = await connectTo(server(), { reuseSlabs: true });
    try {
      await reusing.call(['FLUSHALL']);
      // 4 KB values, 256 a flush: each flush is more than a socket takes at once, so writes
      // queue in Node (no release) and the slab may be written over only after they leave.
      const total = 6000;
      const value = (i: number) => Buffer.alloc(4096, 97 + (i % 26));
      let answered = 0;
      const done = new Promise<void>((resolve, reject) => {
        reusing.setReplyHandler((_tag, _i, _s, _n, errorKind) => {
          if (errorKind !== null) reject(new Error(errorKind));
          if (++answered === total) resolve();
        });
      });
      const enc = reusing.encoder;
      const t0 = performance.now() * 1000;
      for (let i = 0; i < total; i++) {
        enc.command(3).arg('SET').arg(`v${i}`).argBuffer(value(i));
        reusing.enqueue(i, t0);
        if (i % 256 === 255) {
          reusing.flush();
          await new Promise((r) => setImmediate(r));
        }
      }
      reusing.flush();
      await done;
      for (const i of [0, 1, 255, 256, 2047, 4000, total - 1]) {
        const got = await reusing.call(['GET', `v${i}`]);
        expect(Buffer.from(got as Uint8Array).equals(value(i))).toBe(true);
      }
      expect(asString(await reusing.call(['DBSIZE']))).toBe(String(total));
    } finally {
      await reusing.close();
    }
  });

  it('classifies server error replies by kind and keeps going', async () => {
    const kinds: Array<string | null> = [];
    const done = new Promise<void>((resolve) => {
      conn.setReplyHandler((_tag, _i, _s, _n, errorKind) => {
        kinds.push(errorKind);
        if (kinds.length === 3) resolve();
      });
    });
    await conn.call(['SET', 'str', 'x']);
    conn.encoder.command(2).arg('LPUSH').arg('str'); // wrong arity: ERR
    conn.enqueue(1, 0);
    conn.encoder.command(3).arg('LPUSH').arg('str').arg('v'); // WRONGTYPE
    conn.enqueue(2, 0);
    conn.encoder.command(1).arg('PING');
    conn.enqueue(3, 0);
    conn.flush();
    await done;
    expect(kinds).toEqual(['ERR', 'WRONGTYPE', null]);
  });

  it('delivers whole values for commands enqueued with wantValue, between counted ones', async () => {
    const values: Array<[number, RespValue | null]> = [];
    const counted: number[] = [];
    const done = new Promise<void>((resolve) => {
      conn.setReplyHandler((tag) => counted.push(tag));
      conn.setValueHandler((tag, _i, _s, _n, errorKind, value) => {
        expect(errorKind).toBeNull();
        values.push([tag, value]);
        if (values.length === 2) resolve();
      });
    });
    await conn.call(['SET', 'v1', 'hello']);
    conn.encoder.command(2).arg('GET').arg('v1');
    conn.enqueue(10, 0, true);
    conn.encoder.command(1).arg('PING');
    conn.enqueue(11, 0);
    conn.encoder.command(2).arg('INCR').arg('n');
    conn.enqueue(12, 0, true);
    conn.flush();
    await done;
    expect(counted).toEqual([11]);
    expect(values.map(([t]) => t)).toEqual([10, 12]);
    expect(asString(values[0]![1]!)).toBe('hello');
    expect(values[1]![1]).toBe(1);
  });

  it('call() works for PING and INFO, and rejects error replies with their kind', async () => {
    expect(asString(await conn.call(['PING']))).toBe('PONG');
    const info = asString(await conn.call(['INFO', 'server']));
    expect(info).toMatch(/redis_version:7\./);
    await expect(conn.call(['NOSUCHCOMMAND'])).rejects.toMatchObject({ name: 'ServerReplyError', kind: 'ERR' });
    const name = asString(await conn.call(['CLIENT', 'GETNAME']));
    expect(name).toBe('rbench');
  });
});

describe('Connection in RESP3', () => {
  it('speaks RESP3 after HELLO 3 and counts nulls', async () => {
    const conn = await connectTo(server(), { protocol: 3 });
    try {
      const hello = await conn.call(['HELLO']);
      expect(hello).toBeInstanceOf(RespMap);
      expect((hello as RespMap).get('proto')).toBe(3);
      const nulls: boolean[] = [];
      const done = new Promise<void>((resolve) => {
        conn.setReplyHandler((_t, _i, _s, _n, kind, isNull) => {
          expect(kind).toBeNull();
          nulls.push(isNull);
          if (nulls.length === 2) resolve();
        });
      });
      conn.encoder.command(2).arg('GET').arg('resp3-missing');
      conn.enqueue(0, 0);
      conn.encoder.command(1).arg('PING');
      conn.enqueue(1, 0);
      conn.flush();
      await done;
      expect(nulls).toEqual([true, false]);
    } finally {
      await conn.close();
    }
  });
});

describe('back-pressure', () => {
  it('canSend drops while the socket buffer is full, and the wake handler fires once it drains', async () => {
    // A stopped server reads nothing, so the kernel buffers fill and Node must queue.
    const stopped = await startLocalServer();
    const conn = await connectTo(stopped);
    try {
      let replies = 0;
      conn.setReplyHandler(() => replies++);
      let woke = 0;
      conn.setWakeHandler(() => woke++);
      await stopped.kill('SIGSTOP');
      const big = 'x'.repeat(256 * 1024);
      let sent = 0;
      while (conn.canSend && sent < 2000) {
        conn.encoder.command(3).arg('SET').arg('big').arg(big);
        conn.enqueue(sent++, 0);
        conn.flush();
        await new Promise((r) => setImmediate(r));
      }
      expect(conn.canSend).toBe(false);
      expect(conn.pendingWriteBytes).toBeGreaterThan(0);
      expect(woke).toBe(0);
      await stopped.kill('SIGCONT');
      await new Promise<void>((resolve) => {
        const check = (): void => (replies === sent ? resolve() : void setTimeout(check, 5));
        check();
      });
      expect(woke).toBeGreaterThan(0);
      expect(conn.canSend).toBe(true);
    } finally {
      await conn.close();
      await stopped.stop();
    }
  });
});
