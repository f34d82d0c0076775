/**
 * From a scenario file's bytes to its text: a size cap (a generated 50 MB file took a minute and
 * gigabytes to validate) and strict UTF-8 (invalid bytes would otherwise be sent to the server
 * as U+FFFD), each refused with the place it was found.
 */
import { isUtf8 } from 'node:buffer';
import { MAX_SCENARIO_BYTES } from './limits.js';

/** A problem in the bytes, at a 1-based line and column. */
export interface ByteProblem {
  line: number;
  column: number;
  message: string;
}

export type DecodedScenario = { ok: true; text: string } | { ok: false; problem: ByteProblem };

/** The file's text, or the one problem that stops it being read as a scenario; `size` is the whole file's. */
export function decodeScenarioBytes(bytes: Uint8Array, size = bytes.length): DecodedScenario {
  if (size > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      problem: { line: 1, column: 1, message: `the file is ${formatMiB(size)}; a scenario is at most ${formatMiB(MAX_SCENARIO_BYTES)} (generate fewer entries, or use counts and ranges)` },
    };
  }
  if (isUtf8(bytes)) return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') };
  const offset = firstInvalidUtf8(bytes);
  const { line, column } = positionOf(bytes, offset);
  const hex = bytes[offset]!.toString(16).padStart(2, '0');
  return { ok: false, problem: { line, column, message: `byte 0x${hex} is not valid UTF-8; save the file as UTF-8` } };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // Overlong forms, surrogates and code points above U+10FFFF are invalid too.
    const second = bytes[i + 1] ?? 0;
    if (length > 1) {
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (second < lo || second > hi) return i;
    }
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

// Columns count characters, as editors do: continuation bytes do not start a column.
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}
