/**
 * Index distributions: each draws an index in [0, n) for keys, fields or members. Draws are
 * O(1), allocation-free, and use only the Rng they were given, so a stream is reproducible.
 */
import type { Rng } from './rng.js';

/** Something that draws an index in [0, n). */
export interface IndexDistribution {
  readonly n: number;
  next(): number;
}

/**
 * How indexes are drawn. The names are the scenario's and the Plan's; every parameter is given,
 * because the defaults live in one place only (PLAN_DEFAULTS, which the docs quote).
 */
export type DistributionOptions =
  | { kind: 'uniform' }
  /** 0, 1, 2, ... wrapping at n; `start` (default 0) lets workers begin at different points. */
  | { kind: 'sequential'; start?: number }
  /** P(rank k) ∝ 1/k^exponent; index 0 is the hottest. */
  | { kind: 'zipf'; exponent: number }
  /** Normal around `mean` with `stddev` (both fractions of n), clamped into range. */
  | { kind: 'gaussian'; mean: number; stddev: number }
  /** The first hotKeys (fraction) of indexes receive hotTraffic (fraction) of the draws. */
  | { kind: 'hotspot'; hotKeys: number; hotTraffic: number };

export type DistributionKind = DistributionOptions['kind'];

/** Builds a distribution over [0, n); n must be a positive integer. */
export function createDistribution(options: DistributionOptions, n: number, rng: Rng): IndexDistribution {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a distribution needs n >= 1, got ${n}`);
  switch (options.kind) {
    case 'uniform':
      return new UniformDistribution(n, rng);
    case 'sequential':
      return new SequentialDistribution(n, options.start ?? 0);
    case 'zipf':
      return new ZipfDistribution(n, options.exponent, rng);
    case 'gaussian':
      return new GaussianDistribution(n, options.mean, options.stddev, rng);
    case 'hotspot':
      return new HotspotDistribution(n, options.hotKeys, options.hotTraffic, rng);
  }
}

/** Every index equally likely. */
export class UniformDistribution implements IndexDistribution {
  constructor(
    readonly n: number,
    private readonly rng: Rng,
  ) {}
  next(): number {
    return Math.floor(this.rng.next() * this.n);
  }
}

/** A per-generator counter that wraps at n; it needs no randomness. */
export class SequentialDistribution implements IndexDistribution {
  private i: number;
  constructor(
    readonly n: number,
    start: number,
  ) {
    this.i = ((Math.floor(start) % n) + n) % n;
  }
  next(): number {
    const v = this.i;
    this.i = v + 1 === this.n ? 0 : v + 1;
    return v;
  }
}

/**
 * Zipf by rejection-inversion (Hörmann & Derflinger 1996, as in Apache Commons RNG): O(1)
 * expected per draw and no table, so a 100M-key keyspace costs no memory. Expected rejections
 * are well under one per draw for the exponents used in caching workloads.
 */
export class ZipfDistribution implements IndexDistribution {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly s: number;

  constructor(
    readonly n: number,
    private readonly exponent: number,
    private readonly rng: Rng,
  ) {
    if (!(exponent > 0)) throw new RangeError(`zipf exponent must be > 0, got ${exponent}`);
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  next(): number {
    for (;;) {
      const u = this.hIntegralN + this.rng.next() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.s || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.exponent * Math.log(x));
  }

  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.exponent) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1; // rounding can push t just below -1, where log1p is undefined
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x)/x, stable near 0 (where exponent ≈ 1 makes the plain formula 0/0). */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, stable near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/** Normal around a centre, clamped into range; Box-Muller keeping the spare draw. */
export class GaussianDistribution implements IndexDistribution {
  private readonly mean: number;
  private readonly sd: number;
  private spare = 0;
  private hasSpare = false;

  constructor(
    readonly n: number,
    meanFraction: number,
    stddevFraction: number,
    private readonly rng: Rng,
  ) {
    if (!(stddevFraction > 0)) throw new RangeError(`gaussian stddev must be > 0, got ${stddevFraction}`);
    this.mean = meanFraction * n;
    this.sd = stddevFraction * n;
  }

  next(): number {
    let z: number;
    if (this.hasSpare) {
      this.hasSpare = false;
      z = this.spare;
    } else {
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - this.rng.next()));
      const theta = 2 * Math.PI * this.rng.next();
      z = r * Math.cos(theta);
      this.spare = r * Math.sin(theta);
      this.hasSpare = true;
    }
    const i = Math.floor(this.mean + z * this.sd);
    return i < 0 ? 0 : i >= this.n ? this.n - 1 : i;
  }
}

/** A hot set at the start of the range takes a fixed share of the draws; the rest share the remainder. */
export class HotspotDistribution implements IndexDistribution {
  private readonly hotCount: number;

  constructor(
    readonly n: number,
    hotKeys: number,
    private readonly hotTraffic: number,
    private readonly rng: Rng,
  ) {
    if (!(hotKeys > 0 && hotKeys <= 1)) throw new RangeError(`hotspot hotKeys must be in (0, 1], got ${hotKeys}`);
    if (!(hotTraffic >= 0 && hotTraffic <= 1)) throw new RangeError(`hotspot hotTraffic must be in [0, 1], got ${hotTraffic}`);
    this.hotCount = Math.min(n, Math.max(1, Math.round(n * hotKeys)));
  }

  next(): number {
    const cold = this.n - this.hotCount;
    if (cold === 0 || this.rng.next() < this.hotTraffic) return Math.floor(this.rng.next() * this.hotCount);
    return this.hotCount + Math.floor(this.rng.next() * cold);
  }
}
