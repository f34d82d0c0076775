import { describe, expect, it } from 'vitest';
import { keySlot } from '../../../../src/client/cluster/key-slot.js';
import { RoutedWriter } from '../../../../src/client/cluster/routed-writer.js';
import { CommandEncoder, encodeCommand } from '../../../../src/resp/encoder.js';

interface FakeLink {
  name: string;
  conn: { encoder: CommandEncoder };
}

const link = (name: string, slabBytes = 16 * 1024): FakeLink => ({ name, conn: { encoder: new CommandEncoder(slabBytes) } });

/** Writes `SET key value` the way a compiled template does: a pre-encoded head, then argKey. */
function writeSet(w: RoutedWriter<FakeLink>, key: string, value: Buffer): void {
  w.raw(Buffer.from('*3\r\n$3\r\nSET\r\n'));
  w.argKey(Buffer.from(key));
  w.argShared(value);
}

describe('RoutedWriter', () => {
  it('writes a command straight into the encoder of its key\'s node, from the key on', () => {
    const a = link('a');
    const b = link('b');
    const slots: number[] = [];
    const w = new RoutedWriter<FakeLink>((slot) => (slots.push(slot), slot < 8192 ? a : b));
    writeSet(w, 'foo', Buffer.from('v1')); // slot 12182
    expect(slots).toEqual([keySlot('foo')]);
    expect(w.directLink).toBe(b);
    expect(w.directSlot).toBe(keySlot('foo'));
    const span = { buf: Buffer.alloc(0), start: 0, end: 0 };
    w.finishDirect(span);
    expect(w.directLink).toBeNull();
    const expected = encodeCommand(['SET', 'foo', 'v1']);
    expect(span.buf.subarray(span.start, span.end).equals(expected)).toBe(true);
    expect(b.conn.encoder.take().equals(expected)).toBe(true);
    expect(a.conn.encoder.length).toBe(0);
    expect(w.staging.length).toBe(0);
  });

  it('takes a key\'s slot from its key space\'s memo, and fills the memo when the slot is not known yet', () => {
    const a = link('a');
    const slots: number[] = [];
    const w = new RoutedWriter<FakeLink>((slot) => (slots.push(slot), a));
    expect(w.routesByKey).toBe(true);
    const memo = new Int16Array(4).fill(-1);
    memo[2] = 77; // a slot the key would not hash to: proves the memo is read, not recomputed
    const write = (key: string, index: number): void => {
      w.raw(Buffer.from('*2\r\n$3\r\nGET\r\n'));
      w.argKey(Buffer.from(key), memo, index);
      w.finishDirect({ buf: Buffer.alloc(0), start: 0, end: 0 });
    };
    write('foo', 1);
    write('bar', 2);
    write('foo', 1);
    expect(slots).toEqual([keySlot('foo'), 77, keySlot('foo')]);
    expect([...memo]).toEqual([-1, keySlot('foo'), 77, -1]);
  });

  it('stages a command without a routing key, and one whose node is not ready (route gives null)', () => {
    const a = link('a');
    const w = new RoutedWriter<FakeLink>((slot) => (slot === keySlot('ready') ? a : null));
    w.raw(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(w.directLink).toBeNull();
    w.finishStaged();
    writeSet(w, 'down', Buffer.from('x'));
    expect(w.directLink).toBeNull();
    expect(w.staging.take().equals(Buffer.concat([encodeCommand(['PING']), encodeCommand(['SET', 'down', 'x'])]))).toBe(true);
    w.finishStaged();
    writeSet(w, 'ready', Buffer.from('y'));
    expect(w.directLink).toBe(a);
    w.finishDirect({ buf: Buffer.alloc(0), start: 0, end: 0 });
    expect(a.conn.encoder.take().equals(encodeCommand(['SET', 'ready', 'y']))).toBe(true);
  });

  it('keeps a large command one range of the node\'s slab, also when the slab fills up while it is written', () => {
    const a = link('a', 64); // the 70 KB value does not fit: the encoder starts a new slab mid-command
    const w = new RoutedWriter<FakeLink>(() => a);
    const before = encodeCommand(['GET', 'k']);
    a.conn.encoder.raw(before); // a command already waiting for this node's flush
    const value = Buffer.alloc(70_000, 0x61);
    writeSet(w, 'big', value);
    const span = { buf: Buffer.alloc(0), start: 0, end: 0 };
    w.finishDirect(span);
    const expected = encodeCommand(['SET', 'big', value]);
    const kept = Buffer.from(span.buf.subarray(span.start, span.end));
    expect(kept.equals(expected)).toBe(true);
    // A redirect resends the kept range after the node's bytes were sent and new ones written.
    expect(a.conn.encoder.take().equals(Buffer.concat([before, expected]))).toBe(true);
    writeSet(w, 'next', Buffer.alloc(100, 0x62));
    w.finishDirect({ buf: Buffer.alloc(0), start: 0, end: 0 });
    expect(span.buf.subarray(span.start, span.end).equals(kept)).toBe(true);
  });
});
