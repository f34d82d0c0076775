/**
 * A small, fast, seeded PRNG. Workload generation must be reproducible (same seed, same command
 * bytes) and must not allocate, so the state is four plain 32-bit numbers on the object rather
 * than a typed array: V8 keeps them unboxed as small integers / doubles and the draw is a handful
 * of integer ops.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator), 128-bit state, passes
 * PractRand; plenty for load generation, not for cryptography.
 */

/** The 32-bit mixing step of splitmix32 / murmur3's finaliser: spreads nearby seeds far apart. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A seed for one worker's (and optionally one connection's) stream, so that streams differ per
 * worker yet the whole run is reproducible from one scenario seed.
 */
export function deriveSeed(seed: number, workerIndex: number, connectionIndex = 0): number {
  let h = mix32(seed >>> 0);
  h = mix32(h ^ Math.imul(workerIndex + 1, 0x27d4eb2d));
  h = mix32(h ^ Math.imul(connectionIndex + 1, 0x165667b1));
  return h;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the generator; any 32-bit integer (negative and large values are folded in). */
  constructor(seed: number) {
    // Spread the seed over the state, then discard the first outputs as sfc32 recommends.
    this.a = mix32(seed >>> 0);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
