/**
 * CPython's `random.Random` for int seeds: the MT19937 generator seeded by
 * init_by_array with the seed's 32-bit words, `getrandbits`, `_randbelow`
 * and `sample`, so Salt's seeded random_sample/random_shuffle give Python's
 * exact picks.
 */
import { PyError } from '../runtime/values';

const N = 624;
const M = 397;

/** A Mersenne Twister seeded as CPython's `random.Random(seed)` for an int. */
export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  /** @param seed a non-negative safe integer (CPython takes abs() first) */
  constructor(seed: number) {
    const key: number[] = [];
    let n = BigInt(Math.abs(seed));
    do {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = (this.mt[i - 1] as number) ^ ((this.mt[i - 1] as number) >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = (this.mt[i - 1] as number) ^ ((this.mt[i - 1] as number) >>> 30);
      this.mt[i] = (((this.mt[i] as number) ^ Math.imul(prev, 1664525)) + (key[j] as number) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = (this.mt[i - 1] as number) ^ ((this.mt[i - 1] as number) >>> 30);
      this.mt[i] = (((this.mt[i] as number) ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1] as number;
        i = 1;
      }
    }
    this.mt[0] = 0x80000000;
  }

  /** genrand_uint32: the next 32 random bits. */
  private next(): number {
    if (this.mti >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = ((this.mt[kk] as number) & 0x80000000) | ((this.mt[(kk + 1) % N] as number) & 0x7fffffff);
        this.mt[kk] = ((this.mt[(kk + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.mti = 0;
    }
    let y = this.mt[this.mti++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `getrandbits(k)` for 1 <= k <= 32. */
  private getrandbits(k: number): number {
    return this.next() >>> (32 - k);
  }

  /** `_randbelow(n)`: an int in [0, n) by rejection on n.bit_length() bits (n < 2**32). */
  randbelow(n: number): number {
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /**
   * `sample(population, k)`: k distinct picks, by CPython's pool or set method.
   * @throws PyError ValueError `Sample larger than population or is negative`
   */
  sample(population: readonly unknown[], k: number): unknown[] {
    const n = population.length;
    if (!(k >= 0 && k <= n)) throw new PyError('ValueError', 'Sample larger than population or is negative');
    const result: unknown[] = [];
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool = [...population];
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result.push(pool[j]);
        pool[j] = pool[n - i - 1];
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result.push(population[j]);
      }
    }
    return result;
  }
}
