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

/** A KeySink that routes by key (as a cluster router does): it records the slot memo and index it is given. */
class RoutingSink extends KeySink {
  readonly routesByKey = true;
  readonly memos: { slots: Int16Array | undefined; index: number | undefined }[] = [];
  override argKey(b: Uint8Array, slots?: Int16Array, index?: number): this {
    this.memos.push({ slots, index });
    return super.argKey(b);
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

  it('gives a routing sink the key space\'s slot memo and the key\'s index, and a plain sink neither', () => {
    const ctx = makeContext();
    const emitter = compileTemplate(parseTemplate('GET {key}'), ctx);
    const routing = new RoutingSink();
    for (let i = 0; i < 20; i++) emitter.emit(routing);
    const memo = routing.memos[0]!.slots;
    expect(memo).toBeInstanceOf(Int16Array);
    expect(memo!.length).toBe(ctx.keyspace(null).keys);
    routing.memos.forEach((m, i) => {
      expect(m.slots).toBe(memo); // one memo per key space
      expect(routing.keys[i]).toBe(ctx.keyspace(null).keyName(m.index!));
    });
    const plain = new (class extends KeySink {
      readonly given: unknown[] = [];
      override argKey(b: Uint8Array, slots?: Int16Array, index?: number): this {
        this.given.push(slots, index);
        return super.argKey(b);
      }
    })();
    emitter.emit(plain);
    expect(plain.given).toEqual([undefined, undefined]);
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
