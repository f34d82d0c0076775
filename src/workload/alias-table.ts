/**
 * Walker/Vose alias method: after O(n) set-up, a weighted choice among n entries costs one
 * random draw and two array reads, whatever the weights.
 */
import type { Rng } from './rng.js';

export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  /** Builds the table; weights must be finite, non-negative and not all zero. */
  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError('a weighted choice needs at least one entry');
    let total = 0;
    for (const w of weights) {
      if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError('at least one weight must be above zero');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** Draws an entry index with probability proportional to its weight. */
  pick(rng: Rng): number {
    const x = rng.next() * this.size;
    const i = Math.floor(x);
    return x - i < this.prob[i]! ? i : this.alias[i]!;
  }
}
