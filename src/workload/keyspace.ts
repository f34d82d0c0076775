/**
 * Key spaces: a key index i becomes the key name `prefix + i`, or with hashtags
 * `prefix + "{" + g + "}:" + i` where g = i mod G (G = the run's hash-tag group count).
 *
 * Why the tag is only `{g}`, without the prefix: Redis Cluster hashes only the text inside the
 * braces, so `user:{7}:1031` and `session:{7}:42` land in the same slot even though they belong
 * to different key spaces. A multi-key command (MSET {key} {value} {key} {value}, or
 * SMOVE {key} {key:dest} {member}) opens a TagScope; the first key it draws fixes g, and every
 * later key in the same command (or MULTI/EXEC block) is snapped to the nearest index with that
 * group: j' = j - (j mod G) + g, minus G if that falls off the end. The key count of each space
 * stays exact and the distribution moves by less than G positions. G is capped at the smallest
 * hashtag key space so a snapped index always exists.
 */
import type { ArgSink, SlotMemo } from './arg-sink.js';
import { ArgScratch } from './arg-scratch.js';
import { MAX_INT_DIGITS, writeUint } from '../shared/digits.js';
import { createDistribution, type DistributionOptions, type IndexDistribution } from './distributions.js';
import type { Rng } from './rng.js';

/** One key space as the Plan describes it. */
export interface KeyspaceOptions {
  /** null is the main key space (`{key}`); a name is `{key:NAME}`. */
  name: string | null;
  /** Text before the index, e.g. "key:" (may be empty). */
  prefix: string;
  /** Number of distinct keys, indexes 0..keys-1. */
  keys: number;
  distribution: DistributionOptions;
  /** Give keys a `{g}` hash tag so multi-key commands stay in one cluster slot. */
  hashtag?: boolean;
}

/**
 * Per-command (or per MULTI/EXEC block) key state: the hash-tag group chosen by the first key,
 * and inside a block the keys drawn so far, so that the Nth `{key}` of every command in the
 * block is the same key (`INCR {key}` then `EXPIRE {key} 60` touch one key).
 */
export class TagScope {
  group = -1;
  /**
   * The entry being written is one command, so its first key may be written with argKey (a
   * cluster router sends the command straight to that key's node). False for several commands
   * written back to back and for MULTI/EXEC blocks, which a router reads back whole.
   */
  singleCommand = true;
  private inBlock = false;
  private readonly drawn = new Map<Keyspace, number[]>();
  private readonly ordinals = new Map<Keyspace, number>();

  /** Called at the start of each command (or entry of `commands` commands, or MULTI/EXEC block). */
  reset(commands = 1): void {
    this.group = -1;
    this.inBlock = false;
    this.singleCommand = commands === 1;
  }

  /** Starts a MULTI/EXEC block: keys are remembered by their position in each command. */
  beginBlock(): void {
    this.group = -1;
    this.inBlock = true;
    this.singleCommand = false;
    for (const list of this.drawn.values()) list.length = 0;
    this.ordinals.clear();
  }

  /** Called before each command of a block. */
  nextCommand(): void {
    this.ordinals.clear();
  }

  /** Inside a block: the key index this position already has, or -1. */
  recall(space: Keyspace): number {
    if (!this.inBlock) return -1;
    const ordinal = this.ordinals.get(space) ?? 0;
    return this.drawn.get(space)?.[ordinal] ?? -1;
  }

  /** Inside a block: remembers the key index drawn at this position and moves to the next. */
  remember(space: Keyspace, index: number): void {
    if (!this.inBlock) return;
    const ordinal = this.ordinals.get(space) ?? 0;
    let list = this.drawn.get(space);
    if (list === undefined) this.drawn.set(space, (list = []));
    if (ordinal >= list.length) list.push(index);
    this.ordinals.set(space, ordinal + 1);
  }
}

/**
 * Key spaces up to this size keep their keys' cluster slots (2 MB at most per key space and
 * worker): a key's CRC16 was 48 ns of the router's ~1.2 us per command.
 */
export const MAX_SLOT_MEMO_KEYS = 1 << 20;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;

export class Keyspace {
  readonly name: string | null;
  readonly keys: number;
  readonly hashtag: boolean;
  readonly prefixBytes: Buffer;
  private readonly distribution: IndexDistribution;
  /** Holds the prefix once; only the tag and digits are written per key. */
  private readonly scratch: ArgScratch;
  /** Each key's cluster slot, made on the first key written to a router (key spaces up to MAX_SLOT_MEMO_KEYS). */
  private slotMemo: SlotMemo | undefined;

  /** `groups` is the run's hash-tag group count G (ignored without hashtags). */
  constructor(
    options: KeyspaceOptions,
    rng: Rng,
    private readonly groups: number,
    private readonly scope: TagScope,
  ) {
    this.name = options.name;
    this.keys = options.keys;
    this.hashtag = options.hashtag === true;
    this.distribution = createDistribution(options.distribution, options.keys, rng);
    this.prefixBytes = Buffer.from(options.prefix, 'utf8');
    this.scratch = new ArgScratch(this.prefixBytes.length + 2 * MAX_INT_DIGITS + 3, this.prefixBytes);
  }

  /** Draws the next key index, snapped to the command's hash-tag group when hashtags are on. */
  draw(): number {
    const recalled = this.scope.recall(this);
    if (recalled >= 0) {
      this.scope.remember(this, recalled);
      return recalled;
    }
    const i = this.drawFresh();
    this.scope.remember(this, i);
    return i;
  }

  private drawFresh(): number {
    const i = this.distribution.next();
    if (!this.hashtag) return i;
    const g = this.groups;
    const scope = this.scope;
    if (scope.group < 0) {
      scope.group = i % g;
      return i;
    }
    let j = i - (i % g) + scope.group;
    if (j >= this.keys) j -= g;
    return j;
  }

  /** Appends the name of key `index` to a scratch argument (for mixed arguments like `x{key}`). */
  appendKey(scratch: ArgScratch, index: number): void {
    scratch.bytes(this.prefixBytes);
    this.appendTail(scratch, index);
  }

  /** Draws a key and writes it as one whole argument, with no allocation. */
  writeNext(enc: ArgSink): void {
    const s = this.scratch;
    s.begin();
    this.appendTail(s, this.draw());
    s.flush(enc);
  }

  /** Like writeNext, for the command's first key: argKey when the entry is one command (see TagScope). */
  writeFirstKey(enc: ArgSink): void {
    const s = this.scratch;
    s.begin();
    const index = this.draw();
    this.appendTail(s, index);
    if (!this.scope.singleCommand) s.flush(enc);
    else if (enc.routesByKey === true) s.flushKey(enc, this.slotMemo ?? this.makeSlotMemo(), index);
    else s.flushKey(enc);
  }

  /** The slot memo, or undefined for a key space too large to keep one (2 bytes a key). */
  private makeSlotMemo(): SlotMemo | undefined {
    if (this.keys > MAX_SLOT_MEMO_KEYS) return undefined;
    this.slotMemo = new Int16Array(this.keys).fill(-1);
    return this.slotMemo;
  }

  /** The key name for an index, as a string: for tests, preloading and drills, not hot paths. */
  keyName(index: number): string {
    const s = new ArgScratch(this.prefixBytes.length + 2 * MAX_INT_DIGITS + 3, this.prefixBytes);
    this.appendTail(s, index);
    return s.buf.toString('utf8', 0, s.pos);
  }

  private appendTail(s: ArgScratch, index: number): void {
    const buf = s.buf;
    let p = s.pos;
    if (this.hashtag) {
      buf[p++] = OPEN_BRACE;
      p = writeUint(buf, p, index % this.groups);
      buf[p++] = CLOSE_BRACE;
      buf[p++] = COLON;
    }
    s.pos = writeUint(buf, p, index);
  }
}

/** The hash-tag group count G a worker asks for unless told otherwise. */
export const DEFAULT_TAG_GROUPS = 1024;

/** The hash-tag group count actually used: the requested G, capped by the smallest hashtag space. */
export function effectiveTagGroups(requested: number, keyspaces: readonly KeyspaceOptions[]): number {
  let g = Math.max(1, Math.floor(requested));
  for (const k of keyspaces) if (k.hashtag === true) g = Math.min(g, k.keys);
  return g;
}
