import { describe, expect, it } from 'vitest';
import { EntryKind, InflightQueue } from '../../../src/client/inflight-queue.js';

function drain(q: InflightQueue): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  while (q.length > 0) {
    out.push([q.headTag(), q.headIntended(), q.headSent(), q.headKind()]);
    q.shift();
  }
  return out;
}

describe('InflightQueue', () => {
  it('counts the entries whose reply is read whole, through shifts, drops and growth', () => {
    const q = new InflightQueue(16);
    for (let i = 0; i < 40; i++) q.push(i, 0, i % 10 === 0 ? EntryKind.control : i % 10 === 5 ? EntryKind.value : EntryKind.count);
    expect(q.wantingWhole).toBe(8);
    for (let i = 0; i < 11; i++) q.shift(); // entries 0..10: control 0, value 5, control 10
    expect(q.wantingWhole).toBe(5);
    q.dropTail(6); // entries 34..39: value 35
    expect(q.wantingWhole).toBe(4);
    while (q.length > 0) q.shift();
    expect(q.wantingWhole).toBe(0);
  });

  it('is FIFO and stamps send times only on entries pushed since the last markSent', () => {
    const q = new InflightQueue(16);
    q.push(1, 10, EntryKind.count);
    q.push(2, 11, EntryKind.value);
    expect(q.unsent).toBe(2);
    q.markSent(100);
    q.push(3, 12, EntryKind.control);
    expect(q.headSent()).toBe(100);
    q.markSent(200);
    expect(drain(q)).toEqual([
      [1, 10, 100, EntryKind.count],
      [2, 11, 100, EntryKind.value],
      [3, 12, 200, EntryKind.control],
    ]);
  });

  it('an entry not flushed yet has no send time', () => {
    const q = new InflightQueue();
    q.push(7, 1, EntryKind.count);
    expect(Number.isNaN(q.headSent())).toBe(true);
  });

  it('grows past its capacity while wrapped around, keeping order', () => {
    const q = new InflightQueue(16);
    expect(q.capacity).toBe(16);
    let next = 0;
    let expected = 0;
    // Move the head forward so the ring wraps before it grows.
    for (let i = 0; i < 10; i++) q.push(next++, 0, EntryKind.count);
    for (let i = 0; i < 8; i++) {
      expect(q.headTag()).toBe(expected++);
      q.shift();
    }
    for (let i = 0; i < 100; i++) q.push(next++, next, EntryKind.count);
    q.markSent(5);
    expect(q.capacity).toBeGreaterThanOrEqual(128);
    const rest = drain(q);
    expect(rest.map((e) => e[0])).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
    expect(rest.every((e) => e[2] === 5)).toBe(true);
  });

  it('rounds the capacity up to a power of two', () => {
    expect(new InflightQueue(1000).capacity).toBe(1024);
    expect(new InflightQueue(1).capacity).toBe(16);
  });

  it('dropTail removes the newest entries', () => {
    const q = new InflightQueue();
    for (let i = 0; i < 5; i++) q.push(i, 0, EntryKind.count);
    q.dropTail(2);
    expect(q.length).toBe(3);
    expect(q.unsent).toBe(3);
    expect(drain(q).map((e) => e[0])).toEqual([0, 1, 2]);
  });
});
