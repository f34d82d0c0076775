import { describe, expect, it } from 'vitest';
import { DIRECT_TAG_BASE, DirectCommands, isDirectTag } from '../../../../src/client/cluster/direct-commands.js';
import { innerTag, NO_UNIT } from '../../../../src/client/cluster/router-tags.js';

describe('DirectCommands', () => {
  it('gives back every command in the order written, across growth and wrap-around', () => {
    const d = new DirectCommands(16);
    const slabs = [Buffer.alloc(8), Buffer.alloc(8)];
    const nodeTags: number[] = [];
    let next = 0;
    let taken = 0;
    // Keeps 0..40 in flight while 500 pass through: the ring wraps and doubles with entries in it.
    for (let round = 0; round < 500; round++) {
      nodeTags.push(d.push(next, next % 16384, next % 3 === 0, slabs[next % 2]!, next, next + 7));
      next++;
      if (round % 13 < 11 && round > 40) {
        d.shift(nodeTags[taken]!);
        expect([d.tag, d.slot, d.wantValue, d.buf, d.start, d.end]).toEqual([taken, taken % 16384, taken % 3 === 0, slabs[taken % 2], taken, taken + 7]);
        taken++;
      }
    }
    while (taken < next) {
      d.shift(nodeTags[taken]!);
      expect(d.tag).toBe(taken++);
    }
    expect(d.length).toBe(0);
  });

  it('throws when a reply does not belong to the oldest command (the order was lost)', () => {
    const d = new DirectCommands();
    const first = d.push(1, 0, false, Buffer.alloc(1), 0, 1);
    const second = d.push(2, 0, false, Buffer.alloc(1), 0, 1);
    expect(() => d.shift(second)).toThrow(/does not match the oldest direct command/);
    d.shift(first);
    d.shift(second);
    expect(() => d.shift(second)).toThrow(/none in flight/);
  });

  it('uses tags no unit id, inner tag or NO_UNIT can take', () => {
    const d = new DirectCommands();
    expect(isDirectTag(d.push(0, 0, false, Buffer.alloc(1), 0, 1))).toBe(true);
    expect(isDirectTag(DIRECT_TAG_BASE - 1)).toBe(false);
    for (const t of [0, 5, 1 << 20, NO_UNIT, innerTag(0), innerTag(1 << 20)]) expect(isDirectTag(t)).toBe(false);
  });
});
