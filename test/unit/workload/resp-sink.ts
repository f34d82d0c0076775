/**
 * A plain RESP writer implementing ArgSink, for tests: deliberately naive (strings and
 * Buffer.concat) so it is obviously right, and so emitted bytes can be checked by hand.
 */
import type { ArgSink } from '../../../src/workload/arg-sink.js';

export class RespSink implements ArgSink {
  private chunks: Buffer[] = [];
  command(argc: number): this {
    this.chunks.push(Buffer.from(`*${argc}\r\n`));
    return this;
  }
  arg(s: string): this {
    return this.argBuffer(Buffer.from(s, 'utf8'));
  }
  argNumber(n: number): this {
    return this.arg(String(n));
  }
  argBuffer(b: Uint8Array): this {
    // Copy now: emitters reuse their scratch buffers as soon as this returns.
    this.chunks.push(Buffer.from(`$${b.length}\r\n`), Buffer.from(b), Buffer.from('\r\n'));
    return this;
  }
  argKey(b: Uint8Array): this {
    return this.argBuffer(b);
  }
  argShared(b: Uint8Array): this {
    return this.argBuffer(b);
  }
  raw(b: Uint8Array): this {
    this.chunks.push(Buffer.from(b));
    return this;
  }
  take(): Buffer {
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }
}

/** Splits RESP command bytes back into arrays of string arguments. */
export function decodeCommands(bytes: Buffer): string[][] {
  const out: string[][] = [];
  let i = 0;
  const line = (): string => {
    const end = bytes.indexOf('\r\n', i);
    if (end < 0) throw new Error(`no CRLF after ${i}`);
    const s = bytes.toString('latin1', i, end);
    i = end + 2;
    return s;
  };
  while (i < bytes.length) {
    const head = line();
    if (!head.startsWith('*')) throw new Error(`expected *, got ${head}`);
    const argc = Number(head.slice(1));
    const args: string[] = [];
    for (let a = 0; a < argc; a++) {
      const len = line();
      if (!len.startsWith('$')) throw new Error(`expected $, got ${len}`);
      const n = Number(len.slice(1));
      args.push(bytes.toString('latin1', i, i + n));
      if (bytes.toString('latin1', i + n, i + n + 2) !== '\r\n') throw new Error('bulk not terminated');
      i += n + 2;
    }
    out.push(args);
  }
  return out;
}
