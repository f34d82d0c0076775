/**
 * Compiles a parsed command template into an emitter that writes one whole command into the
 * encoder. All string work happens here, once: literal arguments become pre-encoded Buffers,
 * placeholders become small writer objects, and mixed arguments (`member:{int:1..10000}`) are
 * assembled in a reusable scratch Buffer. Per command there is no formatting, no splitting and
 * no allocation.
 */
import { commandSpec } from '../scenario/command-table.js';
import type { ParsedTemplate, TemplateArg, TemplatePart } from '../scenario/template-syntax.js';
import type { ArgSink } from './arg-sink.js';
import { ArgScratch } from './arg-scratch.js';
import type { WorkloadContext } from './context.js';
import { MAX_INT_DIGITS, writeFixed, writeInt } from '../shared/digits.js';
import type { Keyspace } from './keyspace.js';
import type { MemberSpace } from './member-space.js';
import type { Rng } from './rng.js';
import { TIMESTAMP_HEADER_BYTES, type ValueGenerator } from './values.js';

/** Decimal places written for `{float:A..B}`. */
export const FLOAT_DECIMALS = 4;

/** Writes one command. */
export interface Emitter {
  /** The command name, upper-cased (for labels and errors). */
  readonly name: string;
  readonly argc: number;
  /** Writes the command, starting a new hash-tag scope (its keys share one tag). */
  emit(enc: ArgSink): void;
  /** Writes the command inside the caller's hash-tag scope (MULTI/EXEC blocks). */
  emitInScope(enc: ArgSink): void;
}

interface ArgWriter {
  write(enc: ArgSink): void;
}

/**
 * Compiles a template against a worker's context; throws if it names an unknown key space.
 * `routingArg` is the argument written with argKey (default: the command's first key, if fixed):
 * rbench's PING warm-up names its `{key}` so, to run the same writer code as the mix it precedes.
 */
export function compileTemplate(parsed: ParsedTemplate, ctx: WorkloadContext, routingArg = firstKeyIndex(parsed.command)): Emitter {
  const writers = parsed.args.map((arg, i) => compileArg(arg, i === 0 ? parsed.command : null, ctx, i === routingArg));
  return new CompiledCommand(parsed.command, writers, ctx);
}

/** `$n\r\n<bytes>\r\n`: a literal argument encoded once, at compile time. */
export function bulkBytes(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF]);
}

const CRLF = Buffer.from('\r\n', 'latin1');

/** The argument index of a command's first key when it is a fixed one (SET: 1), else -1. */
function firstKeyIndex(command: string): number {
  const spec = commandSpec(command.toUpperCase());
  return spec !== null && spec.firstKey > 0 ? spec.firstKey : -1;
}

class CompiledCommand implements Emitter {
  readonly argc: number;
  /** `*argc` and every leading literal argument (the command name at least), pre-encoded. */
  private readonly head: Buffer;
  /** Writers of the arguments after the pre-encoded head. */
  private readonly rest: ArgWriter[];

  constructor(
    readonly name: string,
    writers: ArgWriter[],
    private readonly ctx: WorkloadContext,
  ) {
    this.argc = writers.length;
    let lead = 0;
    while (lead < writers.length && writers[lead] instanceof LiteralArg) lead++;
    const parts: Buffer[] = [Buffer.from(`*${writers.length}\r\n`, 'latin1')];
    for (let i = 0; i < lead; i++) parts.push((writers[i] as LiteralArg).encoded);
    this.head = Buffer.concat(parts);
    this.rest = writers.slice(lead);
  }

  emit(enc: ArgSink): void {
    this.ctx.tagScope.reset();
    this.emitInScope(enc);
  }

  emitInScope(enc: ArgSink): void {
    const writers = this.rest;
    enc.raw(this.head);
    for (let i = 0; i < writers.length; i++) writers[i]!.write(enc);
  }
}

/** `firstKey`: the argument is the command's first key, written with argKey when generated. */
function compileArg(arg: TemplateArg, commandName: string | null, ctx: WorkloadContext, firstKey: boolean): ArgWriter {
  // The parser keeps the name as typed; the command goes out upper-cased.
  if (commandName !== null) return new LiteralArg(Buffer.from(commandName, 'utf8'));
  const parts = arg.parts;
  if (parts.every((p) => p.kind === 'literal')) {
    return new LiteralArg(Buffer.from(parts.map((p) => (p.kind === 'literal' ? p.text : '')).join(''), 'utf8'));
  }
  if (parts.length === 1) {
    const p = parts[0]!;
    switch (p.kind) {
      case 'key':
        return firstKey ? new FirstKeyArg(ctx.keyspace(p.space)) : new KeyArg(ctx.keyspace(p.space));
      case 'value':
        return new ValueArg(ctx.values);
      case 'int':
        return new IntArg(ctx.rng, p.min, p.max);
      case 'seq':
        return new SeqArg(ctx);
      case 'now':
        return new NowArg(ctx.clockUs);
      case 'field':
        return new MemberArg(ctx.fields);
      case 'member':
        return new MemberArg(ctx.members);
      default:
        break; // floats are formatted in a scratch buffer like mixed arguments
    }
  }
  return compileComposed(parts, ctx, firstKey);
}

class LiteralArg implements ArgWriter {
  readonly encoded: Buffer;
  constructor(bytes: Buffer) {
    this.encoded = bulkBytes(bytes);
  }
  write(enc: ArgSink): void {
    enc.raw(this.encoded);
  }
}

class KeyArg implements ArgWriter {
  constructor(private readonly space: Keyspace) {}
  write(enc: ArgSink): void {
    this.space.writeNext(enc);
  }
}

class FirstKeyArg implements ArgWriter {
  constructor(private readonly space: Keyspace) {}
  write(enc: ArgSink): void {
    this.space.writeFirstKey(enc);
  }
}

class ValueArg implements ArgWriter {
  constructor(private readonly values: ValueGenerator) {}
  write(enc: ArgSink): void {
    this.values.write(enc);
  }
}

class IntArg implements ArgWriter {
  private readonly span: number;
  constructor(
    private readonly rng: Rng,
    private readonly min: number,
    max: number,
  ) {
    this.span = max - min + 1;
  }
  write(enc: ArgSink): void {
    enc.argNumber(this.min + Math.floor(this.rng.next() * this.span));
  }
}

class SeqArg implements ArgWriter {
  constructor(private readonly ctx: WorkloadContext) {}
  write(enc: ArgSink): void {
    enc.argNumber(this.ctx.seq.next());
  }
}

class NowArg implements ArgWriter {
  constructor(private readonly clockUs: () => number) {}
  write(enc: ArgSink): void {
    enc.argNumber(Math.floor(this.clockUs() / 1000));
  }
}

class MemberArg implements ArgWriter {
  constructor(private readonly space: MemberSpace) {}
  write(enc: ArgSink): void {
    this.space.writeNext(enc);
  }
}

/** Part codes for the composed-argument loop: one switch instead of megamorphic calls. */
const enum Part {
  Literal,
  Key,
  Value,
  Int,
  Float,
  Seq,
  Now,
  Field,
  Member,
}

interface ComposedPart {
  code: Part;
  bytes: Buffer | null;
  space: Keyspace | null;
  min: number;
  max: number;
}

function compileComposed(parts: TemplatePart[], ctx: WorkloadContext, firstKey: boolean): ArgWriter {
  // Leading literal text is written into the scratch once and kept as its head.
  let first = 0;
  let head = '';
  while (first < parts.length && parts[first]!.kind === 'literal') {
    const p = parts[first]!;
    if (p.kind === 'literal') head += p.text;
    first++;
  }
  const headBytes = Buffer.from(head, 'utf8');
  let capacity = headBytes.length;
  const compiled: ComposedPart[] = [];
  for (const p of parts.slice(first)) {
    const c: ComposedPart = { code: Part.Literal, bytes: null, space: null, min: 0, max: 0 };
    switch (p.kind) {
      case 'literal':
        c.bytes = Buffer.from(p.text, 'utf8');
        capacity += c.bytes.length;
        break;
      case 'key':
        c.code = Part.Key;
        c.space = ctx.keyspace(p.space);
        capacity += c.space.prefixBytes.length + 2 * MAX_INT_DIGITS + 3;
        break;
      case 'value':
        c.code = Part.Value;
        capacity += Math.max(ctx.values.maxSize, TIMESTAMP_HEADER_BYTES);
        break;
      case 'int':
      case 'float':
        c.code = p.kind === 'int' ? Part.Int : Part.Float;
        c.min = p.min;
        c.max = p.max;
        capacity += MAX_INT_DIGITS + FLOAT_DECIMALS + 2;
        break;
      case 'seq':
      case 'now':
        c.code = p.kind === 'seq' ? Part.Seq : Part.Now;
        capacity += MAX_INT_DIGITS;
        break;
      case 'field':
      case 'member':
        c.code = p.kind === 'field' ? Part.Field : Part.Member;
        capacity += (p.kind === 'field' ? ctx.fields : ctx.members).prefixBytes.length + MAX_INT_DIGITS;
        break;
    }
    compiled.push(c);
  }
  return new ComposedArg(new ArgScratch(capacity, headBytes), compiled, ctx, firstKey);
}

class ComposedArg implements ArgWriter {
  constructor(
    private readonly scratch: ArgScratch,
    private readonly parts: ComposedPart[],
    private readonly ctx: WorkloadContext,
    private readonly firstKey: boolean,
  ) {}

  write(enc: ArgSink): void {
    const s = this.scratch;
    const ctx = this.ctx;
    s.begin();
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i]!;
      switch (p.code) {
        case Part.Literal:
          s.bytes(p.bytes!);
          break;
        case Part.Key:
          p.space!.appendKey(s, p.space!.draw());
          break;
        case Part.Value:
          ctx.values.append(s);
          break;
        case Part.Int:
          s.pos = writeInt(s.buf, s.pos, p.min + Math.floor(ctx.rng.next() * (p.max - p.min + 1)));
          break;
        case Part.Float:
          s.pos = writeFixed(s.buf, s.pos, p.min + ctx.rng.next() * (p.max - p.min), FLOAT_DECIMALS);
          break;
        case Part.Seq:
          s.pos = writeInt(s.buf, s.pos, ctx.seq.next());
          break;
        case Part.Now:
          s.pos = writeInt(s.buf, s.pos, Math.floor(ctx.clockUs() / 1000));
          break;
        case Part.Field:
          ctx.fields.appendNext(s);
          break;
        case Part.Member:
          ctx.members.appendNext(s);
          break;
      }
    }
    if (this.firstKey && ctx.tagScope.singleCommand) s.flushKey(enc);
    else s.flush(enc);
  }
}
