/**
 * Sockets read into one buffer shared by every connection of the thread (Node's `onread`).
 * Replies handed out as values must survive later reads: they are copies, not views of it.
 */
import { describe, expect, it } from 'vitest';
import { asString } from '../../../src/resp/values.js';
import { connectTo, useRedis } from '../../helpers/redis.js';

const server = useRedis();

describe('the shared read buffer', () => {
  it('does not change a value already returned when later replies arrive, on this or another connection', async () => {
    const a = await connectTo(server());
    const b = await connectTo(server());
    try {
      await a.call(['SET', 'reuse:a', 'AAAAAAAA']);
      await a.call(['SET', 'reuse:b', 'BBBBBBBB']);
      // Same length, same position in a reply: a view of the buffer would now read B.
      const first = await a.call(['GET', 'reuse:a']);
      await a.call(['GET', 'reuse:b']);
      await b.call(['GET', 'reuse:b']);
      expect(asString(first)).toBe('AAAAAAAA');
      const both = await a.call(['MGET', 'reuse:a', 'reuse:b']);
      await b.call(['MGET', 'reuse:b', 'reuse:a']);
      expect(Array.isArray(both) ? both.map((v) => asString(v)) : null).toEqual(['AAAAAAAA', 'BBBBBBBB']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
