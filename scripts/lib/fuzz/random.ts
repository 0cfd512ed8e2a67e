/**
 * The fuzzer's one source of randomness: a seeded xoroshiro128+ generator
 * (pure-rand) behind fast-check's mutable `Random`, so that plain choices
 * (integers, picks, bytes) and fast-check arbitraries (values of random
 * shapes, values.ts) draw from the same stream. The same seed gives the
 * same sequence of draws, hence the same frames.
 */
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** fast-check's bias towards small and edge values (0, -1, MAX_SAFE_INTEGER, '' ...): 1 in this many draws. */
const BIAS = 4;

/** A seeded random stream. */
export class Rng {
  private readonly random: fc.Random;

  /** @param seed any 32-bit integer; the same seed gives the same stream */
  constructor(seed: number) {
    this.random = new fc.Random(xoroshiro128plus(seed));
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return this.random.nextInt(min, max);
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.random.nextInt(0, 999_999) < p * 1_000_000;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /**
   * One key of `weights`, with probability proportional to its weight.
   * @param weights non-negative weights, at least one positive
   */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = (this.random.nextInt(0, 0x7fffffff) / 0x80000000) * total;
    for (const [key, w] of entries) {
      if (x < w) return key;
      x -= w;
    }
    return entries.filter(([, w]) => w > 0).pop()![0];
  }

  /**
   * A length in [0, max], skewed towards short: uniform below 64 most of the
   * time, sometimes up to `max` (large frames are rarer than small ones).
   */
  size(max: number): number {
    return this.chance(0.85) ? this.int(0, Math.min(64, max)) : this.int(0, max);
  }

  /** `n` random bytes. */
  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) out.writeInt32LE(this.random.nextInt(-0x80000000, 0x7fffffff), i);
    for (; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** A value drawn from a fast-check arbitrary, with fast-check's bias to edge cases. */
  draw<T>(arb: fc.Arbitrary<T>): T {
    return arb.generate(this.random, BIAS).value;
  }
}
