import { describe, expect, it } from 'vitest';
import { CommandEncoder } from '../../../src/resp/encoder.js';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';
import type { ArgSink } from '../../../src/workload/arg-sink.js';
import { compileMix } from '../../../src/workload/command-mix.js';
import { compileTemplate } from '../../../src/workload/template-compiler.js';
import { makeContext } from './fixtures.js';
import { RespSink } from './resp-sink.js';

const TEMPLATES = [
  'SET {key} {value}',
  'GET {key}',
  'ZADD {key} {float:0..1000} member:{int:1..10000}',
  'HSET {key:dest} {field} {value}',
  'XADD {key} * seq {seq} at {now}',
  'ZINCRBY {key} {int:-5..5} {member}',
];

/** Emits the same mix draws into a sink. */
function emitAll(sink: ArgSink): void {
  const ctx = makeContext();
  const mix = compileMix(
    TEMPLATES.map((t) => ({ emitters: [compileTemplate(parseTemplate(t), ctx)], weight: 1 })),
    ctx,
  );
  for (let i = 0; i < 2000; i++) mix.emit(mix.pick(), sink);
}

describe('emitters with the real CommandEncoder', () => {
  it('accepts a CommandEncoder as an ArgSink directly', () => {
    const enc: ArgSink = new CommandEncoder(); // a compile-time check as much as a runtime one
    const ctx = makeContext();
    compileTemplate(parseTemplate('GET {key}'), ctx).emit(enc);
    expect((enc as CommandEncoder).take().toString()).toMatch(/^\*2\r\n\$3\r\nGET\r\n\$\d+\r\nkey:\d+\r\n$/);
  });

  it('write byte for byte what the reference RESP writer writes', () => {
    // A small slab forces the encoder to start new slabs mid-run, as in a long pipeline.
    const enc = new CommandEncoder(256);
    const chunks: Buffer[] = [];
    const flushing: ArgSink = {
      command(argc) {
        if (enc.length > 4096) chunks.push(Buffer.from(enc.take()));
        enc.command(argc);
        return this;
      },
      arg: (s) => (enc.arg(s), flushing),
      argNumber: (n) => (enc.argNumber(n), flushing),
      argBuffer: (b) => (enc.argBuffer(b), flushing),
      argKey: (b) => (enc.argKey(b), flushing),
      argShared: (b) => (enc.argShared(b), flushing),
      // Compiled templates start commands with a pre-encoded head: take there too.
      raw(b) {
        if (enc.length > 4096) chunks.push(Buffer.from(enc.take()));
        enc.raw(b);
        return this;
      },
    };
    emitAll(flushing);
    chunks.push(Buffer.from(enc.take()));
    const reference = new RespSink();
    emitAll(reference);
    expect(Buffer.concat(chunks).equals(reference.take())).toBe(true);
  });
});
