import { describe, expect, it } from 'vitest';
import { crc16 } from '../../../../src/client/cluster/crc16.js';
import { keySlot } from '../../../../src/client/cluster/key-slot.js';

describe('crc16', () => {
  it('matches the XMODEM check value of the Redis spec', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
  });
});

describe('keySlot', () => {
  it('gives the slots redis-cli CLUSTER KEYSLOT gives', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
    expect(keySlot('hello')).toBe(866);
    expect(keySlot('')).toBe(0);
  });

  it('hashes only a non-empty {tag}', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}')); // whole key: the first tag is empty
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
    expect(keySlot('{unclosed')).toBe(keySlot(Buffer.from('{unclosed')));
  });
});
