/**
 * Everything a compiled template draws from, for one worker (or one connection): the random
 * stream, key spaces, field/member spaces, the value generator, the `{seq}` counter and the
 * clock. Built from plain options that the lead maps from the Plan.
 */
import { DEFAULT_TAG_GROUPS, effectiveTagGroups, Keyspace, TagScope, type KeyspaceOptions } from './keyspace.js';
import { MemberSpace, type MemberSpaceOptions } from './member-space.js';
import { deriveSeed, Rng } from './rng.js';
import { ValueGenerator, wallClockUs, type ValueOptions } from './values.js';

export interface WorkloadOptions {
  /** The run's seed; each worker's stream is derived from it. */
  seed: number;
  workerIndex: number;
  workerCount: number;
  /** Set when contexts are per connection rather than per worker; default 0. */
  connectionIndex?: number;
  /** Key spaces; `name: null` is the main one used by `{key}`. */
  keyspaces: KeyspaceOptions[];
  /** Hash-tag group count G for hashtag key spaces (default 1024; see keyspace.ts). */
  hashtagGroups?: number;
  fields?: MemberSpaceOptions;
  members?: MemberSpaceOptions;
  value: ValueOptions;
  /** Unix-epoch microseconds, for `{now}` and timestamped values; tests pass a fake. */
  clockUs?: () => number;
  /** Share one counter between the contexts of a worker; by default each context has its own. */
  seq?: SeqCounter;
}

/**
 * `{seq}`: workerIndex, workerIndex + workerCount, ... so workers never produce the same number
 * and together they cover 0, 1, 2, ... without coordination.
 */
export class SeqCounter {
  private k: number;
  constructor(
    workerIndex: number,
    private readonly workerCount: number,
  ) {
    this.k = workerIndex;
  }
  /** The next number in this worker's share of the sequence. */
  next(): number {
    const v = this.k;
    this.k += this.workerCount;
    return v;
  }
}

const DEFAULT_CARDINALITY: MemberSpaceOptions = { cardinality: 1000, distribution: { kind: 'uniform' } };

export class WorkloadContext {
  readonly rng: Rng;
  readonly tagScope = new TagScope();
  readonly tagGroups: number;
  readonly values: ValueGenerator;
  readonly fields: MemberSpace;
  readonly members: MemberSpace;
  readonly seq: SeqCounter;
  readonly clockUs: () => number;
  private readonly keyspaces = new Map<string | null, Keyspace>();

  constructor(options: WorkloadOptions) {
    this.rng = new Rng(deriveSeed(options.seed, options.workerIndex, options.connectionIndex ?? 0));
    this.clockUs = options.clockUs ?? wallClockUs;
    this.tagGroups = effectiveTagGroups(options.hashtagGroups ?? DEFAULT_TAG_GROUPS, options.keyspaces);
    for (const k of options.keyspaces) {
      if (this.keyspaces.has(k.name)) throw new RangeError(`key space ${k.name ?? '(main)'} is defined twice`);
      // Sequential access starts each worker at its own share of the key space, so workers
      // filling keys in order do not all write the same keys.
      const distribution =
        k.distribution.kind === 'sequential' && k.distribution.start === undefined
          ? { kind: 'sequential' as const, start: Math.floor((k.keys * options.workerIndex) / options.workerCount) }
          : k.distribution;
      this.keyspaces.set(k.name, new Keyspace({ ...k, distribution }, this.rng, this.tagGroups, this.tagScope));
    }
    this.fields = new MemberSpace(options.fields ?? DEFAULT_CARDINALITY, 'field:', this.rng);
    this.members = new MemberSpace(options.members ?? DEFAULT_CARDINALITY, 'member:', this.rng);
    this.values = new ValueGenerator(options.value, this.rng, this.clockUs);
    this.seq = options.seq ?? new SeqCounter(options.workerIndex, options.workerCount);
  }

  /** The key space a `{key}` (null) or `{key:NAME}` placeholder refers to. */
  keyspace(name: string | null): Keyspace {
    const k = this.keyspaces.get(name);
    if (k === undefined) {
      const known = [...this.keyspaces.keys()].map((n) => n ?? '(main)').join(', ');
      throw new RangeError(`no key space ${name === null ? '(main)' : `"${name}"`} (known: ${known || 'none'})`);
    }
    return k;
  }
}

/** Builds a worker's workload context. */
export function createWorkloadContext(options: WorkloadOptions): WorkloadContext {
  return new WorkloadContext(options);
}
