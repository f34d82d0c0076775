/**
 * Hash slots as Redis Cluster computes them: CRC16 of the key modulo 16384, where a key holding
 * a non-empty `{tag}` hashes only the tag (the first `{` and the first `}` after it).
 */
import { crc16 } from './crc16.js';

export const SLOT_COUNT = 16384;

const OPEN = 0x7b;
const CLOSE = 0x7d;

/** Slot of the key in bytes[start, end). */
export function keySlotOfBytes(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (bytes[i] !== OPEN) continue;
    for (let j = i + 1; j < end; j++) {
      if (bytes[j] !== CLOSE) continue;
      // An empty tag ("{}") does not count: the whole key is hashed.
      if (j > i + 1) return crc16(bytes, i + 1, j) & (SLOT_COUNT - 1);
      break;
    }
    break;
  }
  return crc16(bytes, start, end) & (SLOT_COUNT - 1);
}

/** Slot of a key given as a string (UTF-8) or bytes. */
export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return keySlotOfBytes(bytes, 0, bytes.length);
}
