import { describe, expect, it } from 'vitest';
import { scanCommand, type ScannedCommand } from '../../../../src/client/cluster/command-scan.js';
import { keySlot } from '../../../../src/client/cluster/key-slot.js';
import { encodeCommand } from '../../../../src/resp/encoder.js';
import { firstKeyPositions } from '../../../../src/scenario/key-positions.js';

const keys = firstKeyPositions();
const scan = (args: string[]): ScannedCommand => {
  const bytes = encodeCommand(args);
  const out = scanCommand(bytes, 0, keys, { end: 0, name: '', slot: -1 });
  expect(out.end).toBe(bytes.length);
  return { ...out };
};

describe('scanCommand', () => {
  it('finds the slot of the first key at its fixed position', () => {
    expect(scan(['set', 'foo', 'bar'])).toEqual({ end: expect.any(Number), name: 'SET', slot: 12182 });
    expect(scan(['BITOP', 'AND', '{u}dest', '{u}a']).slot).toBe(keySlot('u'));
    expect(scan(['MSET', '{t}a', '1', '{t}b', '2']).slot).toBe(keySlot('t'));
  });

  it('reads numkeys for movable-key commands and sees keyless ones', () => {
    expect(scan(['EVAL', 'return 1', '1', 'foo']).slot).toBe(12182);
    expect(scan(['EVAL', 'return 1', '0', 'foo']).slot).toBe(-1);
    expect(scan(['ZUNIONSTORE', 'dst', '2', 'a', 'b']).slot).toBe(keySlot('dst'));
    expect(scan(['ZUNION', '2', 'foo', 'b']).slot).toBe(12182);
    expect(scan(['PING']).slot).toBe(-1);
    expect(scan(['PUBLISH', 'news', 'x']).slot).toBe(-1);
    expect(scan(['MULTI']).name).toBe('MULTI');
    expect([scan(['gEt', 'foo']).name, scan(['get', 'foo']).name, scan(['GETSET', 'foo', 'x']).name]).toEqual(['GET', 'GET', 'GETSET']);
  });

  it('walks several commands in one buffer, one at a time', () => {
    const bytes = Buffer.concat([encodeCommand(['GET', 'foo']), encodeCommand(['GET', 'bar'])]);
    const out: ScannedCommand = { end: 0, name: '', slot: -1 };
    scanCommand(bytes, 0, keys, out);
    expect(out.slot).toBe(12182);
    scanCommand(bytes, out.end, keys, out);
    expect(out.slot).toBe(5061);
    expect(out.end).toBe(bytes.length);
  });

  it('refuses bytes that are not a whole command', () => {
    const bytes = encodeCommand(['GET', 'foo']);
    expect(() => scanCommand(bytes.subarray(0, bytes.length - 4), 0, keys, { end: 0, name: '', slot: -1 })).toThrow(RangeError);
    expect(() => scanCommand(Buffer.from('+OK\r\n'), 0, keys, { end: 0, name: '', slot: -1 })).toThrow(RangeError);
  });
});
