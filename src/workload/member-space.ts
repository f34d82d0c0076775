/**
 * `{field}` and `{member}`: names drawn from their own cardinality (a hash's fields, a sorted
 * set's members), independent of how many keys there are. Written as prefix + index.
 */
import type { ArgSink } from './arg-sink.js';
import { ArgScratch } from './arg-scratch.js';
import { MAX_INT_DIGITS, writeUint } from '../shared/digits.js';
import { createDistribution, type DistributionOptions, type IndexDistribution } from './distributions.js';
import type { Rng } from './rng.js';

export interface MemberSpaceOptions {
  /** Number of distinct names. */
  cardinality: number;
  distribution: DistributionOptions;
  /** Text before the index; defaults to "field:" for fields and "member:" for members. */
  prefix?: string;
}

export class MemberSpace {
  readonly prefixBytes: Buffer;
  private readonly distribution: IndexDistribution;
  private readonly scratch: ArgScratch;

  constructor(options: MemberSpaceOptions, defaultPrefix: string, rng: Rng) {
    this.prefixBytes = Buffer.from(options.prefix ?? defaultPrefix, 'utf8');
    this.distribution = createDistribution(options.distribution, options.cardinality, rng);
    this.scratch = new ArgScratch(this.prefixBytes.length + MAX_INT_DIGITS, this.prefixBytes);
  }

  /** Draws a name and writes it as a whole argument. */
  writeNext(enc: ArgSink): void {
    const s = this.scratch;
    s.begin();
    s.pos = writeUint(s.buf, s.pos, this.distribution.next());
    s.flush(enc);
  }

  /** Draws a name and appends it to a mixed argument. */
  appendNext(scratch: ArgScratch): void {
    scratch.bytes(this.prefixBytes);
    scratch.pos = writeUint(scratch.buf, scratch.pos, this.distribution.next());
  }
}
