import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';
import { compileMix } from '../../../src/workload/command-mix.js';
import { compileTemplate } from '../../../src/workload/template-compiler.js';
import { makeContext } from './fixtures.js';
import { RespSink } from './resp-sink.js';

/** A RespSink that also records which arguments came through argKey (a cluster router routes by them). */
class KeySink extends RespSink {
  readonly keys: string[] = [];
  override argKey(b: Uint8Array): this {
    this.keys.push(Buffer.from(b).toString('latin1'));
    return this.argBuffer(b);
  }
}

/** The arguments one emit of `template` wrote with argKey. */
function routingKeys(template: string): string[] {
  const ctx = makeContext();
  const sink = new KeySink();
  compileTemplate(parseTemplate(template), ctx).emit(sink);
  return sink.keys;
}

describe('the first key of a command is written with argKey', () => {
  it('marks the argument at the command\'s first-key position, and only that one', () => {
    expect(routingKeys('SET {key} {value}')).toEqual([expect.stringMatching(/^key:\d+$/)]);
    expect(routingKeys('set {key} {value}')).toHaveLength(1); // names as typed
    expect(routingKeys('SMOVE {key} {key:dest} {member}')).toEqual([expect.stringMatching(/^key:/)]);
    expect(routingKeys('MSET {key} {value} {key} {value}')).toHaveLength(1);
    expect(routingKeys('BITOP AND {key:dest} {key}')).toEqual([expect.stringMatching(/^dst:/)]);
  });

  it('marks a composed key argument, and never a key written where no key is', () => {
    expect(routingKeys('GET user:{key}')).toEqual([expect.stringMatching(/^user:key:\d+$/)]);
    expect(routingKeys('PUBLISH news {key}')).toEqual([]);
    expect(routingKeys('EVAL "return 1" 1 {key}')).toEqual([]); // numkeys: the router reads it back
    expect(routingKeys('GET fixed')).toEqual([]);
    expect(routingKeys('PING {key}')).toEqual([]);
  });

  it('writes the same bytes with argKey as without', () => {
    const a = makeContext();
    const b = makeContext();
    const keyed = new KeySink();
    const plain = new RespSink();
    const ea = compileTemplate(parseTemplate('SET {key} {value}'), a);
    const eb = compileTemplate(parseTemplate('SET {key} {value}'), b);
    for (let i = 0; i < 50; i++) {
      ea.emit(keyed);
      eb.emit(plain);
    }
    expect(keyed.take().equals(plain.take())).toBe(true);
  });

  it('is not used inside a MULTI block or an entry of several commands, which a router reads back whole', () => {
    const ctx = makeContext();
    const set = compileTemplate(parseTemplate('SET {key} {value}'), ctx);
    const get = compileTemplate(parseTemplate('GET {key}'), ctx);
    const mix = compileMix(
      [
        { emitters: [set, get], weight: 1, transaction: true },
        { emitters: [set, get], weight: 1 },
        { emitters: [get], weight: 1 },
      ],
      ctx,
    );
    const sink = new KeySink();
    mix.emit(0, sink);
    mix.emit(1, sink);
    expect(sink.keys).toEqual([]);
    mix.emit(2, sink);
    expect(sink.keys).toHaveLength(1);
    mix.emit(0, sink);
    expect(sink.keys).toHaveLength(1);
  });
});
